package flashback_test

import (
	"testing"

	"flashback"
)

func TestSearchQueryWindow(t *testing.T) {
	tests := []struct {
		name           string
		page, limit, n int
		from, to       int
		more           bool
	}{
		{"FirstOfMany", 1, 20, 45, 0, 20, true},
		{"LastPartial", 3, 20, 45, 40, 45, false},
		{"ExactlyFull", 2, 20, 40, 20, 40, false},
		{"PastTheEnd", 5, 20, 45, 45, 45, false},
		{"None", 1, 20, 0, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := flashback.SearchQuery{Page: tc.page, Limit: tc.limit}
			from, to, more := q.Window(tc.n)
			if from != tc.from || to != tc.to || more != tc.more {
				t.Errorf("Window(%d) = %d, %d, %v; want %d, %d, %v", tc.n, from, to, more, tc.from, tc.to, tc.more)
			}
		})
	}
}

func TestRankSearchNewerFirstAmongEquals(t *testing.T) {
	terms := flashback.ParseSearch("moon")
	cands := []flashback.SearchCandidate{
		{ID: 1, Headline: "Moon landing"},
		{ID: 3, Headline: "Moon landing"},
		{ID: 2, Headline: "A rocket leaves; the moon waits", Summary: "Far from the moon."},
	}
	flashback.RankSearch(cands, terms)
	// The two equal headlines score the same; the newer (higher ID) leads.
	if cands[0].ID != 3 || cands[1].ID != 1 || cands[0].Score != cands[1].Score || cands[1].Score < cands[2].Score {
		t.Errorf("ranked %+v, want IDs 3 and 1 tied first, best first", cands)
	}
}
