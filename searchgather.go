package flashback

// SearchOrder is an order in which a store reads the matches of a search.
type SearchOrder int

const (
	// ByHeadline reads only the events whose headline holds every term,
	// the shortest headline first and the newer event first among
	// headlines of equal length (in characters). Among events whose
	// headline holds the words, BM25 scores the shorter headline higher,
	// so this reads the likely best first without scoring any.
	ByHeadline SearchOrder = iota
	// Newest reads every match, the newer event first.
	Newest
)

// SearchMatch is a match a store read: whether the search's filters admit
// it and, only if they do, the text ranking reads.
type SearchMatch struct {
	ID                int64
	Admitted          bool
	Headline, Summary string
}

// SearchScan reads at most SearchScanLimit matches of every term in order,
// those the filters refuse included (the limit bounds the work, and a
// refused match brings no text), and passes each to yield until yield
// returns false.
type SearchScan func(terms []SearchTerm, order SearchOrder, yield func(SearchMatch) bool) error

// GatherSearch chooses the matches a search ranks, by relevance rather than
// age: first the events with every term in their headline, which rank above
// all others, shortest headline first; then, only if those were all read,
// the other matches, newest first. Either read stops at SearchRankWindow
// admitted matches or SearchScanLimit read ones, and exact is false if one
// did. headlinesCut tells that the first read stopped, so that no event
// with the words only elsewhere was ranked.
//
// Whole words are gathered first. A prefix (the last word typed, "indep")
// costs more to look up than a word, and a whole word ranks above a longer
// word it starts, so the prefix is only looked up when the whole words
// were read exactly, and when longer says the index holds a longer word
// it starts: most readers type their last word whole, and reading the
// matches of a rare word twice was the costliest part of their search.
// A nil longer is taken to say yes.
func GatherSearch(terms []SearchTerm, scan SearchScan, longer LongerWords) (cands []SearchCandidate, exact, headlinesCut bool, err error) {
	cands, exact, headlinesCut, err = gatherTerms(wholeLastWord(terms), scan)
	last := terms[len(terms)-1]
	if err != nil || !exact || !last.Prefix {
		return cands, exact, headlinesCut, err
	}
	if longer != nil {
		more, err := longer(last.Words[len(last.Words)-1])
		if err != nil || !more {
			return cands, exact, headlinesCut, err
		}
	}
	return gatherTerms(terms, scan)
}

// LongerWords tells whether a store's full-text index holds a word longer
// than word (lower case, as a SearchTerm holds it) that starts with it. It
// may say yes when it cannot tell, never no when there is one: a prefix
// then matches what the whole word does, and GatherSearch reads it once.
type LongerWords func(word string) (bool, error)

func gatherTerms(terms []SearchTerm, scan SearchScan) (cands []SearchCandidate, exact, headlinesCut bool, err error) {
	// Sized for a full window at once: grown by appending, the list
	// and the map of a search that fills it were reallocated some ten
	// times (with the matches' list sized as well, the benchmark's mix
	// on PostgreSQL allocated 85.6 MB instead of 95.7).
	g := gatherer{cands: make([]SearchCandidate, 0, SearchRankWindow), taken: make(map[int64]bool, SearchRankWindow)}
	if exact, err = g.read(terms, ByHeadline, scan); err != nil || !exact {
		return g.cands, false, true, err
	}
	exact, err = g.read(terms, Newest, scan)
	return g.cands, exact, false, err
}

// gatherer collects the candidates of the reads of one search, each once.
type gatherer struct {
	cands []SearchCandidate
	taken map[int64]bool
}

// read adds the admitted matches of one read not taken yet, and tells
// whether it read them all.
func (g *gatherer) read(terms []SearchTerm, order SearchOrder, scan SearchScan) (all bool, err error) {
	read, full := 0, false
	err = scan(terms, order, func(m SearchMatch) bool {
		if len(g.cands) == SearchRankWindow {
			full = true
			return false
		}
		read++
		if m.Admitted && !g.taken[m.ID] {
			g.taken[m.ID] = true
			g.cands = append(g.cands, SearchCandidate{ID: m.ID, Headline: m.Headline, Summary: m.Summary, InHeadline: order == ByHeadline})
		}
		return true
	})
	return !full && read < SearchScanLimit, err
}

// wholeLastWord returns terms with the last word matched whole.
func wholeLastWord(terms []SearchTerm) []SearchTerm {
	last := terms[len(terms)-1]
	if !last.Prefix {
		return terms
	}
	last.Prefix = false
	return append(terms[:len(terms)-1:len(terms)-1], last)
}

// RankPage gathers, ranks and pages the candidates of q, which has been
// validated and whose terms are not empty: the result without its hits,
// and the candidates of the page, whose hits the store reads.
func RankPage(q SearchQuery, terms []SearchTerm, scan SearchScan, longer LongerWords) (*SearchResult, []SearchCandidate, error) {
	cands, exact, cut, err := GatherSearch(terms, scan, longer)
	if err != nil {
		return nil, nil, err
	}
	RankSearch(cands, terms)
	from, to, more := q.Window(len(cands))
	res := &SearchResult{Hits: []SearchHit{}, Total: len(cands), Exact: exact, HeadlinesCut: cut && !exact, Page: q.Page, HasMore: more}
	return res, cands[from:to], nil
}
