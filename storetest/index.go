package storetest

import (
	"context"
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
	got, err := ix.EventIndex(context.Background())
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
