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
	terms := flashback.ParseSearch(q.Text)
	if len(terms) == 0 {
		return &flashback.SearchResult{Hits: []flashback.SearchHit{}, Page: q.Page, Exact: true}, nil
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	res, page, err := flashback.RankPage(q, terms, func(terms []flashback.SearchTerm, order flashback.SearchOrder, yield func(flashback.SearchMatch) bool) error {
		return scanMatches(ctx, s.db, tx, &q, terms, order, yield)
	}, func(word string) (bool, error) {
		return longerWords(ctx, s.db, tx, word)
	})
	if err != nil {
		return nil, err
	}
	if res.Hits, err = searchHits(ctx, s.db, tx, page, terms); err != nil {
		return nil, err
	}
	return res, nil
}

// headlineKeyID is the mask that takes the event's id, turned around, out
// of a key of events_headline_fts (see migration 014).
const headlineKeyID = 1<<40 - 1

// headlineKey is an event's key in events_headline_fts, as migration
// 014's triggers compute it.
const headlineKey = `min(length(headline), 1023) << 40 | (1099511627775 - id)`

// matchSources are the reads of a search in each order: the headline
// index by its keys, best headline first, and the whole index by id. Every
// match read comes back, so that the caller can tell whether all were
// read, but only those the filters admit bring their text: a refused one
// costs no copy. CROSS JOIN keeps SQLite from driving the search from the
// category index, probing the full-text index once for each event of a
// category.
var matchSources = map[flashback.SearchOrder]string{
	flashback.ByHeadline: `SELECT ` + fmt.Sprint(headlineKeyID) + ` - (rowid & ` + fmt.Sprint(headlineKeyID) + `) AS id FROM events_headline_fts WHERE events_headline_fts MATCH ? ORDER BY rowid LIMIT ?`,
	flashback.Newest:     `SELECT rowid AS id FROM events_fts WHERE events_fts MATCH ? ORDER BY rowid DESC LIMIT ?`,
}

// scanMatches reads the matches of terms in order; see flashback.SearchScan.
func scanMatches(ctx context.Context, db *DB, tx *sql.Tx, q *flashback.SearchQuery, terms []flashback.SearchTerm, order flashback.SearchOrder, yield func(flashback.SearchMatch) bool) error {
	admit, args := searchFilter(q)
	rows, err := db.stmts.query(ctx, db.read, tx, `SELECT id, ok, CASE WHEN ok THEN headline END, CASE WHEN ok THEN summary END
		FROM (SELECT e.id, e.headline, e.summary, (`+admit+`) AS ok
			FROM (`+matchSources[order]+`) AS m
			CROSS JOIN events e ON e.id = m.id)`,
		append(args, matchExpr(terms), flashback.SearchScanLimit)...)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m flashback.SearchMatch
		var headline, summary sql.NullString
		if err := rows.Scan(&m.ID, &m.Admitted, &headline, &summary); err != nil {
			return fmt.Errorf("search: %w", err)
		}
		m.Headline, m.Summary = headline.String, summary.String
		if !yield(m) {
			return nil
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
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

// matchExpr is the FTS5 query for terms: each a quoted phrase, folded as
// the index holds its words, all required. Terms hold only letters and
// digits, so quoting needs no escaping and no input can be read as an
// operator.
func matchExpr(terms []flashback.SearchTerm) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + flashback.FoldSearchText(strings.Join(t.Words, " ")) + `"`
		if t.Prefix {
			parts[i] += "*"
		}
	}
	return strings.Join(parts, " ")
}

// longerWords tells whether the full-text index holds a word that starts
// with word and is longer (see flashback.LongerWords), from the first place
// the index's words from word on occur, which costs a seek rather
// than a walk through word's own matches. The index folds words its own
// way, so a word with anything but lower-case ASCII letters and digits is
// taken to have longer ones.
func longerWords(ctx context.Context, db *DB, tx *sql.Tx, word string) (bool, error) {
	word = flashback.FoldSearchText(word)
	for i := 0; i < len(word); i++ {
		if c := word[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return true, nil
		}
	}
	rows, err := db.stmts.query(ctx, db.read, tx, `SELECT 1 FROM events_fts_words WHERE term >= ? AND term < ? LIMIT 1`,
		word+"\x01", word+"\U0010FFFF")
	if err != nil {
		return false, fmt.Errorf("search: longer words: %w", err)
	}
	defer rows.Close()
	found := rows.Next()
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("search: longer words: %w", err)
	}
	return found, nil
}
