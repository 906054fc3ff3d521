package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"flashback"
)

var _ flashback.Searcher = (*EventStore)(nil)

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
	cands, exact, err := searchCandidates(ctx, tx, &q, wholeLastWord(terms))
	if err != nil {
		return nil, err
	}
	if exact && terms[len(terms)-1].Prefix {
		// Past the prefix index's six letters, FTS5 merges the lists of
		// every word a prefix starts before it returns a row, which for
		// a common word costs more than the rest of the search. Whole-
		// word matches rank first anyway, so the prefix is only looked
		// up when they do not fill the window.
		if cands, exact, err = searchCandidates(ctx, tx, &q, terms); err != nil {
			return nil, err
		}
	}
	flashback.RankSearch(cands, terms)
	res.Total, res.Exact = len(cands), exact
	from, to, more := q.Window(len(cands))
	res.HasMore = more
	res.Hits, err = searchHits(ctx, tx, cands[from:to], terms)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// searchCandidates reads matches and keeps those q admits, up to the
// bounds above. exact is whether it read every match. Every match read
// comes back, so that one pass tells whether all were read, but only
// those the filters admit bring their text: a refused one costs no copy.
// CROSS JOIN keeps SQLite from driving the search from the category
// index, probing the full-text index once for each event of a category.
func searchCandidates(ctx context.Context, tx *sql.Tx, q *flashback.SearchQuery, terms []flashback.SearchTerm) (cands []flashback.SearchCandidate, exact bool, err error) {
	admit, args := searchFilter(q)
	rows, err := tx.QueryContext(ctx, `SELECT id, ok, CASE WHEN ok THEN headline END, CASE WHEN ok THEN summary END
		FROM (SELECT e.id, e.headline, e.summary, (`+admit+`) AS ok
			FROM (SELECT rowid FROM events_fts WHERE events_fts MATCH ? ORDER BY rowid DESC LIMIT ?) AS m
			CROSS JOIN events e ON e.id = m.rowid)`,
		append(args, matchExpr(terms), flashback.SearchScanLimit)...)
	if err != nil {
		return nil, false, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	scanned := 0
	for rows.Next() {
		if len(cands) == flashback.SearchRankWindow {
			return cands, false, nil
		}
		var c flashback.SearchCandidate
		var ok bool
		var headline, summary sql.NullString
		if err := rows.Scan(&c.ID, &ok, &headline, &summary); err != nil {
			return nil, false, fmt.Errorf("search: %w", err)
		}
		if scanned++; ok {
			c.Headline, c.Summary = headline.String, summary.String
			cands = append(cands, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("search: %w", err)
	}
	return cands, scanned < flashback.SearchScanLimit, nil
}

// searchFilter is the condition on events e that q's filters set: only
// published events, and events without a year never in a year range.
func searchFilter(q *flashback.SearchQuery) (where string, args []any) {
	conds := []string{"e.published = 1"}
	if q.Category != "" {
		conds, args = append(conds, "e.category = ?"), append(args, q.Category)
	}
	if q.FromYear != nil || q.ToYear != nil {
		conds = append(conds, "e.precision <> 3")
	}
	if q.FromYear != nil {
		conds, args = append(conds, "e.year >= ?"), append(args, *q.FromYear)
	}
	if q.ToYear != nil {
		conds, args = append(conds, "e.year <= ?"), append(args, *q.ToYear)
	}
	return strings.Join(conds, " AND "), args
}

// wholeLastWord returns terms with the last word matched whole.
func wholeLastWord(terms []flashback.SearchTerm) []flashback.SearchTerm {
	last := terms[len(terms)-1]
	if !last.Prefix {
		return terms
	}
	last.Prefix = false
	return append(terms[:len(terms)-1:len(terms)-1], last)
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
