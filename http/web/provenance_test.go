package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"flashback"
)

// An article says which sources give its date, whether they agree, and
// when an editor last checked it, from the event's conflicts and history.
func TestArticle_Provenance(t *testing.T) {
	s := newSite(t, time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC), time.UTC)
	ctx := context.Background()
	editor := &flashback.User{Email: "ed@example.org", Name: "Ed", Role: flashback.RoleEditor, PasswordHash: "x"}
	if err := s.users.CreateUser(ctx, editor); err != nil {
		t.Fatal(err)
	}
	two := []flashback.Source{{Title: "Almanac"}, {Title: "Chronicle", URL: "https://example.org/c"}}
	conflict := func(t *testing.T, e *flashback.Event) *flashback.Conflict {
		t.Helper()
		c := &flashback.Conflict{EventID: e.ID, StoredDate: e.Date, Reason: "same headline",
			Incoming: flashback.Event{Date: day(1929, time.February, 1), Headline: e.Headline, Category: e.Category,
				Sources: []flashback.Source{{Title: "Gazetteer"}}, Provenance: flashback.Provenance{Importer: "csv"}}}
		if _, err := s.desk.AddConflicts(ctx, []*flashback.Conflict{c}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	resolve := func(t *testing.T, c *flashback.Conflict, status flashback.ConflictStatus) {
		t.Helper()
		err := s.desk.ResolveConflict(ctx, flashback.ConflictResolution{ID: c.ID, Status: status, EditorID: editor.ID})
		if err != nil {
			t.Fatal(err)
		}
	}
	const checked = `An editor last checked this event on <time datetime="2026-03-10">10 March 2026</time>.`
	const unchecked = "No editor has checked it since it was imported."
	tests := []struct {
		name    string
		sources []flashback.Source
		then    func(t *testing.T, e *flashback.Event)
		wants   []string
		bad     []string
	}{
		{"NoSource", nil, nil, []string{"No source is recorded for this date yet.", unchecked}, nil},
		{"OneSource", two[:1], nil, []string{"Date given by one source, not yet confirmed by a second.", unchecked}, nil},
		{"SourcesAgree", two, nil, []string{"Date given by 2 independent sources; they agree.", unchecked}, []string{"disagree"}},
		{"OpenConflict", two, func(t *testing.T, e *flashback.Event) { conflict(t, e) },
			[]string{"Sources disagree: Almanac and Chronicle give 31 January 1929; Gazetteer gives 1 February 1929. Our editors are checking which is right.", unchecked},
			[]string{"they agree"}},
		{"SettledByKeeping", two, func(t *testing.T, e *flashback.Event) { resolve(t, conflict(t, e), flashback.ConflictKept) },
			[]string{"Sources disagreed on the date (31 January 1929 or 1 February 1929); our editors settled it.", checked},
			[]string{unchecked}},
		{"SettledByTaking", two, func(t *testing.T, e *flashback.Event) { resolve(t, conflict(t, e), flashback.ConflictTaken) },
			[]string{"Sources disagreed on the date (31 January 1929 or 1 February 1929); our editors settled it.", checked},
			[]string{unchecked}},
		{"EditedByAnEditor", two, func(t *testing.T, e *flashback.Event) {
			e.Summary = "A better summary."
			if err := s.desk.EditEvent(ctx, flashback.EventEdit{Event: e, EditorID: editor.ID}); err != nil {
				t.Fatal(err)
			}
		}, []string{"Date given by 2 independent sources; they agree.", checked}, []string{unchecked}},
		// Choosing a story to lead a day says nothing about its facts.
		{"OnlyFeatured", two, func(t *testing.T, e *flashback.Event) {
			p := &flashback.FeaturePick{Month: e.Date.Month, Day: e.Date.Day, EventID: e.ID, EditorID: editor.ID}
			if err := s.desk.SetFeaturePick(ctx, p); err != nil {
				t.Fatal(err)
			}
		}, []string{unchecked}, []string{"An editor last checked"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := s.add(flashback.Event{Date: day(1929, time.January, 31), Headline: "Provenance " + tc.name, Sources: tc.sources})
			if tc.then != nil {
				tc.then(t, e)
			}
			e, err := s.store.FindEventByID(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			body := s.mustGet(fmt.Sprintf("/events/%d/%s", e.ID, e.Slug), http.StatusOK)
			mustContain(t, body, tc.wants...)
			mustNotContain(t, body, tc.bad...)
		})
	}
}
