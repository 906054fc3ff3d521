package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"flashback"
)

// An erratum's date mark shows to the editor, escaped, and survives a save
// of the event form, which does not edit it.
func TestEventKeepsDateMark(t *testing.T) {
	s := newSite(t)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	e := &flashback.Event{Date: flashback.HistDate{Year: 1946, Month: time.March, Day: 5}, Category: flashback.CategoryHistory,
		Headline: "Iron Curtain speech", Summary: "Churchill speaks.", Published: true,
		DateMark: flashback.DateMark{Kind: flashback.DateDisputed, Reason: "Diaries <b>differ</b>.", Reference: "Smith (1990)"}}
	if err := s.events.CreateEvent(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/admin/events/%d", e.ID)
	res, body := b.get(path)
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, "Disputed date (from the corpus errata): Diaries &lt;b&gt;differ&lt;/b&gt;. Reference: Smith (1990)")
	form := url.Values{"headline": {"Iron Curtain speech"}, "category": {flashback.CategoryHistory}, "summary": {"Churchill speaks at Fulton."},
		"year": {"1946"}, "month": {"3"}, "day": {"5"}, "precision": {"day"}, "calendar": {"gregorian"}, "action": {"save"}}
	res, body = b.send(path, path, form)
	wantStatus(t, res, body, http.StatusSeeOther)
	got, err := s.events.FindEventByID(t.Context(), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Summary != "Churchill speaks at Fulton." || got.DateMark != e.DateMark {
		t.Errorf("after saving: summary %q, mark %+v; want the new summary and the mark kept", got.Summary, got.DateMark)
	}
}
