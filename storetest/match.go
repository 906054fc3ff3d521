package storetest

import (
	"context"
	"slices"
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
