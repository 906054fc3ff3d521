package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// MatchHeadlines ranks the headlines holding any of m.Words by BM25 over
// the headlines alone, computed as SQLite's FTS5 computes it (see
// flashback.MatchK1), so that both stores keep the same best m.Limit: the
// words of each matching headline from its small headline vector, the
// events and words of all headlines from headline_totals (migration 021).
// Only the best m.Limit events are read whole.
func (s *EventStore) MatchHeadlines(ctx context.Context, m flashback.HeadlineMatch) ([]*flashback.Event, error) {
	if m.Limit <= 0 {
		return nil, flashback.Errorf(flashback.EINVALID, "A headline match needs a positive limit.")
	}
	terms := flashback.MatchTerms(m.Words)
	if len(terms) == 0 {
		return []*flashback.Event{}, nil
	}
	w := &where{}
	q := w.placeholder(tsAny(terms))
	k1, b := w.placeholder(flashback.MatchK1), w.placeholder(flashback.MatchB)
	var freqs, hits, score []string
	for i, t := range terms {
		lexeme := w.placeholder(t)
		freqs = append(freqs, fmt.Sprintf(
			"coalesce(sum(cardinality(u.positions)) FILTER (WHERE u.lexeme = search_fold(%s::text)), 0)::float8 AS f%d", lexeme, i))
		hits = append(hits, fmt.Sprintf("count(*) FILTER (WHERE f%d > 0) OVER () AS n%d", i, i))
		// FTS5's bm25, term by term in the same order and association:
		// idf * ((f * (k1 + 1)) / (f + k1 * (1 - b + b * d / avgdl))),
		// idf = ln((N - n + 0.5) / (n + 0.5)), or 1e-6 when not positive.
		idf := fmt.Sprintf("(SELECT CASE WHEN x <= 0 THEN 1e-6::float8 ELSE x END FROM ln(((t.events - n%d)::float8 + 0.5::float8) / (n%d::float8 + 0.5::float8)) AS x)", i, i)
		score = append(score, fmt.Sprintf("%s * ((f%d * (%s::float8 + 1.0::float8)) / (f%d + %s::float8 * (1::float8 - %s::float8 + %s::float8 * d / avgdl)))",
			idf, i, k1, i, k1, b, b))
	}
	w.conds = []string{"true"}
	if len(m.Categories) > 0 {
		w.add("category = ANY (?)", m.Categories)
	}
	limit := w.placeholder(m.Limit)
	rows, err := s.db.pool.Query(ctx, `WITH matched AS (
			SELECT e.id, e.category, c.*
			FROM events e, LATERAL (SELECT sum(cardinality(u.positions))::float8 AS d, `+strings.Join(freqs, ", ")+`
				FROM unnest(e.headline_search) AS u) AS c
			WHERE e.headline_search @@ to_tsquery('simple', search_fold(`+q+`))
		), counted AS (
			SELECT matched.*, `+strings.Join(hits, ", ")+` FROM matched
		), best AS (
			SELECT id, `+strings.Join(score, " + ")+` AS match_score
			FROM counted, (SELECT events, words::float8 / events::float8 AS avgdl FROM headline_totals) AS t
			WHERE `+strings.Join(w.conds, " AND ")+`
			ORDER BY match_score DESC, id LIMIT `+limit+`
		)
		SELECT id, `+eventColumns+` FROM best JOIN events USING (id)
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
