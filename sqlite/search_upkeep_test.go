package sqlite

import (
	"context"
	"fmt"
	"testing"

	"flashback"
)

// TestTidySearchIndexes: events written one transaction at a time leave
// each search index in a segment apiece (automatic merging is off here,
// so that the count is exact); tidying merges an index of more than
// tidySegments into one, leaves a small one alone, and every event is
// still found, by every index.
func TestTidySearchIndexes(t *testing.T) {
	cases := []struct {
		name         string
		events       int
		wantSegments int // in each index after tidying
	}{
		{"Fragmented", tidySegments + 3, 1},
		{"FewSegments", tidySegments, tidySegments},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTestDB(t)
			s := NewEventStore(db)
			for _, table := range searchIndexes {
				if _, err := db.write.ExecContext(ctx, `INSERT INTO `+table+` (`+table+`, rank) VALUES ('automerge', 0)`); err != nil {
					t.Fatal(err)
				}
			}
			for i := range c.events {
				e := testEvent(i)
				e.Headline = fmt.Sprintf("Comet %s sighted", string(rune('a'+i)))
				if err := s.CreateEvent(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			segments := func() map[string]int {
				t.Helper()
				layouts, err := s.SearchIndexLayouts(ctx)
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]int{}
				for _, l := range layouts {
					got[l.Table] = l.Segments
				}
				return got
			}
			for table, n := range segments() {
				if n != c.events {
					t.Errorf("before tidying, %s is in %d segments, want one per event (%d)", table, n, c.events)
				}
			}
			took, err := s.TidySearchIndexes(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if merged := c.wantSegments < c.events; merged != (took > 0) {
				t.Errorf("tidying took %s; should it have merged: %v", took, merged)
			}
			for table, n := range segments() {
				if n != c.wantSegments {
					t.Errorf("after tidying, %s is in %d segments, want %d", table, n, c.wantSegments)
				}
				if _, err := db.write.ExecContext(ctx, `INSERT INTO `+table+` (`+table+`) VALUES ('integrity-check')`); err != nil {
					t.Errorf("%s after tidying: %v", table, err)
				}
			}
			res, err := s.Search(ctx, flashback.SearchQuery{Text: "comet"})
			if err != nil || res.Total != c.events {
				t.Errorf("comet: %d hits, %v; want %d", res.Total, err, c.events)
			}
		})
	}
}

// TestDecodeStructure reads a segment count from both record layouts and
// refuses a record cut short.
func TestDecodeStructure(t *testing.T) {
	cases := []struct {
		name    string
		rec     []byte
		want    []int
		wantErr bool
	}{
		// cookie; 2 levels, 3 segments, write counter 5; level 0: merging
		// 0, 1 segment (id 1, leaves 1..2); level 1: merging 0, 2
		// segments (ids 2 and 3).
		{"V1", []byte{0, 0, 0, 1, 2, 3, 5, 0, 1, 1, 1, 2, 0, 2, 2, 1, 4, 3, 1, 300>>7 | 0x80, 300 & 0x7f}, []int{1, 2}, false},
		{"V2", []byte{0, 0, 0, 1, 0xff, 0, 0, 1, 1, 1, 7, 0, 1, 9, 1, 4, 0, 0, 0, 0, 12}, []int{1}, false},
		{"CutShort", []byte{0, 0, 0, 1, 2, 3, 5, 0, 1, 1}, nil, true},
		{"NoCookie", []byte{0, 0}, nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := decodeStructure(c.rec)
			if (err != nil) != c.wantErr {
				t.Fatalf("err %v, want one: %v", err, c.wantErr)
			}
			if !c.wantErr && fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("levels %v, want %v", got, c.want)
			}
		})
	}
}
