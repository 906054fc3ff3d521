package flashback

import (
	"cmp"
	"context"
	"slices"
	"time"
	"unicode/utf8"
)

// Search limits. A page holds at most MaxSearchLimit hits, and a query
// counts at most MaxSearchTerms terms, so that neither a pasted book nor a
// crafted URL can make one search costly.
const (
	DefaultSearchLimit = 20
	MaxSearchLimit     = 50
	MaxSearchTerms     = 16
	// MaxSearchLength bounds the text of a query, in characters as a
	// form's maxlength counts them; longer is an error rather than
	// silently cut, so the reader knows what was searched.
	MaxSearchLength = 500
)

// SearchQuery is what a reader asks of the search: words, optionally
// narrowed to a category and a range of years, one page at a time.
type SearchQuery struct {
	// Text is what the reader typed. Words in double quotes are a phrase;
	// the last word outside quotes also matches longer words it starts
	// ("moo" finds "moon"). Operators and punctuation are plain separators.
	Text     string
	Category string // a category slug; "" for all
	// FromYear and ToYear bound the event's year, both included, in
	// astronomical numbering (1 BC is 0). Nil leaves that end open.
	// Events without a year (observances) never match a year range.
	FromYear, ToYear *int
	Page             int // 1-based; 0 means 1
	Limit            int // hits per page; 0 means DefaultSearchLimit
}

// Validate checks the query and fills in the defaults of Page and Limit.
func (q *SearchQuery) Validate() error {
	if utf8.RuneCountInString(q.Text) > MaxSearchLength {
		return Errorf(EINVALID, "The search is too long (%d characters at most).", MaxSearchLength)
	}
	if q.FromYear != nil && q.ToYear != nil && *q.FromYear > *q.ToYear {
		return Errorf(EINVALID, "The year range runs backwards: %s comes after %s.", FormatYear(*q.FromYear), FormatYear(*q.ToYear))
	}
	for _, y := range []*int{q.FromYear, q.ToYear} {
		if y != nil && (*y < MinYear || *y > MaxYear) {
			return errYearRange()
		}
	}
	if q.Page < 0 || q.Limit < 0 || q.Limit > MaxSearchLimit {
		return Errorf(EINVALID, "A page holds 1 to %d results, and pages count from 1.", MaxSearchLimit)
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if q.Limit == 0 {
		q.Limit = DefaultSearchLimit
	}
	return nil
}

// SearchResult is one page of a search.
type SearchResult struct {
	Hits []SearchHit
	// Total is how many published events match the words and filters.
	// When Exact is false the search stopped reading matches (a very
	// common word): there may be more than Total, and the hits are the
	// best of the Total it ranked, chosen as GatherSearch says.
	Total int
	Exact bool
	// HeadlinesCut tells, when Exact is false, that even the events with
	// every word in their headline were too many to rank: the hits are the
	// best of those with the shortest such headlines. When it is false,
	// every such event was ranked, and only events with the words elsewhere
	// were left out, the older first.
	HeadlinesCut bool
	Page         int
	// HasMore tells whether a next page exists.
	HasMore bool
}

// SearchHit is one event found, with its headline and a short passage of
// its text in which the matched words are marked.
type SearchHit struct {
	Event    *Event  // its Body is left empty
	Headline Snippet // the whole headline, matches marked
	Snippet  Snippet // a passage of the summary or article, matches marked
	Rank     float64 // higher is better; only comparable within one search
}

// Searcher finds published events by their words.
type Searcher interface {
	// Search returns the page q.Page of the published events matching
	// q, best first; ties go to the newer event (higher ID), so pages of
	// an unchanged store never repeat or skip a hit. A query without any
	// word matches nothing. Invalid queries are EINVALID errors.
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)
}

// SearchIndexTidier is a store whose search indexes large writes, imports
// above all, leave in pieces that a search reads slower than one.
// TidySearchIndexes puts the pieces of each index that needs it together
// and returns how long that took, zero when none needed it. It may take
// seconds; other writers wait for it in short steps, never all along.
type SearchIndexTidier interface {
	TidySearchIndexes(ctx context.Context) (time.Duration, error)
}

// A store cannot rank every match of a common word: a full-text index's
// own ranking (FTS5's bm25(), say) scores each of them, which for a word in
// half of a million events takes tens to hundreds of milliseconds. So a
// search ranks a window of at most SearchRankWindow matches, which
// GatherSearch chooses by relevance (see there), and reads at most
// SearchScanLimit matches for each part of it (filters that admit few need
// to read more). Below both bounds, which is every search of a rare word,
// ranking and totals are exact.
const (
	SearchRankWindow = 300
	SearchScanLimit  = 1000
)

// SearchCandidate is a match a store read, to be ranked.
type SearchCandidate struct {
	ID                int64
	Headline, Summary string
	// InHeadline tells that the headline holds every term, which ranks
	// the event above every event whose headline does not.
	InHeadline bool
	Score      float64
}

// RankSearch scores cands for terms and sorts them best first: the events
// with every term in their headline before the others, then by score, the
// newer event first among equals, so that every page is the same each time
// for the same data.
func RankSearch(cands []SearchCandidate, terms []SearchTerm) {
	if len(cands) == 0 {
		return
	}
	fields := make([]SearchFields, len(cands))
	for i, c := range cands {
		fields[i] = SearchFields{Headline: c.Headline, Summary: c.Summary}
	}
	for i, score := range SearchScores(terms, fields) {
		cands[i].Score = score
	}
	slices.SortFunc(cands, func(a, b SearchCandidate) int {
		if a.InHeadline != b.InHeadline {
			if a.InHeadline {
				return -1
			}
			return 1
		}
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.ID, a.ID)
	})
}

// Window returns the bounds of q's page among n ranked candidates, and
// whether more follow it.
func (q SearchQuery) Window(n int) (from, to int, more bool) {
	from = min((q.Page-1)*q.Limit, n)
	to = min(from+q.Limit, n)
	return from, to, to < n
}
