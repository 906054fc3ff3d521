package sqlite

import (
	"context"
	"fmt"
	"testing"

	"flashback"
)

// TestTidySearchIndexes: tidying merges an index whose segments beside the
// largest hold a good share of it into one, leaves alone one that a small
// write added a small segment to, and every event is still found, by
// every index. FTS5's own merging is off, so that the segments are the
// test's.
func TestTidySearchIndexes(t *testing.T) {
	cases := []struct {
		name string
		// imported events go in one import (one segment each index), then
		// created events one transaction each (a segment apiece).
		imported, created int
		wantSegments      int // in each index after tidying
	}{
		{"EqualSegments", 0, 7, 1},
		{"LargeAndSmall", 3000, 1, 2},
		{"LargeAndManySmall", 3000, tidySegments, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTestDB(t)
			s := NewEventStore(db)
			noMerging(t, db)
			var batch []*flashback.Event
			for i := range c.imported {
				e := testEvent(i)
				e.ExternalKey = fmt.Sprint("test:", i)
				batch = append(batch, e)
			}
			if _, err := s.ImportEvents(ctx, batch); err != nil {
				t.Fatal(err)
			}
			for i := range c.created {
				e := testEvent(c.imported + i)
				if err := s.CreateEvent(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			layouts := func() []SearchIndexLayout {
				t.Helper()
				layouts, err := s.SearchIndexLayouts(ctx)
				if err != nil {
					t.Fatal(err)
				}
				return layouts
			}
			wantBefore := c.created
			if c.imported > 0 {
				wantBefore++
			}
			for _, l := range layouts() {
				if l.Segments != wantBefore {
					t.Errorf("before tidying, %s is in %d segments, want %d", l.Table, l.Segments, wantBefore)
				}
			}
			took, err := s.TidySearchIndexes(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if merged := c.wantSegments < wantBefore; merged != (took > 0) {
				t.Errorf("tidying took %s; should it have merged: %v", took, merged)
			}
			for _, l := range layouts() {
				if l.Segments != c.wantSegments || l.Untidy() {
					t.Errorf("after tidying, %s: %+v; want %d segments, tidy", l.Table, l, c.wantSegments)
				}
				if _, err := db.write.ExecContext(ctx, `INSERT INTO `+l.Table+` (`+l.Table+`) VALUES ('integrity-check')`); err != nil {
					t.Errorf("%s after tidying: %v", l.Table, err)
				}
			}
			res, err := s.Search(ctx, flashback.SearchQuery{Text: "event"})
			if want := min(c.imported+c.created, flashback.SearchRankWindow); err != nil || res.Total != want {
				t.Errorf("event: %d hits, %v; want %d", res.Total, err, want)
			}
		})
	}
}

// noMerging turns off FTS5's own merging in db's search indexes: the
// automatic one and the one that starts at 16 segments on a level.
func noMerging(t *testing.T, db *DB) {
	t.Helper()
	for _, table := range searchIndexes {
		for _, q := range []string{
			`INSERT INTO ` + table + ` (` + table + `, rank) VALUES ('automerge', 0)`,
			`INSERT INTO ` + table + ` (` + table + `, rank) VALUES ('crisismerge', 1000)`,
		} {
			if _, err := db.write.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestDecodeStructure reads the leaf pages of each segment from both
// record layouts and refuses a record cut short.
func TestDecodeStructure(t *testing.T) {
	cases := []struct {
		name    string
		rec     []byte
		want    string
		wantErr bool
	}{
		// cookie; 2 levels, 3 segments, write counter 5; level 0: merging
		// 0, 1 segment (id 1, leaves 1..2); level 1: merging 0, 2
		// segments (id 2, leaves 1..4; id 3, leaves 1..300).
		{"V1", []byte{0, 0, 0, 1, 2, 3, 5, 0, 1, 1, 1, 2, 0, 2, 2, 1, 4, 3, 1, 300>>7 | 0x80, 300 & 0x7f}, "[[2] [4 300]]", false},
		// V2 marker; 1 level, 1 segment (id 9, leaves 1..4, then five
		// more numbers).
		{"V2", []byte{0, 0, 0, 1, 0xff, 0, 0, 1, 1, 1, 7, 0, 1, 9, 1, 4, 0, 0, 0, 0, 12}, "[[4]]", false},
		{"CutShort", []byte{0, 0, 0, 1, 2, 3, 5, 0, 1, 1}, "", true},
		{"NoCookie", []byte{0, 0}, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := decodeStructure(c.rec)
			if (err != nil) != c.wantErr {
				t.Fatalf("err %v, want one: %v", err, c.wantErr)
			}
			if !c.wantErr && fmt.Sprint(got) != c.want {
				t.Errorf("segments %v, want %s", got, c.want)
			}
		})
	}
}
