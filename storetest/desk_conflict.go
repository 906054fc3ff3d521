package storetest

import (
	"context"
	"testing"
	"time"

	"flashback"
)

// incomingFor is an imported record of the same event as e with another date.
func incomingFor(e *flashback.Event, key string, d flashback.HistDate) flashback.Event {
	in := *e
	in.ID, in.Date, in.ExternalKey = 0, d, key
	in.Sources = []flashback.Source{{Title: "Wikipedia", URL: "https://en.wikipedia.org/wiki/X", Note: "CC BY-SA"}}
	in.Provenance = flashback.Provenance{Importer: "wikimedia", Origin: "feed.json"}
	return in
}

func testConflictsIdempotent(t *testing.T, s DeskStores) {
	ctx := context.Background()
	e := day("Trotsky exiled", 1929, time.June, 17)
	mustCreate(t, s.Events, e)
	jan31 := flashback.HistDate{Year: 1929, Month: time.January, Day: 31}
	conflict := func() *flashback.Conflict {
		return &flashback.Conflict{EventID: e.ID, Incoming: incomingFor(e, "wm:trotsky", jan31),
			StoredDate: e.Date, Reason: "same headline"}
	}
	n, err := s.Conflicts.AddConflicts(ctx, []*flashback.Conflict{conflict()})
	if err != nil || n != 1 {
		t.Fatalf("AddConflicts = %d, %v; want 1", n, err)
	}
	n, err = s.Conflicts.AddConflicts(ctx, []*flashback.Conflict{conflict()})
	if err != nil || n != 0 {
		t.Fatalf("second AddConflicts = %d, %v; want 0", n, err)
	}
	cs, total, err := s.Conflicts.FindConflicts(ctx, flashback.ConflictFilter{Status: flashback.ConflictOpen})
	if err != nil || total != 1 {
		t.Fatalf("open conflicts = %d, %v", total, err)
	}
	c := cs[0]
	if c.Incoming.Date != jan31 || c.StoredDate != e.Date || c.Incoming.Headline != e.Headline ||
		len(c.Incoming.Sources) != 1 || c.Incoming.Provenance.Importer != "wikimedia" {
		t.Errorf("stored conflict = %+v", c)
	}
	_, err = s.Conflicts.AddConflicts(ctx, []*flashback.Conflict{{EventID: e.ID + 99, Incoming: incomingFor(e, "x", jan31)}})
	assertCode(t, err, flashback.ENOTFOUND)
}

func testConflictResolutions(t *testing.T, s DeskStores) {
	ctx := context.Background()
	ed := mustUser(t, s, "ed@example.org", flashback.RoleEditor)
	jan31 := flashback.HistDate{Year: 1929, Month: time.January, Day: 31}
	add := func(headline string) (*flashback.Event, *flashback.Conflict) {
		e := day(headline, 1929, time.June, 17)
		mustCreate(t, s.Events, e)
		c := &flashback.Conflict{EventID: e.ID, Incoming: incomingFor(e, "wm:"+headline, jan31), StoredDate: e.Date}
		if _, err := s.Conflicts.AddConflicts(ctx, []*flashback.Conflict{c}); err != nil {
			t.Fatal(err)
		}
		return e, c
	}
	resolve := func(c *flashback.Conflict, status flashback.ConflictStatus, correction string) {
		t.Helper()
		err := s.Conflicts.ResolveConflict(ctx, flashback.ConflictResolution{
			ID: c.ID, Status: status, EditorID: ed.ID, Note: "checked", Correction: correction})
		if err != nil {
			t.Fatalf("ResolveConflict(%s): %v", status, err)
		}
		got, _ := s.Conflicts.FindConflictByID(ctx, c.ID)
		if got.Status != status || got.ResolvedBy != ed.ID || got.ResolvedAt.IsZero() {
			t.Errorf("resolved conflict = %+v", got)
		}
	}
	t.Run("Taken", func(t *testing.T) {
		e, c := add("Taken")
		resolve(c, flashback.ConflictTaken, "The date was given as 17 June 1929; it is 31 January 1929.")
		got, _ := s.Events.FindEventByID(ctx, e.ID)
		if got.Date != jan31 || len(got.Sources) != 1 || got.Sources[0].Title != "Wikipedia" {
			t.Errorf("event after take = %v %+v", got.Date, got.Sources)
		}
		if revs, _ := s.Edits.Revisions(ctx, e.ID); len(revs) != 1 || revs[0].EditorID != ed.ID {
			t.Errorf("revisions = %+v, want one by the editor", revs)
		}
		if _, n, _ := s.Edits.FindCorrections(ctx, flashback.CorrectionFilter{EventID: &e.ID}); n != 1 {
			t.Errorf("corrections = %d, want 1", n)
		}
		err := s.Conflicts.ResolveConflict(ctx, flashback.ConflictResolution{ID: c.ID, Status: flashback.ConflictKept})
		assertCode(t, err, flashback.ECONFLICT)
	})
	t.Run("Kept", func(t *testing.T) {
		e, c := add("Kept")
		resolve(c, flashback.ConflictKept, "")
		got, _ := s.Events.FindEventByID(ctx, e.ID)
		if got.Date != e.Date {
			t.Errorf("kept event moved to %v", got.Date)
		}
	})
	t.Run("Dismissed", func(t *testing.T) {
		_, c := add("Dismissed")
		resolve(c, flashback.ConflictDismissed, "")
		both, _ := mustFind(t, s.Events, flashback.EventFilter{Query: "Dismissed", IncludeDrafts: true})
		if len(both) != 2 {
			t.Errorf("events after dismiss = %q, want the stored and the incoming", headlines(both))
		}
	})
	t.Run("UnknownStatus", func(t *testing.T) {
		_, c := add("Unknown")
		err := s.Conflicts.ResolveConflict(ctx, flashback.ConflictResolution{ID: c.ID, Status: flashback.ConflictOpen})
		assertCode(t, err, flashback.EINVALID)
	})
}
