package storetest

import (
	"fmt"
	"testing"
	"time"

	"flashback"
)

// many returns n events made by headline and body from their number, each
// newer than the last, with external keys named after tag.
func many(n int, tag string, headline, body func(i int) string) []*flashback.Event {
	events := make([]*flashback.Event, n)
	for i := range events {
		e := day(headline(i), 1900+i%100, time.Month(1+i%12), 1+i%28)
		e.Body, e.ExternalKey = body(i), fmt.Sprintf("%s:%d", tag, i)
		events[i] = e
	}
	return events
}

// testSearchWindow checks the matches a search ranks when a word is too
// common to rank them all: they are chosen by relevance, not age, so an
// old event with the word in a short headline still comes first, and the
// result says it was cut and where.
func testSearchWindow(t *testing.T, newStore NewSearchStore) {
	s := newStore(t)
	over := flashback.SearchScanLimit + 50
	mustCreate(t, s, day("Armistice signed", 1918, time.November, 11), day("Siege of Orleans", 1429, time.May, 8))
	mustImport(t, s, many(over, "body", func(i int) string { return fmt.Sprintf("Report %04d", i) },
		func(int) string { return "Long after the armistice, the town rebuilt." }))
	mustImport(t, s, many(over, "long", func(i int) string {
		return fmt.Sprintf("A long headline that mentions the siege only in passing, number %04d", i)
	}, func(int) string { return "" }))
	cases := []struct {
		name       string
		q          flashback.SearchQuery
		total      int
		exact, cut bool
		first      string
	}{
		// The old event is the only one with the word in its headline;
		// over a thousand newer ones have it in their article.
		{"HeadlineBeatsNewerArticles", flashback.SearchQuery{Text: "armistice"}, flashback.SearchRankWindow, false, false, "Armistice signed"},
		// Over a thousand newer headlines hold the word, all longer.
		{"ShortestHeadlineAmongMany", flashback.SearchQuery{Text: "siege"}, flashback.SearchRankWindow, false, true, "Siege of Orleans"},
		// Past the headlines read, a filter admits nothing: the result
		// says so rather than that nothing matches.
		{"FilterSeesOnlyTheMatchesRead", flashback.SearchQuery{Text: "siege", Category: flashback.CategoryMusic}, 0, false, true, ""},
		{"RareWordExact", flashback.SearchQuery{Text: "report 0007"}, 1, true, false, "Report 0007"},
		{"PrefixWhenWholeWordsAreFew", flashback.SearchQuery{Text: "orlea"}, 1, true, false, "Siege of Orleans"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustSearch(t, s, c.q)
			if res.Total != c.total || res.Exact != c.exact || res.HeadlinesCut != c.cut {
				t.Errorf("Total %d, Exact %v, HeadlinesCut %v; want %d, %v, %v", res.Total, res.Exact, res.HeadlinesCut, c.total, c.exact, c.cut)
			}
			if c.first != "" && (len(res.Hits) == 0 || res.Hits[0].Event.Headline != c.first) {
				t.Errorf("first hit of %q: %q, want %q", c.q.Text, headlines(hitHeadlines(res)), c.first)
			}
		})
	}
}
