package storetest

import (
	"context"
	"testing"
	"time"

	"flashback"
)

func testEditRecordsRevisions(t *testing.T, s DeskStores) {
	ctx := context.Background()
	ed := mustUser(t, s, "ed@example.org", flashback.RoleEditor)
	e := day("Trotsky exiled", 1929, time.June, 17)
	if err := s.Edits.EditEvent(ctx, flashback.EventEdit{Event: e, EditorID: ed.ID}); err != nil {
		t.Fatal(err)
	}
	if e.ID == 0 {
		t.Fatal("EditEvent did not create the event")
	}
	e.Date = flashback.HistDate{Year: 1929, Month: time.January, Day: 31}
	e.Body = "On January 31, 1929, …"
	err := s.Edits.EditEvent(ctx, flashback.EventEdit{Event: e, EditorID: ed.ID, Note: "lint override: quoted date"})
	if err != nil {
		t.Fatal(err)
	}
	// Saving the same state again records nothing.
	same := *e
	if err := s.Edits.EditEvent(ctx, flashback.EventEdit{Event: &same, EditorID: ed.ID}); err != nil {
		t.Fatal(err)
	}
	revs, err := s.Edits.Revisions(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 2 {
		t.Fatalf("revisions = %d, want 2 (create, edit)", len(revs))
	}
	last := revs[0]
	if last.EditorID != ed.ID || last.EditorName != ed.Name || last.Note != "lint override: quoted date" {
		t.Errorf("last revision = %+v", last)
	}
	want := map[string][2]string{"date": {"17 June 1929", "31 January 1929"}, "body": {"", "On January 31, 1929, …"}}
	if len(last.Changes) != len(want) {
		t.Errorf("changes = %+v, want date and body", last.Changes)
	}
	for _, c := range last.Changes {
		if w, ok := want[c.Field]; !ok || c.Old != w[0] || c.New != w[1] {
			t.Errorf("change %+v, want %v", c, w)
		}
	}
	got, _ := s.Events.FindEventByID(ctx, e.ID)
	if got.Date != e.Date {
		t.Errorf("stored date = %v, want %v", got.Date, e.Date)
	}
	t.Run("InvalidEventSavesNothing", func(t *testing.T) {
		bad := *got
		bad.Headline = ""
		assertCode(t, s.Edits.EditEvent(ctx, flashback.EventEdit{Event: &bad}), flashback.EINVALID)
		revs, _ := s.Edits.Revisions(ctx, e.ID)
		if len(revs) != 2 {
			t.Errorf("revisions = %d after a refused edit, want 2", len(revs))
		}
	})
}

func testAcceptReportWithDateFix(t *testing.T, s DeskStores) {
	ctx := context.Background()
	ed := mustUser(t, s, "ed@example.org", flashback.RoleEditor)
	e := day("Trotsky exiled", 1929, time.June, 17)
	mustCreate(t, s.Events, e)
	r := mustReport(t, s, e.ID, "It was 31 January.")
	before := mustVersion(t, s.Events)

	fixed := *e
	fixed.Date = flashback.HistDate{Year: 1929, Month: time.January, Day: 31}
	text := flashback.SuggestCorrection(e, &fixed)
	if text != "The date was given as 17 June 1929; it is 31 January 1929." {
		t.Errorf("SuggestCorrection = %q", text)
	}
	err := s.Edits.EditEvent(ctx, flashback.EventEdit{Event: &fixed, EditorID: ed.ID,
		Correction: text, ReportID: r.ID, ReportNote: "Thank you, fixed."})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Reports.FindReportByID(ctx, r.ID)
	if got.Status != flashback.ReportAccepted || got.Note != "Thank you, fixed." {
		t.Errorf("report = %+v", got)
	}
	cs, total, err := s.Edits.FindCorrections(ctx, flashback.CorrectionFilter{EventID: &e.ID})
	if err != nil || total != 1 || cs[0].Text != text || cs[0].ReportID != r.ID || cs[0].EventSlug != e.Slug {
		t.Fatalf("corrections = %+v (%d), %v", cs, total, err)
	}
	onNew, _ := mustFind(t, s.Events, flashback.EventFilter{On: []flashback.MonthDay{{Month: time.January, Day: 31}}})
	assertHeadlines(t, onNew, "Trotsky exiled")
	onOld, _ := mustFind(t, s.Events, flashback.EventFilter{On: []flashback.MonthDay{{Month: time.June, Day: 17}}})
	assertHeadlines(t, onOld)
	if after := mustVersion(t, s.Events); after <= before {
		t.Errorf("content version %d → %d, want it to grow", before, after)
	}
	assertCode(t, s.Edits.EditEvent(ctx, flashback.EventEdit{Event: &fixed, ReportID: r.ID}), flashback.ECONFLICT)
}

func testAcceptIsAtomic(t *testing.T, s DeskStores) {
	ctx := context.Background()
	a := day("Event A", 1900, time.March, 3)
	b := day("Event B", 1901, time.April, 4)
	mustCreate(t, s.Events, a, b)
	r := mustReport(t, s, b.ID, "B is wrong")
	changed := *a
	changed.Date.Day = 5
	err := s.Edits.EditEvent(ctx, flashback.EventEdit{Event: &changed, Correction: "Changed.", ReportID: r.ID})
	assertCode(t, err, flashback.EINVALID)
	got, _ := s.Events.FindEventByID(ctx, a.ID)
	if got.Date.Day != 3 {
		t.Errorf("event changed although the edit failed: %v", got.Date)
	}
	if _, n, _ := s.Edits.FindCorrections(ctx, flashback.CorrectionFilter{IncludeDrafts: true}); n != 0 {
		t.Errorf("corrections = %d after a failed edit, want 0", n)
	}
	if revs, _ := s.Edits.Revisions(ctx, a.ID); len(revs) != 0 {
		t.Errorf("revisions = %d after a failed edit, want 0", len(revs))
	}
}

func testCorrectionsHideDrafts(t *testing.T, s DeskStores) {
	ctx := context.Background()
	pub := day("Published", 1900, time.March, 3)
	draft := day("Draft", 1901, time.April, 4)
	draft.Published = false
	mustCreate(t, s.Events, pub, draft)
	for _, e := range []*flashback.Event{pub, draft} {
		e2 := *e
		e2.Summary = "Changed."
		if err := s.Edits.EditEvent(ctx, flashback.EventEdit{Event: &e2, Correction: "Fixed " + e.Headline}); err != nil {
			t.Fatal(err)
		}
	}
	cs, n, _ := s.Edits.FindCorrections(ctx, flashback.CorrectionFilter{})
	if n != 1 || cs[0].EventHeadline != "Published" {
		t.Errorf("public corrections = %+v (%d), want only the published event's", cs, n)
	}
	if _, n, _ := s.Edits.FindCorrections(ctx, flashback.CorrectionFilter{IncludeDrafts: true}); n != 2 {
		t.Errorf("all corrections = %d, want 2", n)
	}
	page, n, _ := s.Edits.FindCorrections(ctx, flashback.CorrectionFilter{IncludeDrafts: true, Limit: 1, Offset: 1})
	if n != 2 || len(page) != 1 || page[0].EventHeadline != "Published" {
		t.Errorf("second page = %+v (%d)", page, n)
	}
}

// An import that runs again after an editor corrected one of its events
// must not put the source's mistake back.
func testReimportKeepsEditorsFix(t *testing.T, s DeskStores) {
	ctx := context.Background()
	ed := mustUser(t, s, "fixer@example.org", flashback.RoleEditor)
	imported := func() *flashback.Event {
		e := day("Churchill delivers his Iron Curtain speech", 1947, time.January, 1)
		e.ExternalKey = "test:iron-curtain"
		return e
	}
	if _, err := s.Events.ImportEvents(ctx, []*flashback.Event{imported()}); err != nil {
		t.Fatal(err)
	}
	_, total, err := s.Events.FindEvents(ctx, flashback.EventFilter{On: []flashback.MonthDay{{Month: time.January, Day: 1}}, IncludeDrafts: true})
	if err != nil || total != 1 {
		t.Fatalf("imported event not found: total=%d err=%v", total, err)
	}
	events, _, _ := s.Events.FindEvents(ctx, flashback.EventFilter{On: []flashback.MonthDay{{Month: time.January, Day: 1}}, IncludeDrafts: true})
	fixed := *events[0]
	fixed.Date = flashback.HistDate{Year: 1946, Month: time.March, Day: 5}
	if err := s.Edits.EditEvent(ctx, flashback.EventEdit{Event: &fixed, EditorID: ed.ID}); err != nil {
		t.Fatal(err)
	}
	stats, err := s.Events.ImportEvents(ctx, []*flashback.Event{imported()})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Updated != 0 || len(stats.Skipped) != 1 {
		t.Errorf("re-import stats = %+v, want the edited event skipped, not updated", stats)
	}
	got, err := s.Events.FindEventByID(ctx, fixed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Date != fixed.Date {
		t.Errorf("after re-import the date is %v, want the editor's %v", got.Date, fixed.Date)
	}
}
