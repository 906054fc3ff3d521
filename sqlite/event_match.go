package sqlite

import (
	"context"
	"fmt"
	"strings"

	"flashback"
)

// MatchHeadlines ranks the headlines holding any of m.Words by BM25 over
// the headline column alone and reads only the best m.Limit events whole.
// The ranking runs on the full-text index, whose rows are small, so a word
// that thousands of articles share costs a pass over its postings, not a
// sort of their articles nor a count of them (FindEvents does both for its
// page order and total).
func (s *EventStore) MatchHeadlines(ctx context.Context, m flashback.HeadlineMatch) ([]*flashback.Event, error) {
	if m.Limit <= 0 {
		return nil, flashback.Errorf(flashback.EINVALID, "A headline match needs a positive limit.")
	}
	terms := ftsTerms(strings.Join(m.Words, " "))
	if len(terms) == 0 {
		return []*flashback.Event{}, nil
	}
	match := "{headline} : (" + strings.Join(terms, " OR ") + ")"
	args := []any{match}
	where := ""
	if len(m.Categories) > 0 {
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
	// The weights give the summary and body no say: only the headline is
	// searched, and only it is compared.
	rows, err := tx.QueryContext(ctx, `SELECT id, `+eventColumns+`
		FROM (SELECT f.rowid AS match_id, bm25(events_fts, 1.0, 0.0, 0.0) AS match_score
			FROM events_fts f JOIN events e ON e.id = f.rowid
			WHERE events_fts MATCH ?`+where+`
			ORDER BY match_score LIMIT ?)
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
