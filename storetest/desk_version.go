package storetest

import (
	"context"
	"testing"
	"time"

	"flashback"
)

// Every change that readers could see moves ContentVersion, which every
// instance's page, feed and API caches read to know when to drop what
// they built. It is kept in the database, not in the writing process, so
// that an editor's change on one instance reaches readers of all.
func testContentVersionFollowsReaders(t *testing.T, s DeskStores) {
	ctx := context.Background()
	ed := mustUser(t, s, "ed@example.org", flashback.RoleEditor)
	ev := day("Versioned", 1929, time.June, 17)
	ev.ExternalKey = "test:versioned"
	ev.Provenance = flashback.Provenance{Importer: "test", Origin: "batch", Ref: "versioned"}
	mustImport(t, s.Events, []*flashback.Event{ev})
	imported := *ev
	reimport := func(change func(e *flashback.Event)) error {
		e := imported
		change(&e)
		_, err := s.Events.ImportEvents(ctx, []*flashback.Event{&e})
		return err
	}
	edit := func(change func(e *flashback.Event), correction string, report int64) error {
		e, err := s.Events.FindEventByID(ctx, ev.ID)
		if err != nil {
			return err
		}
		change(e)
		return s.Edits.EditEvent(ctx, flashback.EventEdit{Event: e, EditorID: ed.ID, Correction: correction, ReportID: report})
	}
	jan31 := flashback.HistDate{Year: 1929, Month: time.January, Day: 31}
	var report *flashback.Report
	var conflict *flashback.Conflict
	pick := func(id int64) error {
		return s.Features.SetFeaturePick(ctx, &flashback.FeaturePick{Month: time.June, Day: 17, EventID: id, EditorID: ed.ID})
	}
	changes := []struct {
		name  string
		write func() error
	}{
		// Date marks and pictures arrive with imports (errata, the
		// Wikipedia sync); editors' saves keep them, and
		// a later import leaves an edited event alone, so these come first.
		{"DateMarkImported", func() error {
			return reimport(func(e *flashback.Event) {
				e.DateMark = flashback.DateMark{Kind: flashback.DateDisputed, Reason: "Sources disagree.", Reference: "Smith (1990)"}
			})
		}},
		{"ImageImported", func() error {
			return reimport(func(e *flashback.Event) {
				e.Image = &flashback.Image{Path: "/media/ab.png", Width: 10, Height: 10, Alt: "A picture"}
			})
		}},
		{"EventEdited", func() error { return edit(func(e *flashback.Event) { e.Headline += " (edited)" }, "", 0) }},
		// An open report keeps an event from being featured.
		{"ReportFiled", func() error { report = mustReport(t, s, ev.ID, "The year is wrong."); return nil }},
		{"ReportAcceptedWithCorrection", func() error {
			return edit(func(e *flashback.Event) { e.Summary += " Corrected." }, "The summary was corrected.", report.ID)
		}},
		{"ReportDeclined", func() error {
			r := mustReport(t, s, ev.ID, "Another complaint.")
			return s.Reports.DeclineReport(ctx, r.ID, ed.ID, "It is right.")
		}},
		{"ConflictFound", func() error {
			e, _ := s.Events.FindEventByID(ctx, ev.ID)
			conflict = &flashback.Conflict{EventID: ev.ID, Incoming: incomingFor(e, "wm:versioned", jan31), StoredDate: e.Date}
			_, err := s.Conflicts.AddConflicts(ctx, []*flashback.Conflict{conflict})
			return err
		}},
		{"ConflictDismissed", func() error {
			return s.Conflicts.ResolveConflict(ctx, flashback.ConflictResolution{ID: conflict.ID, Status: flashback.ConflictDismissed, EditorID: ed.ID})
		}},
		{"FeaturePicked", func() error { return pick(ev.ID) }},
		{"FeaturePickRemoved", func() error { return pick(0) }},
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			before, err := s.Events.ContentVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.write(); err != nil {
				t.Fatal(err)
			}
			if after, _ := s.Events.ContentVersion(ctx); after <= before {
				t.Errorf("ContentVersion %d after the change, want more than %d", after, before)
			}
		})
	}
}
