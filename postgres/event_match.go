package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// MatchHeadlines ranks the headlines holding any of m.Words by ts_rank
// over the headline's own words and reads only the best m.Limit events
// whole: the ranking needs the small headline vectors, not the articles.
func (s *EventStore) MatchHeadlines(ctx context.Context, m flashback.HeadlineMatch) ([]*flashback.Event, error) {
	if m.Limit <= 0 {
		return nil, flashback.Errorf(flashback.EINVALID, "A headline match needs a positive limit.")
	}
	var words []string
	for _, w := range m.Words {
		words = append(words, flashback.SearchWords(w)...)
	}
	if len(words) == 0 {
		return []*flashback.Event{}, nil
	}
	w := &where{conds: []string{"headline_search @@ q"}}
	q := w.placeholder(tsAny(words))
	if len(m.Categories) > 0 {
		w.add("category = ANY (?)", m.Categories)
	}
	limit := w.placeholder(m.Limit)
	rows, err := s.db.pool.Query(ctx, `SELECT id, `+eventColumns+` FROM (
		SELECT *, ts_rank(headline_search, q) AS match_score
		FROM events, to_tsquery('simple', search_fold(`+q+`)) AS q
		WHERE `+strings.Join(w.conds, " AND ")+`
		ORDER BY match_score DESC, id LIMIT `+limit+`) AS best
		ORDER BY match_score DESC, id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("match headlines: %w", err)
	}
	events, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*flashback.Event, error) {
		return scanEvent(row)
	})
	if err != nil {
		return nil, fmt.Errorf("match headlines: %w", err)
	}
	return events, nil
}

// tsAny is a tsquery text matching any of words, which hold only letters
// and digits and so need no escaping inside their quotes.
func tsAny(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "'" + w + "'"
	}
	return strings.Join(quoted, " | ")
}
