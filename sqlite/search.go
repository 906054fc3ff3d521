package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"flashback"
)

var _ flashback.Searcher = (*EventStore)(nil)

// searchWindow is how many of a query's matches, newest first, one search
// reads and ranks. FTS5's bm25() weighs each term by a count of every row
// that holds it, which for a word in half of a million events takes tens
// to hundreds of milliseconds; reading a bounded window of matches keeps a
// search within a few milliseconds however common its words. Below the
// window, which is every query of a rare word, ranking and totals are
// exact.
const searchWindow = 1000

// excerptWords is the length of the passage shown under a hit.
const excerptWords = 30

// candidate is a match read in the window.
type candidate struct {
	id                int64
	headline, summary string
	score             float64
}

// Search ranks the published events matching q; see flashback.Searcher.
func (s *EventStore) Search(ctx context.Context, q flashback.SearchQuery) (*flashback.SearchResult, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	res := &flashback.SearchResult{Hits: []flashback.SearchHit{}, Page: q.Page, Exact: true}
	terms := flashback.ParseSearch(q.Text)
	if len(terms) == 0 {
		return res, nil
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	cands, scanned, err := searchCandidates(ctx, tx, &q, terms)
	if err != nil {
		return nil, err
	}
	rankCandidates(cands, terms)
	res.Total, res.Exact = len(cands), scanned < searchWindow
	from := min((q.Page-1)*q.Limit, len(cands))
	to := min(from+q.Limit, len(cands))
	res.HasMore = to < len(cands)
	res.Hits, err = searchHits(ctx, tx, cands[from:to], terms)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// searchCandidates reads the window of matches and keeps those q admits.
// scanned is the number of matches read, filtered out or not.
func searchCandidates(ctx context.Context, tx *sql.Tx, q *flashback.SearchQuery, terms []flashback.SearchTerm) (cands []candidate, scanned int, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT e.id, e.published, e.category, e.year, e.precision, e.headline, e.summary
		FROM (SELECT rowid FROM events_fts WHERE events_fts MATCH ? ORDER BY rowid DESC LIMIT ?) AS m
		JOIN events e ON e.id = m.rowid`, matchExpr(terms), searchWindow)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c candidate
		var published bool
		var category string
		var d flashback.HistDate
		var prec int
		if err := rows.Scan(&c.id, &published, &category, &d.Year, &prec, &c.headline, &c.summary); err != nil {
			return nil, 0, fmt.Errorf("search: %w", err)
		}
		scanned++
		d.Precision = flashback.Precision(prec)
		if published && q.Admits(category, d) {
			cands = append(cands, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	return cands, scanned, nil
}

// matchExpr is the FTS5 query for terms: each a quoted phrase, all
// required. Terms hold only letters and digits, so quoting needs no
// escaping and no input can be read as an operator.
func matchExpr(terms []flashback.SearchTerm) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + strings.Join(t.Words, " ") + `"`
		if t.Prefix {
			parts[i] += "*"
		}
	}
	return strings.Join(parts, " ")
}

// rankCandidates scores cands and sorts them best first, the newer event
// first among equals, so that the order, and with it every page, is the
// same each time for the same data.
func rankCandidates(cands []candidate, terms []flashback.SearchTerm) {
	if len(cands) == 0 {
		return
	}
	var hw, sw int
	for _, c := range cands {
		hw += flashback.WordCount(c.headline)
		sw += flashback.WordCount(c.summary)
	}
	n := float64(len(cands))
	for i := range cands {
		c := &cands[i]
		c.score = flashback.SearchScore(c.headline, c.summary, terms, float64(hw)/n, float64(sw)/n)
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.id, a.id)
	})
}
