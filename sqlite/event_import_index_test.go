package sqlite

import (
	"context"
	"fmt"
	"testing"

	"flashback"
)

// TestImportIndexesInKeyOrder: an import indexes the events it adds at its
// end, in key order, so that a hundred events with headlines of every
// length land in one segment of each search index (the triggers gave the
// headline index one for about every second event); the indexes are
// sound, every event is found by each, an event updated within its own
// import is found by its last headline only, and the triggers index
// later writes again.
func TestImportIndexesInKeyOrder(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	s := NewEventStore(db)
	noMerging(t, db) // so that the count is the import's own
	var batch []*flashback.Event
	for i := range 100 {
		e := testEvent(i)
		// Lengths that go up and down, as real headlines' do.
		e.Headline = fmt.Sprintf("Comet seen over town %d%*s", i, i*53%40, "x")
		e.ExternalKey = fmt.Sprintf("test:%d", i)
		batch = append(batch, e)
	}
	again := *batch[0]
	again.Headline = "Meteor seen over town"
	batch = append(batch, &again) // the same key: updates the event added above
	stats, err := s.ImportEvents(ctx, batch)
	if err != nil || stats.Added != 100 || stats.Updated != 1 {
		t.Fatalf("import: %+v, %v", stats, err)
	}
	layouts, err := s.SearchIndexLayouts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range layouts {
		if l.Segments != 1 {
			t.Errorf("%s is in %d segments after one import, want 1", l.Table, l.Segments)
		}
		if _, err := db.write.ExecContext(ctx, `INSERT INTO `+l.Table+` (`+l.Table+`) VALUES ('integrity-check')`); err != nil {
			t.Errorf("%s: %v", l.Table, err)
		}
	}
	var deferred int
	if err := db.write.QueryRowContext(ctx, `SELECT count(*) FROM search_index_deferred`).Scan(&deferred); err != nil || deferred != 0 {
		t.Errorf("search_index_deferred holds %d rows after the import (%v)", deferred, err)
	}
	later := testEvent(200)
	later.Headline = "Comet and meteor seen"
	if err := s.CreateEvent(ctx, later); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		text string
		want int
	}{
		{"comet", 100}, // 99 imported, one created
		{"meteor", 2},  // the updated one and the created one
		{"town", 100},  // every imported event
		{"zzz", 0},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			res, err := s.Search(ctx, flashback.SearchQuery{Text: c.text})
			if err != nil || res.Total != c.want {
				t.Fatalf("%d hits, %v; want %d", res.Total, err, c.want)
			}
			headlines, full := 0, 0
			for _, table := range searchIndexes {
				var n int
				if err := db.write.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE `+table+` MATCH ?`, c.text).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if table == "events_fts" {
					full = n
				} else {
					headlines = n
				}
			}
			if headlines != c.want || full != c.want {
				t.Errorf("the headline index finds %d, the full-text index %d; want %d", headlines, full, c.want)
			}
		})
	}
}
