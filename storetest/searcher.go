package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"flashback"
)

// SearchStore keeps events and searches them.
type SearchStore interface {
	flashback.EventStore
	flashback.Searcher
}

// NewSearchStore returns an empty SearchStore that lives as long as t.
type NewSearchStore func(t *testing.T) SearchStore

// testSearcher runs the search contract's cases against fresh stores.
func testSearcher(t *testing.T, newStore NewSearchStore) {
	cases := []struct {
		name string
		run  func(*testing.T, NewSearchStore)
	}{
		{"Ranking", testSearchRanking},
		{"Matching", testSearchMatching},
		{"Filters", testSearchFilters},
		{"Pagination", testSearchPagination},
		{"Window", testSearchWindow},
		{"Highlights", testSearchHighlights},
		{"SpelledLetters", testSearchSpelledLetters},
		{"HostileText", testSearchHostileText},
		{"InvalidQueries", testSearchInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, newStore) })
	}
}

func mustSearch(t *testing.T, s flashback.Searcher, q flashback.SearchQuery) *flashback.SearchResult {
	t.Helper()
	res, err := s.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func hitHeadlines(res *flashback.SearchResult) []*flashback.Event {
	events := make([]*flashback.Event, len(res.Hits))
	for i, h := range res.Hits {
		events[i] = h.Event
	}
	return events
}

// testSearchRanking checks the order of hits: words in the headline before
// words only in the summary, a whole word before a longer word it starts,
// and the newer event first among equals.
func testSearchRanking(t *testing.T, newStore NewSearchStore) {
	s := newStore(t)
	inSummary := day("Crew returns to Earth", 1969, time.July, 24)
	inSummary.Summary = "The crew of the moon landing splashes down in the Pacific."
	inHeadline := day("Apollo 11 lands on the Moon", 1969, time.July, 20)
	inBody := day("Astronauts quarantined", 1969, time.July, 25)
	inBody.Body = "After the moon they waited three weeks."
	mustCreate(t, s, inSummary, inHeadline, inBody,
		day("Warsaw Uprising begins", 1944, time.August, 1), day("War of 1812 begins", 1812, time.June, 18),
		day("Treaty of Paris signed", 1783, time.September, 3), day("Treaty of Paris signed", 1763, time.February, 10))
	cases := []struct {
		name, text string
		want       []string
	}{
		{"HeadlineBeforeSummaryBeforeBody", "moon", []string{"Apollo 11 lands on the Moon", "Crew returns to Earth", "Astronauts quarantined"}},
		{"WholeWordBeforePrefix", "war", []string{"War of 1812 begins", "Warsaw Uprising begins"}},
		{"NewerFirstAmongEquals", "treaty paris", []string{"Treaty of Paris signed", "Treaty of Paris signed"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustSearch(t, s, flashback.SearchQuery{Text: c.text})
			assertHeadlines(t, hitHeadlines(res), c.want...)
			for i := 1; i < len(res.Hits); i++ {
				if res.Hits[i].Rank > res.Hits[i-1].Rank {
					t.Errorf("hit %d ranks %v, above hit %d's %v", i, res.Hits[i].Rank, i-1, res.Hits[i-1].Rank)
				}
			}
		})
	}
	t.Run("TieBrokenByID", func(t *testing.T) {
		res := mustSearch(t, s, flashback.SearchQuery{Text: "treaty paris"})
		if len(res.Hits) == 2 && res.Hits[0].Event.ID < res.Hits[1].Event.ID {
			t.Errorf("equal hits in ID order %d, %d; want the newer first", res.Hits[0].Event.ID, res.Hits[1].Event.ID)
		}
	})
}

// testSearchMatching checks which events a text finds: all words,
// phrases in quotes, the last word as a prefix, stop words only alone or
// in quotes, drafts never.
func testSearchMatching(t *testing.T, newStore NewSearchStore) {
	s := newStore(t)
	draft := day("Secret moon plan drafted", 1961, time.May, 25)
	draft.Published = false
	mustCreate(t, s, draft, day("The Berlin Wall falls", 1989, time.November, 9),
		day("A wall is built across Berlin", 1961, time.August, 13), day("Apollo 11 lands on the Moon", 1969, time.July, 20),
		day("Café Müller opens", 1978, time.May, 20))
	cases := []struct {
		name, text string
		want       []string
	}{
		{"AllWords", "berlin wall", []string{"A wall is built across Berlin", "The Berlin Wall falls"}},
		{"Phrase", `"berlin wall"`, []string{"The Berlin Wall falls"}},
		{"UnclosedPhrase", `"wall falls`, []string{"The Berlin Wall falls"}},
		{"LastWordIsPrefix", "apol", []string{"Apollo 11 lands on the Moon"}},
		{"EarlierWordIsWhole", "apol moon", nil},
		{"QuotedWordIsWhole", `"apol"`, nil},
		{"StarMakesPrefix", "apol* moon", []string{"Apollo 11 lands on the Moon"}},
		{"ShortLastWordIsWhole", "th", nil},
		{"AccentsFolded", "cafe muller", []string{"Café Müller opens"}},
		{"StopWordLeftOut", "the wall", []string{"A wall is built across Berlin", "The Berlin Wall falls"}},
		{"StopWordAlone", "the", []string{"The Berlin Wall falls", "Apollo 11 lands on the Moon"}},
		{"StopWordsInPhrase", `"on the moon"`, []string{"Apollo 11 lands on the Moon"}},
		{"DraftsHidden", "secret", nil},
		{"NoWords", " ?! ", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustSearch(t, s, flashback.SearchQuery{Text: c.text})
			assertSameSet(t, hitHeadlines(res), c.want)
			if res.Total != len(c.want) || !res.Exact || res.HasMore {
				t.Errorf("Total %d, Exact %v, HasMore %v; want %d, true, false", res.Total, res.Exact, res.HasMore, len(c.want))
			}
		})
	}
}

func yearRange(from, to *int) flashback.SearchQuery {
	return flashback.SearchQuery{Text: "battle", FromYear: from, ToYear: to}
}

func ptr(n int) *int { return &n }

// testSearchFilters narrows by category and by years, BC included.
func testSearchFilters(t *testing.T, newStore NewSearchStore) {
	s := newStore(t)
	music := day("Battle of the bands", 1965, time.June, 1)
	music.Category = flashback.CategoryMusic
	feast := yearless("Battle of Flowers parade", time.April, 26)
	mustCreate(t, s, day("Battle of Marathon", -489, time.September, 12), day("Battle of Actium", -30, time.September, 2),
		day("Battle of Hastings", 1066, time.October, 14), music, feast)
	cases := []struct {
		name string
		q    flashback.SearchQuery
		want []string
	}{
		{"Category", flashback.SearchQuery{Text: "battle", Category: flashback.CategoryMusic}, []string{"Battle of the bands"}},
		{"BCRange", yearRange(ptr(-500), ptr(0)), []string{"Battle of Actium", "Battle of Marathon"}},
		{"OneBCYear", yearRange(ptr(-30), ptr(-30)), []string{"Battle of Actium"}},
		{"AcrossEras", yearRange(ptr(-100), ptr(1100)), []string{"Battle of Actium", "Battle of Hastings"}},
		{"OpenStart", yearRange(nil, ptr(-100)), []string{"Battle of Marathon"}},
		{"OpenEnd", yearRange(ptr(1000), nil), []string{"Battle of the bands", "Battle of Hastings"}},
		{"YearlessOnlyWithoutYears", flashback.SearchQuery{Text: "parade"}, []string{"Battle of Flowers parade"}},
		{"YearlessNotInRange", flashback.SearchQuery{Text: "parade", FromYear: ptr(0), ToYear: ptr(0)}, nil},
		{"CategoryAndYears", flashback.SearchQuery{Text: "battle", Category: flashback.CategoryMusic, ToYear: ptr(1900)}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertSameSet(t, hitHeadlines(mustSearch(t, s, c.q)), c.want)
		})
	}
}

// assertSameSet compares headlines ignoring order, for cases about which
// events match rather than how they rank.
func assertSameSet(t *testing.T, events []*flashback.Event, want []string) {
	t.Helper()
	got := map[string]int{}
	for _, h := range headlines(events) {
		got[h]++
	}
	for _, w := range want {
		got[w]--
	}
	for h, n := range got {
		if n != 0 {
			t.Errorf("headline %q found %+d times more than wanted; got %q", h, n, headlines(events))
		}
	}
}

// testSearchPagination walks every page of equal hits: each event exactly
// once, in the same order as one large page, and HasMore until the last.
func testSearchPagination(t *testing.T, newStore NewSearchStore) {
	s := newStore(t)
	for i := range 23 {
		mustCreate(t, s, day(fmt.Sprintf("Treaty number %d signed", i), 1900+i, time.March, 1))
	}
	all := mustSearch(t, s, flashback.SearchQuery{Text: "treaty", Limit: flashback.MaxSearchLimit})
	if all.Total != 23 || len(all.Hits) != 23 {
		t.Fatalf("one page: Total %d, %d hits; want 23", all.Total, len(all.Hits))
	}
	var walked []int64
	for page := 1; ; page++ {
		res := mustSearch(t, s, flashback.SearchQuery{Text: "treaty", Page: page, Limit: 5})
		for _, h := range res.Hits {
			walked = append(walked, h.Event.ID)
		}
		if res.Total != 23 || res.Page != page {
			t.Errorf("page %d: Total %d, Page %d", page, res.Total, res.Page)
		}
		if !res.HasMore {
			break
		}
		if page > 5 {
			t.Fatalf("page %d still has more", page)
		}
	}
	for i, h := range all.Hits {
		if i >= len(walked) || walked[i] != h.Event.ID {
			t.Fatalf("walked pages %v, want %v", walked, hitIDs(all))
		}
	}
	if len(walked) != 23 {
		t.Errorf("walked %d hits, want 23", len(walked))
	}
	if past := mustSearch(t, s, flashback.SearchQuery{Text: "treaty", Page: 9, Limit: 5}); len(past.Hits) != 0 || past.HasMore {
		t.Errorf("past the end: %d hits, HasMore %v", len(past.Hits), past.HasMore)
	}
}

func hitIDs(res *flashback.SearchResult) []int64 {
	ids := make([]int64, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.Event.ID
	}
	return ids
}

// testSearchHighlights checks that marks cover the matched words, in the
// headline and in the excerpt, and nothing else.
func testSearchHighlights(t *testing.T, newStore NewSearchStore) {
	s := newStore(t)
	e := day("Apollo 11 lands on the Moon", 1969, time.July, 20)
	e.Summary = "Armstrong and Aldrin walk on the Moon while Collins orbits."
	long := day("Long article", 1970, time.January, 1)
	long.Summary = "Nothing to see here."
	long.Body = strings.Repeat("Filler words about nothing at all. ", 20) + "Then the zeppelin arrived. " + strings.Repeat("More filler. ", 20)
	mustCreate(t, s, e, long)
	res := mustSearch(t, s, flashback.SearchQuery{Text: "moon aldr"})
	if len(res.Hits) != 1 {
		t.Fatalf("%d hits, want 1", len(res.Hits))
	}
	assertMarked(t, "headline", res.Hits[0].Headline, "Moon")
	assertMarked(t, "snippet", res.Hits[0].Snippet, "Aldrin", "Moon")
	if res.Hits[0].Headline.Text != e.Headline {
		t.Errorf("headline text %q, want the whole headline", res.Hits[0].Headline.Text)
	}
	res = mustSearch(t, s, flashback.SearchQuery{Text: "zeppelin"})
	if len(res.Hits) != 1 {
		t.Fatalf("%d hits for a word in a body, want 1", len(res.Hits))
	}
	snip := res.Hits[0].Snippet
	assertMarked(t, "body excerpt", snip, "zeppelin")
	if !strings.HasPrefix(snip.Text, "… ") || !strings.HasSuffix(snip.Text, " …") || len(snip.Text) > 400 {
		t.Errorf("body excerpt %q: want a short passage cut at both ends", snip.Text)
	}
	if res.Hits[0].Event.Body != "" {
		t.Error("a hit's event carries its article; hits leave it out")
	}
}

func assertMarked(t *testing.T, what string, s flashback.Snippet, want ...string) {
	t.Helper()
	var got []string
	for _, p := range s.Parts() {
		if p.Marked {
			got = append(got, p.Text)
		}
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s %q marks %q, want %q", what, s.Text, got, want)
	}
}

// testSearchHostileText: whatever a reader types is searched as words and
// never reaches the index as syntax.
func testSearchHostileText(t *testing.T, newStore NewSearchStore) {
	s := newStore(t)
	mustCreate(t, s, day("Apollo 11 lands on the Moon", 1969, time.July, 20))
	inputs := []string{`"`, `""`, `"" *`, `*`, `moo*n`, `NEAR(moon`, `moon NOT apollo`, `moon OR`, `-moon`, `headline:moon`,
		`{headline}: moon`, `^moon`, `((moon`, `moon'); DROP TABLE events; --`, `\`, "moon\x00", "\u0301", "a\u0301*",
		"🌕 moon", `"moon" "`, strings.Repeat("moon ", 100), strings.Repeat(`"`, 200)}
	for i, in := range inputs {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			mustSearch(t, s, flashback.SearchQuery{Text: in})
		})
	}
	if _, total := mustFind(t, s, flashback.EventFilter{}); total != 1 {
		t.Errorf("%d events after hostile searches, want 1", total)
	}
}

// testSearchInvalid: parameters out of bounds are EINVALID, not silently
// changed.
func testSearchInvalid(t *testing.T, newStore NewSearchStore) {
	s := newStore(t)
	cases := []struct {
		name string
		q    flashback.SearchQuery
	}{
		{"Backwards", flashback.SearchQuery{Text: "x", FromYear: ptr(1900), ToYear: ptr(-44)}},
		{"YearTooLarge", flashback.SearchQuery{Text: "x", ToYear: ptr(flashback.MaxYear + 1)}},
		{"LimitTooLarge", flashback.SearchQuery{Text: "x", Limit: flashback.MaxSearchLimit + 1}},
		{"NegativePage", flashback.SearchQuery{Text: "x", Page: -1}},
		{"TooLong", flashback.SearchQuery{Text: strings.Repeat("x", flashback.MaxSearchLength+1)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Search(context.Background(), c.q)
			assertCode(t, err, flashback.EINVALID)
		})
	}
}
