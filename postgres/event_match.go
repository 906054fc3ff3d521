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
// flashback.MatchK1), so that both stores keep the same best m.Limit. The
// words of each headline and whether any repeats come from the event row
// (headline_tokens, migration 021; tsvector_count for the few that repeat
// one); how many headlines hold a word from its list in headline_words;
// the events and words of all headlines from headline_totals. Those three are read once, before the events, so the
// matches are scored as they are read, by parallel workers where the
// planner sends them, and only the best m.Limit are read whole.
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
	k1, b := w.placeholder(flashback.MatchK1)+"::float8", w.placeholder(flashback.MatchB)+"::float8"
	// FTS5's k1 * (1 - b + b * d / avgdl), for the row's length d.
	lengthNorm := k1 + " * (1::float8 - " + b + " + " + b + " * e.headline_tokens::float8 / (SELECT words::float8 / events::float8 FROM headline_totals))"
	var score []string
	for _, t := range terms {
		word := "search_fold(" + w.placeholder(t) + "::text)"
		// How often the headline holds the word: once, when it repeats no
		// word (as nearly all do), else counted.
		f := `(CASE WHEN e.headline_tokens = length(e.headline_search) THEN 1::float8
			ELSE tsvector_count(e.headline_search, ` + word + `)::float8 END)`
		idf := `(SELECT CASE WHEN x <= 0 THEN 1e-6::float8 ELSE x END FROM (SELECT ln(((t.events - n.n)::float8 + 0.5::float8) / (n.n::float8 + 0.5::float8)) AS x
			FROM headline_totals AS t, (SELECT count(*) AS n FROM headline_words WHERE word = ` + word + `) AS n) AS idf)`
		// FTS5's bm25, term by term in the same order and association. A
		// term the headline lacks adds FTS5's +0, which changes no sum.
		score = append(score, fmt.Sprintf(`(CASE WHEN e.headline_search @@ (SELECT to_tsquery('simple', quote_literal(%s)))
			THEN %s * ((%s * (%s + 1.0::float8)) / (%s + %s)) ELSE 0::float8 END)`,
			word, idf, f, k1, f, lengthNorm))
	}
	w.conds = []string{"e.headline_search @@ to_tsquery('simple', search_fold(" + q + "))"}
	if len(m.Categories) > 0 {
		w.add("e.category = ANY (?)", m.Categories)
	}
	limit := w.placeholder(m.Limit)
	rows, err := s.db.pool.Query(ctx, `SELECT id, `+eventColumns+` FROM (
			SELECT e.id, `+strings.Join(score, " + ")+` AS match_score
			FROM events AS e
			WHERE `+strings.Join(w.conds, " AND ")+`
			ORDER BY match_score DESC, e.id LIMIT `+limit+`) AS best
		JOIN events USING (id)
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
