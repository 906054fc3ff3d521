package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"flashback"
)

// An erratum's date mark shows to the editor, escaped, and the event form,
// which carries it, keeps it through a save.
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
	wantContains(t, body, "Disputed date: Diaries &lt;b&gt;differ&lt;/b&gt;. Reference: Smith (1990)")
	form := url.Values{"headline": {"Iron Curtain speech"}, "category": {flashback.CategoryHistory}, "summary": {"Churchill speaks at Fulton."},
		"year": {"1946"}, "month": {"3"}, "day": {"5"}, "precision": {"day"}, "calendar": {"gregorian"}, "action": {"save"},
		"mark": {"disputed"}, "mark_reason": {"Diaries <b>differ</b>."}, "mark_reference": {"Smith (1990)"}}
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

// An editor marks a date, changes the mark and clears it; each change is a
// revision, and a mark without its reason or of an unknown kind is refused
// with the form kept.
func TestEditorMarksDate(t *testing.T) {
	s := newSite(t)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	e := &flashback.Event{Date: flashback.HistDate{Year: 753, Month: time.April, Day: 21}, Category: flashback.CategoryHistory,
		Headline: "Rome is founded", Summary: "Romulus founds Rome.", Published: true}
	if err := s.events.CreateEvent(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/admin/events/%d", e.ID)
	form := func(mark, reason, ref string) url.Values {
		return url.Values{"headline": {e.Headline}, "category": {e.Category}, "summary": {e.Summary},
			"year": {"753"}, "month": {"4"}, "day": {"21"}, "precision": {"day"}, "calendar": {"julian"}, "action": {"save"},
			"mark": {mark}, "mark_reason": {reason}, "mark_reference": {ref}}
	}
	tests := []struct {
		name       string
		form       url.Values
		wantStatus int
		want       flashback.DateMark
		wantText   string
	}{
		{"MarkTraditional", form("traditional", "Varro's reckoning of the legend.", "Livy, Ab Urbe Condita 1.7"), http.StatusSeeOther,
			flashback.DateMark{Kind: flashback.DateTraditional, Reason: "Varro's reckoning of the legend.", Reference: "Livy, Ab Urbe Condita 1.7"}, ""},
		{"ReasonRequired", form("disputed", "", ""), http.StatusBadRequest,
			flashback.DateMark{Kind: flashback.DateTraditional, Reason: "Varro's reckoning of the legend.", Reference: "Livy, Ab Urbe Condita 1.7"},
			"Say why the date is marked"},
		{"UnknownKind", form("legendary", "A legend.", ""), http.StatusBadRequest,
			flashback.DateMark{Kind: flashback.DateTraditional, Reason: "Varro's reckoning of the legend.", Reference: "Livy, Ab Urbe Condita 1.7"},
			"Unknown date mark"},
		{"Clear", form("", "", ""), http.StatusSeeOther, flashback.DateMark{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, body := b.send(path, path, tc.form)
			wantStatus(t, res, body, tc.wantStatus)
			if tc.wantText != "" {
				wantContains(t, body, tc.wantText)
			}
			got, err := s.events.FindEventByID(t.Context(), e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.DateMark != tc.want {
				t.Errorf("stored mark %+v, want %+v", got.DateMark, tc.want)
			}
		})
	}
	revs, err := s.desk.Revisions(t.Context(), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	marks := 0
	for _, r := range revs {
		for _, c := range r.Changes {
			if c.Field == "date mark" {
				marks++
			}
		}
	}
	if marks != 2 {
		t.Errorf("%d revisions record a date mark change, want 2 (marked, cleared)", marks)
	}
}
