package storetest

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"flashback"
)

// testMatchHeadlines checks the ranked headline search that conflict
// detection uses: best match first, headlines only, within the asked
// categories, drafts included, never more than the limit.
func testMatchHeadlines(t *testing.T, newStore NewStore) {
	s := newStore(t)
	luna9 := day("Luna 9 lands on the Moon", 1966, time.February, 3)
	luna2 := day("Luna 2 crashes into the Moon", 1959, time.September, 13)
	apollo := day("Apollo 11 lands on the Moon", 1969, time.July, 20)
	apollo.Category = flashback.CategoryScience
	apollo.Body = "Armstrong and Aldrin walk where Luna probes had landed."
	draft := day("Luna 3 photographs the far side of the Moon", 1959, time.October, 7)
	draft.Published = false
	symphony := day("Antonín Dvořák's New World Symphony premieres", 1893, time.December, 16)
	symphony.Category = flashback.CategoryMusic
	mustCreate(t, s, luna9, luna2, apollo, draft, symphony)

	cases := []struct {
		name  string
		match flashback.HeadlineMatch
		first string   // the best match, when one is certain
		want  []string // every match, in any order
	}{
		{"BestFirst", flashback.HeadlineMatch{Words: []string{"Luna", "lands", "Moon"}, Limit: 10},
			luna9.Headline, []string{luna9.Headline, luna2.Headline, apollo.Headline, draft.Headline}},
		{"HeadlinesOnly", flashback.HeadlineMatch{Words: []string{"Armstrong"}, Limit: 10}, "", nil},
		{"Categories", flashback.HeadlineMatch{Words: []string{"Moon"}, Categories: []string{flashback.CategoryScience, flashback.CategoryMusic}, Limit: 10},
			apollo.Headline, []string{apollo.Headline}},
		{"Limit", flashback.HeadlineMatch{Words: []string{"Luna", "lands"}, Limit: 1}, luna9.Headline, []string{luna9.Headline}},
		{"CaseAndAccents", flashback.HeadlineMatch{Words: []string{"DVORAK"}, Limit: 10}, symphony.Headline, []string{symphony.Headline}},
		{"NoWords", flashback.HeadlineMatch{Words: []string{" ", "*", `"`}, Limit: 10}, "", nil},
		{"Operators", flashback.HeadlineMatch{Words: []string{"NEAR(", "OR", "Moon)"}, Limit: 10}, "",
			[]string{luna9.Headline, luna2.Headline, apollo.Headline, draft.Headline}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.MatchHeadlines(context.Background(), c.match)
			if err != nil {
				t.Fatalf("MatchHeadlines(%+v): %v", c.match, err)
			}
			if c.first != "" && (len(got) == 0 || got[0].Headline != c.first) {
				t.Errorf("best match %q, want %q", headlines(got), c.first)
			}
			gotSet, wantSet := headlines(got), slices.Clone(c.want)
			slices.Sort(gotSet)
			slices.Sort(wantSet)
			if !slices.Equal(gotSet, wantSet) {
				t.Errorf("matches %q, want %q", gotSet, wantSet)
			}
		})
	}
	t.Run("LimitRequired", func(t *testing.T) {
		_, err := s.MatchHeadlines(context.Background(), flashback.HeadlineMatch{Words: []string{"Moon"}})
		assertCode(t, err, flashback.EINVALID)
	})
}

// testMatchHeadlinesRanking holds every store to the one ranking
// flashback.MatchK1 describes, worked out here from the headlines alone:
// among more matches than the limit keeps, each store keeps the same events
// in the same order. Articles of very different lengths, repeated words,
// drafts and rare and common words make rankings that differ from it (one
// that counted the articles' words, or ranked by another formula) keep
// others.
func testMatchHeadlinesRanking(t *testing.T, newStore NewStore) {
	s := newStore(t)
	words := []string{"moon", "luna", "crater", "probe", "orbit", "lands", "soviet", "first", "image", "far", "side"}
	var all []*flashback.Event
	for i := range 60 {
		n := 2 + (i*7)%6
		hl := make([]string, 0, n)
		for j := range n {
			hl = append(hl, words[(i*(j+3)+j*j)%len(words)])
		}
		if i%9 == 0 {
			hl = append(hl, "moon") // a repeated word for some
		}
		e := day(strings.Join(hl, " "), 1950+i, time.Month(1+i%12), 1+i%28)
		e.Summary = strings.Repeat("Filler words of the summary. ", i%5)
		e.Body = strings.Repeat("An article of some length. ", (i*13)%40)
		e.Published = i%11 != 0
		if i%4 == 0 {
			e.Category = flashback.CategoryScience
		}
		all = append(all, e)
	}
	mustCreate(t, s, all...)

	for _, c := range []struct {
		name string
		m    flashback.HeadlineMatch
	}{
		{"AllCategories", flashback.HeadlineMatch{Words: []string{"Luna", "crater", "Moon"}, Limit: 12}},
		{"OneCategory", flashback.HeadlineMatch{Words: []string{"far", "side", "probe"}, Categories: []string{flashback.CategoryScience}, Limit: 5}},
		{"CommonWord", flashback.HeadlineMatch{Words: []string{"moon", "soviet image"}, Limit: 20}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.MatchHeadlines(context.Background(), c.m)
			if err != nil {
				t.Fatal(err)
			}
			want := rankHeadlines(all, c.m)
			if len(want) <= c.m.Limit {
				t.Fatalf("the fixture gives %d matches, no more than the limit %d: the test shows nothing", len(want), c.m.Limit)
			}
			want = want[:c.m.Limit]
			if !slices.Equal(ids(got), ids(want)) {
				t.Errorf("kept\n%v\nwant, by the shared ranking,\n%v", describe(got), describe(want))
			}
		})
	}
}

// rankHeadlines is the shared ranking worked out in Go for headlines of
// lower-case ASCII words: every match, best first, however many.
func rankHeadlines(all []*flashback.Event, m flashback.HeadlineMatch) []*flashback.Event {
	terms := flashback.MatchTerms(m.Words)
	tokens := func(e *flashback.Event) []string { return strings.Fields(strings.ToLower(e.Headline)) }
	hits := make([]int, len(terms))
	total := 0
	for _, e := range all {
		toks := tokens(e)
		total += len(toks)
		for i, t := range terms {
			if slices.Contains(toks, t) {
				hits[i]++
			}
		}
	}
	avgdl := float64(total) / float64(len(all))
	type scored struct {
		e     *flashback.Event
		score float64
	}
	var ranked []scored
	for _, e := range all {
		if len(m.Categories) > 0 && !slices.Contains(m.Categories, e.Category) {
			continue
		}
		toks := tokens(e)
		score, found := 0.0, false
		for i, t := range terms {
			f := 0.0
			for _, tok := range toks {
				if tok == t {
					f++
				}
			}
			found = found || f > 0
			idf := math.Log((float64(len(all)-hits[i]) + 0.5) / (float64(hits[i]) + 0.5))
			if idf <= 0 {
				idf = 1e-6
			}
			score += idf * ((f * (flashback.MatchK1 + 1.0)) / (f + flashback.MatchK1*(1-flashback.MatchB+flashback.MatchB*float64(len(toks))/avgdl)))
		}
		if found {
			ranked = append(ranked, scored{e, score})
		}
	}
	slices.SortStableFunc(ranked, func(a, b scored) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(a.e.ID, b.e.ID)
	})
	var out []*flashback.Event
	for _, r := range ranked {
		out = append(out, r.e)
	}
	return out
}

func ids(events []*flashback.Event) []int64 {
	out := make([]int64, len(events))
	for i, e := range events {
		out[i] = e.ID
	}
	return out
}

func describe(events []*flashback.Event) string {
	var b strings.Builder
	for _, e := range events {
		fmt.Fprintf(&b, "  %d %q\n", e.ID, e.Headline)
	}
	return b.String()
}
