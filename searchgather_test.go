package flashback_test

import (
	"reflect"
	"testing"

	"flashback"
)

// fakeMatches is a store's matches in each order: n admitted ones from
// first down, then refused ones, as a SearchScan reads them.
type fakeMatches struct {
	headline, all []flashback.SearchMatch
	prefixReads   int // reads of terms whose last word is a prefix
}

func matchRun(first, n, refused int) []flashback.SearchMatch {
	var out []flashback.SearchMatch
	for i := range n {
		out = append(out, flashback.SearchMatch{ID: int64(first - i), Admitted: true})
	}
	for i := range refused {
		out = append(out, flashback.SearchMatch{ID: int64(first - n - i)})
	}
	return out
}

func (f *fakeMatches) scan(terms []flashback.SearchTerm, order flashback.SearchOrder, yield func(flashback.SearchMatch) bool) error {
	if terms[len(terms)-1].Prefix {
		f.prefixReads++
	}
	ms := f.all
	if order == flashback.ByHeadline {
		ms = f.headline
	}
	for _, m := range ms[:min(len(ms), flashback.SearchScanLimit)] {
		if !yield(m) {
			break
		}
	}
	return nil
}

func TestGatherSearch(t *testing.T) {
	const window, limit = flashback.SearchRankWindow, flashback.SearchScanLimit
	cases := []struct {
		name               string
		headline, all      []flashback.SearchMatch
		n, inHeadline      int
		exact, cut, prefix bool
	}{
		// The headline matches are read again among all matches, and
		// taken once.
		{"FewMatches", matchRun(3, 2, 0), matchRun(5, 5, 0), 5, 2, true, false, true},
		{"HeadlinesFillTheWindow", matchRun(9000, window+5, 0), matchRun(9000, 9000, 0), window, window, false, true, false},
		{"RestFillsTheWindow", matchRun(5000, 10, 0), matchRun(5000, 5000, 0), window, 10, false, false, false},
		{"FilterRefusesTheHeadlinesRead", matchRun(5000, 0, 5000), matchRun(5000, 0, 5000), 0, 0, false, true, false},
		{"FilterRefusesTheRestRead", matchRun(5000, 3, 0), matchRun(5000, 3, 4997), 3, 3, false, false, false},
		{"ExactlyTheScanLimit", matchRun(limit, 0, limit-1), matchRun(limit, 0, limit-1), 0, 0, true, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &fakeMatches{headline: c.headline, all: c.all}
			cands, exact, cut, err := flashback.GatherSearch(flashback.ParseSearch("word"), f.scan, nil)
			if err != nil {
				t.Fatal(err)
			}
			inHeadline, seen := 0, map[int64]bool{}
			for _, c := range cands {
				if c.InHeadline {
					inHeadline++
				}
				if seen[c.ID] {
					t.Errorf("candidate %d taken twice", c.ID)
				}
				seen[c.ID] = true
			}
			if len(cands) != c.n || inHeadline != c.inHeadline || exact != c.exact || cut != c.cut || (f.prefixReads > 0) != c.prefix {
				t.Errorf("%d candidates (%d in headline), exact %v, cut %v, prefix read %v; want %d (%d), %v, %v, %v",
					len(cands), inHeadline, exact, cut, f.prefixReads > 0, c.n, c.inHeadline, c.exact, c.cut, c.prefix)
			}
		})
	}
}

func TestRankSearchHeadlinesFirst(t *testing.T) {
	cands := []flashback.SearchCandidate{
		{ID: 3, Headline: "Parade", Summary: "The war ended, the war was over, war no more."},
		{ID: 1, Headline: "A very long headline that mentions the war once among many other words", InHeadline: true},
		{ID: 2, Headline: "War", InHeadline: true},
	}
	flashback.RankSearch(cands, flashback.ParseSearch(`"war"`))
	var ids []int64
	for _, c := range cands {
		ids = append(ids, c.ID)
	}
	if !reflect.DeepEqual(ids, []int64{2, 1, 3}) {
		t.Errorf("ranked %v, want the headlines first, the shorter first", ids)
	}
}

// TestGatherSearchLongerWords checks that a prefix is read only when the
// store holds a longer word it starts, and asks only when the whole words
// were read exactly.
func TestGatherSearchLongerWords(t *testing.T) {
	few := matchRun(3, 2, 0)
	many := matchRun(9000, flashback.SearchRankWindow+5, 0)
	cases := []struct {
		name          string
		headline      []flashback.SearchMatch
		longer, asked bool
		prefixReads   int
	}{
		{"NoLongerWord", few, false, true, 0},
		{"LongerWord", few, true, true, 1},
		{"WholeWordsCut", many, false, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &fakeMatches{headline: c.headline, all: c.headline}
			var asked []string
			_, _, _, err := flashback.GatherSearch(flashback.ParseSearch("treaty signed"), f.scan, func(word string) (bool, error) {
				asked = append(asked, word)
				return c.longer, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if f.prefixReads != c.prefixReads*2 || (len(asked) > 0) != c.asked || (c.asked && asked[0] != "signed") {
				t.Errorf("%d prefix reads, asked %q; want %d, asked %v", f.prefixReads, asked, c.prefixReads*2, c.asked)
			}
		})
	}
}
