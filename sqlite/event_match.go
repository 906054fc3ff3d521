package sqlite

import (
	"context"
	"fmt"
	"strings"

	"flashback"
)

// MatchHeadlines ranks the headlines holding any of m.Words by BM25 over
// the headline index, whose rows hold the headlines alone (see
// flashback.MatchK1 for the ranking every store shares), and reads only the
// best m.Limit events whole. The ranking runs on the index, whose rows are
// small, so a word that thousands of headlines share costs a pass over its
// postings, not a sort of their articles nor a count of them (FindEvents
// does both for its page order and total).
func (s *EventStore) MatchHeadlines(ctx context.Context, m flashback.HeadlineMatch) ([]*flashback.Event, error) {
	if m.Limit <= 0 {
		return nil, flashback.Errorf(flashback.EINVALID, "A headline match needs a positive limit.")
	}
	terms := flashback.MatchTerms(m.Words)
	if len(terms) == 0 {
		return []*flashback.Event{}, nil
	}
	for i, t := range terms {
		// Only letters and digits remain, so no quote needs escaping.
		terms[i] = `"` + t + `"`
	}
	matchID := fmt.Sprint(headlineKeyID) + ` - (h.rowid & ` + fmt.Sprint(headlineKeyID) + `)`
	args := []any{strings.Join(terms, " OR ")}
	join, where := "", ""
	if len(m.Categories) > 0 {
		// CROSS JOIN keeps the index driving the read.
		join = " CROSS JOIN events e ON e.id = " + matchID
		where = " AND e.category IN (?" + strings.Repeat(", ?", len(m.Categories)-1) + ")"
		for _, c := range m.Categories {
			args = append(args, c)
		}
	}
	args = append(args, m.Limit)
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	// FTS5's bm25 counts every row of the index and every word of the row,
	// which is what the shared ranking asks of the headline index.
	rows, err := tx.QueryContext(ctx, `SELECT id, `+eventColumns+`
		FROM (SELECT `+matchID+` AS match_id, bm25(events_headline_fts) AS match_score
			FROM events_headline_fts h`+join+`
			WHERE events_headline_fts MATCH ?`+where+`
			ORDER BY match_score, match_id LIMIT ?)
		JOIN events ON id = match_id
		ORDER BY match_score, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("match headlines: %w", err)
	}
	events, err := readEvents(rows)
	if err != nil {
		return nil, fmt.Errorf("match headlines: %w", err)
	}
	return events, nil
}
