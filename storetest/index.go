package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"flashback"
)

// testEventIndex checks the site map's list: every published event once,
// by id, with the date and last change a full read gives; drafts left out.
// Stores that do not implement flashback.EventIndexer skip it.
func testEventIndex(t *testing.T, newStore NewStore) {
	s := newStore(t)
	ix, ok := s.(flashback.EventIndexer)
	if !ok {
		t.Skip("the store has no event index")
	}
	bc := day("Caesar assassinated", -43, time.March, 15)
	bc.Date.Calendar = flashback.Julian
	draft := day("A draft", 1929, time.January, 31)
	draft.Published = false
	mustCreate(t, s, day("Trotsky exiled", 1929, time.January, 31), bc, draft, yearless("Nauru", time.January, 31))
	got, err := ix.EventIndex(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := mustFind(t, s, flashback.EventFilter{})
	if len(got) != len(all) || len(got) != 3 {
		t.Fatalf("%d stamps for %d published events, want 3", len(got), len(all))
	}
	byID := map[int64]*flashback.Event{}
	for _, e := range all {
		byID[e.ID] = e
	}
	for i, st := range got {
		e := byID[st.ID]
		if e == nil {
			t.Fatalf("stamp %d names no published event", st.ID)
		}
		if i > 0 && got[i-1].ID >= st.ID {
			t.Errorf("stamps not in id order: %d after %d", st.ID, got[i-1].ID)
		}
		if st.Slug != e.Slug || st.Date != e.Date || st.Category != e.Category || !st.UpdatedAt.Equal(e.UpdatedAt) {
			t.Errorf("stamp %+v disagrees with the event %q", st, e.Headline)
		}
	}
}

// testEventIndexRuns walks the index a stretch at a time, as the site map
// does: the stretches meet every published event once, in id order, and
// stop at their limit.
func testEventIndexRuns(t *testing.T, newStore NewStore) {
	s := newStore(t)
	ix, ok := s.(flashback.EventIndexer)
	if !ok {
		t.Skip("the store has no event index")
	}
	var events []*flashback.Event
	for i := range 7 {
		e := day(fmt.Sprintf("Event %d", i), 1900+i, time.March, 1+i)
		e.Published = i != 3 // a draft amid them is no stamp
		events = append(events, e)
	}
	mustCreate(t, s, events...)
	tests := []struct {
		name  string
		limit int
		runs  []int // stamps in each stretch
	}{
		{"ByTwo", 2, []int{2, 2, 2}},
		{"ByFour", 4, []int{4, 2}},
		{"ByExactlyAll", 6, []int{6, 0}},
		{"ByMore", 10, []int{6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []int64
			after := int64(0)
			for i, want := range tt.runs {
				run, err := ix.EventIndex(context.Background(), after, tt.limit)
				if err != nil {
					t.Fatal(err)
				}
				if len(run) != want {
					t.Fatalf("stretch %d after %d: %d stamps, want %d", i, after, len(run), want)
				}
				for _, st := range run {
					got = append(got, st.ID)
					after = st.ID
				}
			}
			var want []int64
			for _, e := range events {
				if e.Published {
					want = append(want, e.ID)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("stamps %v, want the published %v in id order", got, want)
			}
		})
	}
}
