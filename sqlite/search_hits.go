package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"flashback"
)

// searchHits reads the events of one page of ranked candidates and marks
// the terms in their headlines and excerpts.
func searchHits(ctx context.Context, db *DB, tx *sql.Tx, page []flashback.SearchCandidate, terms []flashback.SearchTerm) ([]flashback.SearchHit, error) {
	hits := []flashback.SearchHit{}
	if len(page) == 0 {
		return hits, nil
	}
	events, err := eventsByID(ctx, db, tx, page)
	if err != nil {
		return nil, err
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

// eventsByID reads the events of cands, whole.
func eventsByID(ctx context.Context, db *DB, tx *sql.Tx, cands []flashback.SearchCandidate) (map[int64]*flashback.Event, error) {
	args := make([]any, len(cands))
	for i, c := range cands {
		args[i] = c.ID
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(cands)), ", ")
	rows, err := db.stmts.query(ctx, db.read, tx, `SELECT id, `+eventColumns+` FROM events WHERE id IN (`+marks+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: read hits: %w", err)
	}
	defer rows.Close()
	events := make(map[int64]*flashback.Event, len(cands))
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("search: read hit: %w", err)
		}
		events[e.ID] = e
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: read hits: %w", err)
	}
	return events, nil
}
