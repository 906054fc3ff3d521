package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

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
	defer rollback(ctx, tx)
	cands, exact, err := searchCandidates(ctx, tx, &q, terms)
	if err != nil {
		return nil, err
	}
	flashback.RankSearch(cands, terms)
	res.Total, res.Exact = len(cands), exact
	from, to, more := q.Window(len(cands))
	res.HasMore = more
	if res.Hits, err = searchHits(ctx, tx, cands[from:to], terms); err != nil {
		return nil, err
	}
	return res, nil
}

// searchCandidates reads matches newest first and keeps those q admits, up
// to the bounds above; exact is whether it read every match. A refused
// match brings no text.
func searchCandidates(ctx context.Context, tx pgx.Tx, q *flashback.SearchQuery, terms []flashback.SearchTerm) ([]flashback.SearchCandidate, bool, error) {
	w := &where{conds: []string{"e.published"}}
	if q.Category != "" {
		w.add("e.category = ?", q.Category)
	}
	if q.FromYear != nil || q.ToYear != nil {
		w.add("e.precision <> 3")
	}
	if q.FromYear != nil {
		w.add("e.year >= ?", *q.FromYear)
	}
	if q.ToYear != nil {
		w.add("e.year <= ?", *q.ToYear)
	}
	match := w.placeholder(tsAll(terms))
	limit := w.placeholder(flashback.SearchScanLimit)
	rows, err := tx.Query(ctx, `SELECT id, ok, CASE WHEN ok THEN headline END, CASE WHEN ok THEN summary END
		FROM (SELECT e.id, e.headline, e.summary, (`+strings.Join(w.conds, " AND ")+`) AS ok
			FROM events e WHERE e.search @@ to_tsquery('simple', search_fold(`+match+`))
			ORDER BY e.id DESC LIMIT `+limit+`) AS m
		ORDER BY id DESC`, w.args...)
	if err != nil {
		return nil, false, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var cands []flashback.SearchCandidate
	scanned := 0
	for rows.Next() {
		if len(cands) == flashback.SearchRankWindow {
			return cands, false, nil
		}
		var c flashback.SearchCandidate
		var ok bool
		var headline, summary *string
		if err := rows.Scan(&c.ID, &ok, &headline, &summary); err != nil {
			return nil, false, fmt.Errorf("search: %w", err)
		}
		if scanned++; ok {
			c.Headline, c.Summary = *headline, *summary
			cands = append(cands, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("search: %w", err)
	}
	return cands, scanned < flashback.SearchScanLimit, nil
}

// tsAll is the tsquery text of terms: each a phrase of its words in order,
// the last word of a prefix term matching longer words, all required.
// Words hold only letters and digits, so quoting needs no escaping and no
// input can be read as an operator.
func tsAll(terms []flashback.SearchTerm) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		words := make([]string, len(t.Words))
		for j, w := range t.Words {
			words[j] = "'" + w + "'"
		}
		if t.Prefix {
			words[len(words)-1] += ":*"
		}
		parts[i] = "(" + strings.Join(words, " <-> ") + ")"
	}
	return strings.Join(parts, " & ")
}

// searchHits reads the events of one page of ranked candidates and marks
// the terms in their headlines and excerpts.
func searchHits(ctx context.Context, tx pgx.Tx, page []flashback.SearchCandidate, terms []flashback.SearchTerm) ([]flashback.SearchHit, error) {
	hits := []flashback.SearchHit{}
	if len(page) == 0 {
		return hits, nil
	}
	ids := make([]int64, len(page))
	for i, c := range page {
		ids[i] = c.ID
	}
	rows, err := tx.Query(ctx, `SELECT id, `+eventColumns+` FROM events WHERE id = ANY ($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("search: read hits: %w", err)
	}
	events := make(map[int64]*flashback.Event, len(page))
	_, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (struct{}, error) {
		e, err := scanEvent(row)
		if err == nil {
			events[e.ID] = e
		}
		return struct{}{}, err
	})
	if err != nil {
		return nil, fmt.Errorf("search: read hits: %w", err)
	}
	for _, c := range page {
		e := events[c.ID]
		if e == nil {
			return nil, fmt.Errorf("search: event %d vanished inside a read transaction", c.ID)
		}
		snippet := flashback.EventExcerpt(e, terms)
		e.Body = ""
		hits = append(hits, flashback.SearchHit{
			Event: e, Headline: flashback.Highlight(e.Headline, terms), Snippet: snippet, Rank: c.Score,
		})
	}
	return hits, nil
}
