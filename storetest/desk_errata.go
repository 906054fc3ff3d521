package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"flashback"
)

// erratumImport is an imported event as the bundled corpus's errata leave
// it: a corrected date, the calendar file's source marked with the date it
// gave, the reference as a source, a date mark and a public correction.
func erratumImport(text string) *flashback.Event {
	e := day("Churchill delivers his Iron Curtain speech", 1946, time.March, 5)
	e.ExternalKey = "test:iron-curtain"
	e.Sources = []flashback.Source{
		{Title: "calendar.history", URL: "/licences#bsd-calendar", Date: flashback.HistDate{Year: 1947, Month: time.January, Day: 1}},
		{Title: "Britannica", URL: "https://example.org/iron-curtain", Date: e.Date},
	}
	e.DateMark = flashback.DateMark{Kind: flashback.DateDisputed, Reason: "Two diaries disagree.", Reference: "Smith, Diaries (1990)"}
	e.Corrections = []flashback.Correction{{Key: "test:iron-curtain#date", Text: text,
		References: []string{"https://example.org/iron-curtain", "Smith, Diaries (1990), p. 4"}}}
	return e
}

// Errata ride on imports: the event's date mark and dated sources are
// kept as given, its correction is published once however often the
// import runs, and a changed text replaces it rather than adding another.
func testImportErrata(t *testing.T, s DeskStores) {
	ctx := context.Background()
	const first = "The source gave 1 January 1947; it is 5 March 1946."
	in := erratumImport(first)
	if _, err := s.Events.ImportEvents(ctx, []*flashback.Event{in}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Events.FindEventByID(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := erratumImport(first)
	if got.DateMark != want.DateMark || !reflect.DeepEqual(got.Sources, want.Sources) || got.Corrections != nil {
		t.Errorf("stored mark %+v, sources %+v, corrections %v;\nwant %+v, %+v and none on reads", got.DateMark, got.Sources, got.Corrections, want.DateMark, want.Sources)
	}
	corrections := func(t *testing.T) []*flashback.Correction {
		t.Helper()
		cs, _, err := s.Edits.FindCorrections(ctx, flashback.CorrectionFilter{EventID: &in.ID})
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}
	cs := corrections(t)
	if len(cs) != 1 || cs[0].Text != first || cs[0].Key != "test:iron-curtain#date" || !reflect.DeepEqual(cs[0].References, want.Corrections[0].References) {
		t.Fatalf("corrections after the first import: %+v", cs)
	}
	v1, _ := s.Events.ContentVersion(ctx)
	stats, err := s.Events.ImportEvents(ctx, []*flashback.Event{erratumImport(first)})
	if err != nil {
		t.Fatal(err)
	}
	v2, _ := s.Events.ContentVersion(ctx)
	if stats.Unchanged != 1 || len(corrections(t)) != 1 || v1 != v2 {
		t.Errorf("re-import: stats %+v, %d corrections, content version %d → %d; want nothing changed", stats, len(corrections(t)), v1, v2)
	}
	const second = "The source gave 1 January 1947; it is 5 March 1946. Churchill spoke at Fulton."
	if _, err := s.Events.ImportEvents(ctx, []*flashback.Event{erratumImport(second)}); err != nil {
		t.Fatal(err)
	}
	if cs2 := corrections(t); len(cs2) != 1 || cs2[0].Text != second || cs2[0].ID != cs[0].ID || !cs2[0].CreatedAt.Equal(cs[0].CreatedAt) {
		t.Errorf("after a changed erratum: %+v, want its one correction, same ID and date, new text", cs2)
	}
	editorsToo := mustUser(t, s, "errata@example.org", flashback.RoleEditor)
	fixed := *got
	fixed.Summary = "An editor's summary."
	if err := s.Edits.EditEvent(ctx, flashback.EventEdit{Event: &fixed, EditorID: editorsToo.ID, Correction: "Summary rewritten."}); err != nil {
		t.Fatal(err)
	}
	if cs := corrections(t); len(cs) != 2 || cs[0].Key != "" || cs[0].References != nil {
		t.Errorf("an editor's correction beside the erratum's: %+v", cs)
	}
}

// An import correction without a key could never be matched again, so
// the event is refused (listed in Skipped), not stored with it.
func testImportErrataNeedKey(t *testing.T, s DeskStores) {
	in := erratumImport("Some text.")
	in.Corrections[0].Key = ""
	stats, err := s.Events.ImportEvents(context.Background(), []*flashback.Event{in})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Added != 0 || len(stats.Skipped) != 1 {
		t.Errorf("stats %+v, want the event skipped", stats)
	}
}

// A bundled event held back as a conflict keeps its date mark and the
// dates its sources give, so that dismissing the conflict stores it whole.
func testConflictKeepsErrata(t *testing.T, s DeskStores) {
	ctx := context.Background()
	stored := day("Churchill delivers his Iron Curtain speech", 1946, time.March, 6)
	mustCreate(t, s.Events, stored)
	in := *erratumImport("unused")
	in.Corrections = nil
	if _, err := s.Conflicts.AddConflicts(ctx, []*flashback.Conflict{{EventID: stored.ID, Incoming: in, StoredDate: stored.Date}}); err != nil {
		t.Fatal(err)
	}
	cs, _, err := s.Conflicts.FindConflicts(ctx, flashback.ConflictFilter{EventID: &stored.ID})
	if err != nil || len(cs) != 1 {
		t.Fatalf("conflicts %v, %v", cs, err)
	}
	if got := cs[0].Incoming; got.DateMark != in.DateMark || !reflect.DeepEqual(got.Sources, in.Sources) {
		t.Errorf("held-back record: mark %+v, sources %+v;\nwant %+v, %+v", got.DateMark, got.Sources, in.DateMark, in.Sources)
	}
}
