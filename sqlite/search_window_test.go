package sqlite

import (
	"context"
	"fmt"
	"testing"

	"flashback"
)

// TestSearchWindow checks the bounds a search reads within: past them the
// total is a lower bound, ranking holds within the newest matches, and a
// filter still finds what it admits among the matches read.
func TestSearchWindow(t *testing.T) {
	s := NewEventStore(openTestDB(t))
	var events []*flashback.Event
	for i := range flashback.SearchScanLimit + 50 {
		e := testEvent(i)
		e.Headline = fmt.Sprintf("War report %04d", i)
		e.ExternalKey = fmt.Sprintf("w:%d", i)
		if i == flashback.SearchScanLimit+40 {
			e.Headline, e.Category = "Warsaw reports", flashback.CategoryMusic
		}
		events = append(events, e)
	}
	if _, err := s.ImportEvents(context.Background(), events); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		q         flashback.SearchQuery
		total     int
		exact     bool
		firstHead string
	}{
		{"CommonWordBounded", flashback.SearchQuery{Text: "war"}, flashback.SearchRankWindow, false, fmt.Sprintf("War report %04d", flashback.SearchScanLimit+49)},
		{"FilterSeesOnlyTheMatchesRead", flashback.SearchQuery{Text: "war", Category: flashback.CategoryMusic}, 0, false, ""},
		{"PrefixWhenWholeWordsAreFew", flashback.SearchQuery{Text: "warsa"}, 1, true, "Warsaw reports"},
		{"RareWordExact", flashback.SearchQuery{Text: "report 0007"}, 1, true, "War report 0007"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := s.Search(context.Background(), c.q)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != c.total || res.Exact != c.exact {
				t.Errorf("Total %d, Exact %v; want %d, %v", res.Total, res.Exact, c.total, c.exact)
			}
			if c.firstHead != "" && (len(res.Hits) == 0 || res.Hits[0].Event.Headline != c.firstHead) {
				t.Errorf("first hit %v, want %q", res.Hits, c.firstHead)
			}
		})
	}
}
