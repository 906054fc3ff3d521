package storetest

import (
	"context"
	"maps"
	"testing"
	"time"

	"flashback"
)

// Picks for a calendar date come back inside their range, month-day picks
// always; a new pick for a day replaces the old; EventID 0 removes it.
func testFeaturePicks(t *testing.T, s DeskStores) {
	ctx := context.Background()
	a, b := day("A", 1929, time.June, 17), day("B", 1946, time.June, 17)
	mustCreate(t, s.Events, a, b)
	ed := mustUser(t, s, "ed@example.org", flashback.RoleEditor)
	set := func(p flashback.FeaturePick) {
		t.Helper()
		if err := s.Features.SetFeaturePick(ctx, &p); err != nil {
			t.Fatalf("SetFeaturePick(%+v): %v", p, err)
		}
	}
	set(flashback.FeaturePick{Year: 2027, Month: time.June, Day: 17, EventID: a.ID, EditorID: ed.ID})
	set(flashback.FeaturePick{Month: time.June, Day: 17, EventID: a.ID, EditorID: ed.ID})
	set(flashback.FeaturePick{Month: time.June, Day: 17, EventID: b.ID, EditorID: ed.ID, Note: "80 years"})
	set(flashback.FeaturePick{Year: 2028, Month: time.June, Day: 17, EventID: b.ID})
	set(flashback.FeaturePick{Year: 2028, Month: time.June, Day: 17}) // removed again

	june := func(y, d int) flashback.CivilDate { return flashback.CivilDate{Year: y, Month: time.June, Day: d} }
	tests := []struct {
		name     string
		from, to flashback.CivilDate
		want     []flashback.FeaturePick // Year, Day and EventID compared
	}{
		{"RangeWithDatePick", june(2027, 1), june(2027, 30), []flashback.FeaturePick{{Day: 17, EventID: b.ID}, {Year: 2027, Day: 17, EventID: a.ID}}},
		{"RangeWithout", june(2027, 18), june(2027, 30), []flashback.FeaturePick{{Day: 17, EventID: b.ID}}},
		{"RemovedPick", june(2028, 1), june(2028, 30), []flashback.FeaturePick{{Day: 17, EventID: b.ID}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Features.FeaturePicks(ctx, tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d picks, want %d", len(got), len(tc.want))
			}
			for i, w := range tc.want {
				if g := got[i]; g.Year != w.Year || g.Day != w.Day || g.EventID != w.EventID || g.Month != time.June {
					t.Errorf("pick %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
	err := s.Features.SetFeaturePick(ctx, &flashback.FeaturePick{Month: time.June, Day: 18, EventID: b.ID + 99})
	assertCode(t, err, flashback.ENOTFOUND)
	err = s.Features.SetFeaturePick(ctx, &flashback.FeaturePick{Year: 2027, Month: time.February, Day: 29, EventID: a.ID})
	assertCode(t, err, flashback.EINVALID)
}

// Changing a pick is recorded on both events, as any edit is.
func testFeaturePickRevisions(t *testing.T, s DeskStores) {
	ctx := context.Background()
	a, b := day("A", 1929, time.June, 17), day("B", 1946, time.June, 17)
	mustCreate(t, s.Events, a, b)
	ed := mustUser(t, s, "ed@example.org", flashback.RoleEditor)
	for _, id := range []int64{a.ID, b.ID, b.ID} { // the repeat records nothing
		p := &flashback.FeaturePick{Year: 2027, Month: time.June, Day: 17, EventID: id, EditorID: ed.ID, Note: "why"}
		if err := s.Features.SetFeaturePick(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	revsA, _ := s.Edits.Revisions(ctx, a.ID)
	revsB, _ := s.Edits.Revisions(ctx, b.ID)
	if len(revsA) != 2 || len(revsB) != 1 {
		t.Fatalf("revisions: %d on A, %d on B; want 2 and 1", len(revsA), len(revsB))
	}
	lost := revsA[0].Changes[0]
	if lost.Field != "featured" || lost.Old != "June 17, 2027" || lost.New != "" || revsA[0].EditorID != ed.ID || revsA[0].Note != "why" {
		t.Errorf("A's newest revision = %+v %+v", revsA[0], lost)
	}
	if got := revsB[0].Changes[0]; got.New != "June 17, 2027" {
		t.Errorf("B's revision = %+v", got)
	}
}

// Open reports and conflicts are counted per event; closed ones are not.
func testOpenIssues(t *testing.T, s DeskStores) {
	ctx := context.Background()
	a, b, c := day("A", 1929, time.June, 17), day("B", 1946, time.June, 17), day("C", 1950, time.June, 17)
	mustCreate(t, s.Events, a, b, c)
	mustReport(t, s, a.ID, "wrong year")
	mustReport(t, s, a.ID, "wrong day")
	closed := mustReport(t, s, b.ID, "fine after all")
	ed := mustUser(t, s, "ed@example.org", flashback.RoleEditor)
	if err := s.Reports.DeclineReport(ctx, closed.ID, ed.ID, "no"); err != nil {
		t.Fatal(err)
	}
	jan31 := flashback.HistDate{Year: 1950, Month: time.January, Day: 31}
	if _, err := s.Conflicts.AddConflicts(ctx, []*flashback.Conflict{{EventID: c.ID,
		Incoming: incomingFor(c, "wm:c", jan31), StoredDate: c.Date}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Features.OpenIssues(ctx, []int64{a.ID, b.ID, c.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]flashback.EventIssues{a.ID: {OpenReports: 2}, c.ID: {OpenConflicts: 1}}
	if len(got) != len(want) || got[a.ID] != want[a.ID] || got[c.ID] != want[c.ID] {
		t.Errorf("OpenIssues = %v, want %v", got, want)
	}
	if none, err := s.Features.OpenIssues(ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("OpenIssues(nil) = %v, %v", none, err)
	}
	// Fewer events asked about than issues open (three): a store may read
	// the open issues first only while they are the fewer.
	few := []struct {
		name string
		ids  []int64
		want map[int64]flashback.EventIssues
	}{
		{"OneWithReports", []int64{a.ID}, map[int64]flashback.EventIssues{a.ID: {OpenReports: 2}}},
		{"OneWithAConflict", []int64{c.ID}, map[int64]flashback.EventIssues{c.ID: {OpenConflicts: 1}}},
		{"OneWithNoneOpen", []int64{b.ID}, map[int64]flashback.EventIssues{}},
		{"Two", []int64{c.ID, a.ID}, map[int64]flashback.EventIssues{a.ID: {OpenReports: 2}, c.ID: {OpenConflicts: 1}}},
	}
	for _, tt := range few {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Features.OpenIssues(ctx, tt.ids)
			if err != nil || !maps.Equal(got, tt.want) {
				t.Errorf("OpenIssues(%v) = %v, %v; want %v", tt.ids, got, err, tt.want)
			}
		})
	}
	// A week of a large site's editions asks of tens of thousands of
	// events, more than SQLite takes parameters in one statement.
	many := []int64{a.ID, b.ID, c.ID}
	for id := int64(1_000_000); len(many) < 60_000; id++ {
		many = append(many, id)
	}
	if got, err := s.Features.OpenIssues(ctx, many); err != nil || len(got) != len(want) || got[a.ID] != want[a.ID] {
		t.Errorf("OpenIssues of %d events = %v, %v; want %v", len(many), got, err, want)
	}
}
