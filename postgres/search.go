package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

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
	tx, err := s.db.beginSearchRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.close(ctx)
	known := newWordLookups(terms)
	known.common = s.common
	known.askLongerFirst(tx, terms)
	res, page, err := flashback.RankPage(q, terms, func(terms []flashback.SearchTerm, order flashback.SearchOrder, yield func(flashback.SearchMatch) bool) error {
		if known.holdsAbsent(terms) {
			return nil
		}
		return scanMatches(ctx, tx, &q, terms, order, known, yield)
	}, func(word string) (bool, error) {
		return known.longerWords(ctx, tx, word)
	})
	if err != nil {
		return nil, err
	}
	tx.endWithNext()
	if res.Hits, err = searchHits(ctx, tx, page, terms); err != nil {
		return nil, err
	}
	return res, nil
}

// matchOrder is how one order of flashback.SearchOrder reads matches: the
// column it matches and the order it reads them in, which the index of
// migration 006 serves for the headlines.
type matchOrder struct{ column, by string }

var matchOrders = map[flashback.SearchOrder]matchOrder{
	flashback.ByHeadline: {"headline_search", "length(headline), id DESC"},
	flashback.Newest:     {"search", "id DESC"},
}

// scanMatches reads the matches of terms in order; see flashback.SearchScan.
// A refused match brings no text. known keeps what the headline reads
// learnt of the search's words.
func scanMatches(ctx context.Context, tx searchTx, q *flashback.SearchQuery, terms []flashback.SearchTerm, order flashback.SearchOrder, known *wordLookups, yield func(flashback.SearchMatch) bool) error {
	var walk *headlineWalk
	if order == flashback.ByHeadline {
		var err error
		if walk, err = planHeadlineWalk(ctx, tx, terms, known); err != nil {
			return err
		}
	}
	return readMatches(ctx, tx, q, terms, order, walk, yield)
}

// nextBatch returns how many matches a walk reads next, having read read
// matches of which its filters admitted admitted. Most searches stop at
// the ranking window, so a walk reads first the window, the match after
// it, from which the gatherer learns that the window is full, and an
// eighth more, so that the drafts every search's filters refuse (one in
// fifty on the benchmark's corpus) do not cost a second round trip of
// their own, which with its plan cost more than the 37 lookups of events.
// Then it reads as many as, admitted in the same proportion, would fill
// the window, and a quarter more: the rest up to the limit only for the
// searches whose filters refuse most matches; never so few that a search
// takes many round trips. Each match read is a lookup of an event.
func nextBatch(read, admitted int) int {
	const window = flashback.SearchRankWindow
	if read == 0 {
		return window + window/8 + 1
	}
	n := flashback.SearchScanLimit - read
	if admitted > 0 && admitted < window {
		n = min(n, (window-admitted)*read/admitted*5/4+1)
	}
	return max(n, min(window/8, flashback.SearchScanLimit-read))
}

// readMatches reads the matches of terms in order, through walk when not
// nil, else from the events table and its indexes alone.
func readMatches(ctx context.Context, tx searchTx, q *flashback.SearchQuery, terms []flashback.SearchTerm, order flashback.SearchOrder, walk *headlineWalk, yield func(flashback.SearchMatch) bool) error {
	if walk == nil || walk.sorted {
		matches, _, err := queryMatches(ctx, tx, q, terms, order, walk, flashback.SearchScanLimit, nil)
		if err == nil {
			yieldAll(matches, yield)
		}
		return err
	}
	if len(walk.words) == 0 {
		return nil // a prefix that starts no word
	}
	var after *walkKey
	for read, admitted := 0, 0; read < flashback.SearchScanLimit; {
		n := nextBatch(read, admitted)
		if walk.filtersApart(q) {
			n = flashback.SearchScanLimit - read
		}
		matches, last, err := queryMatches(ctx, tx, q, terms, order, walk, n, after)
		if err != nil || !yieldAll(matches, yield) {
			return err
		}
		read += len(matches)
		for _, m := range matches {
			if m.Admitted {
				admitted++
			}
		}
		if len(matches) < n {
			if walk.bounded {
				// The first maxWalk entries held no more matches:
				// the next are further on. Those read are the first
				// of all, in the same order.
				return readMatches(ctx, tx, q, terms, order, nil, skipFirst(read, yield))
			}
			return nil
		}
		after = last
	}
	return nil
}

// skipFirst returns yield that passes over the first n matches.
func skipFirst(n int, yield func(flashback.SearchMatch) bool) func(flashback.SearchMatch) bool {
	return func(m flashback.SearchMatch) bool {
		if n > 0 {
			n--
			return true
		}
		return yield(m)
	}
}

// yieldAll passes matches to yield until it returns false, and tells
// whether it never did.
func yieldAll(matches []flashback.SearchMatch, yield func(flashback.SearchMatch) bool) bool {
	for _, m := range matches {
		if !yield(m) {
			return false
		}
	}
	return true
}

// queryMatches reads at most limit matches of terms in order, through walk
// when not nil, after the match at after when that is not nil: the
// matches and the place of the last.
func queryMatches(ctx context.Context, tx searchTx, q *flashback.SearchQuery, terms []flashback.SearchTerm, order flashback.SearchOrder, walk *headlineWalk, limit int, after *walkKey) ([]flashback.SearchMatch, *walkKey, error) {
	// The filters are tested in the events, or in a walk's entries,
	// which carry the same columns.
	apart := walk.filtersApart(q)
	t := "events."
	if apart {
		t = "w."
	}
	w := &where{conds: []string{t + "published"}}
	if q.Category != "" {
		w.add(t+"category = ?", q.Category)
	}
	if q.FromYear != nil || q.ToYear != nil {
		w.add(t + "precision <> 3")
	}
	if q.FromYear != nil {
		w.add(t+"year >= ?", *q.FromYear)
	}
	if q.ToYear != nil {
		w.add(t+"year <= ?", *q.ToYear)
	}
	o := matchOrders[order]
	from, cond, by := "events", "TRUE", o.by
	lim := w.placeholder(limit)
	if walk != nil {
		columns := "id, headline, summary, published, category, precision, year, headline_search"
		if apart {
			columns = ""
		}
		from, cond, by = walk.from(w, lim, after, columns)
	}
	query := func() string { return `to_tsquery('simple', search_fold(` + w.placeholder(tsAll(terms)) + `))` }
	switch {
	case walk != nil && walk.bounded:
		// A walk tests each event it reaches. After a few runs the
		// statement's plan is generic, which computed the query again
		// for each event (search_fold for each of the 339 events of
		// "battle of": its walk took 5.0 ms instead of 3.9, that of
		// "independence day" 5.2 instead of 3.8, at load 4); a
		// subquery of no column is computed once. The walk's plan does
		// not depend on the query's words, but the events table's do:
		// there the planner must see them.
		cond += ` AND ` + o.column + ` @@ (SELECT ` + query() + `)`
	case walk == nil || !walk.exact():
		cond += ` AND ` + o.column + ` @@ ` + query()
	}
	sql := `SELECT id, length(headline), ok, CASE WHEN ok THEN headline END, CASE WHEN ok THEN summary END
		FROM (SELECT events.id, headline, summary, (` + strings.Join(w.conds, " AND ") + `) AS ok
			FROM ` + from + ` WHERE ` + cond + `
			ORDER BY ` + by + ` LIMIT ` + lim + `) AS m
		ORDER BY ` + o.by
	if walk == nil || walk.sorted {
		// Read whole, the matches go to the gatherer until it stops,
		// at the first match after the window's last admitted one:
		// those after it are left here, where they were read for the
		// sort alone ("first astronomer" sent 782 matches with their
		// text, of which the gatherer took 301).
		sql = `SELECT id, length(headline), ok, CASE WHEN ok THEN headline END, CASE WHEN ok THEN summary END
		FROM (SELECT *, count(*) FILTER (WHERE ok) OVER (ORDER BY ` + o.by + ` ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
			FROM (SELECT events.id, headline, summary, (` + strings.Join(w.conds, " AND ") + `) AS ok
				FROM ` + from + ` WHERE ` + cond + `
				ORDER BY ` + by + ` LIMIT ` + lim + `) AS m) AS m
		WHERE before <= ` + w.placeholder(flashback.SearchRankWindow) + `
		ORDER BY ` + o.by
	}
	if apart {
		// The entries carry their events' filters and headline
		// lengths: the walk reads the events only for the text of
		// those it admits. The read stops at the match after the
		// window's last (see filtersApart).
		sql = `SELECT m.id, m.length, m.ok, t.headline, t.summary
		FROM (SELECT *, count(*) FILTER (WHERE ok) OVER (ORDER BY length, id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
			FROM (SELECT w.event_id AS id, w.headline_length AS length, (` + strings.Join(w.conds, " AND ") + `) AS ok
				FROM ` + from + ` WHERE ` + cond + `
				ORDER BY ` + by + ` LIMIT ` + lim + `) AS i) AS m
			LEFT JOIN LATERAL (SELECT headline, summary FROM events WHERE events.id = m.id AND m.ok OFFSET 0) AS t ON TRUE
		WHERE m.before <= ` + w.placeholder(flashback.SearchRankWindow) + `
		ORDER BY m.length, m.id DESC`
	}
	rows, err := tx.Query(ctx, sql, w.args...)
	if err != nil {
		return nil, nil, fmt.Errorf("search: %w", err)
	}
	var last walkKey
	// Every row scans into the same variables, through one list of them,
	// the texts into pgtype.Text, which needs no pointer of its own: a
	// search reads some 340 rows, and a *string for each text, a match
	// and a list for each row made 3,646 allocations a search of the
	// benchmark's mix, 1,497 without them.
	var m flashback.SearchMatch
	var headline, summary pgtype.Text
	dest := []any{&m.ID, &last.headlineLength, &m.Admitted, &headline, &summary}
	// Sized for a walk's first batch, the most that most reads return.
	matches, err := pgx.AppendRows(make([]flashback.SearchMatch, 0, min(limit, nextBatch(0, 0))), rows, func(row pgx.CollectableRow) (flashback.SearchMatch, error) {
		m = flashback.SearchMatch{}
		err := row.Scan(dest...)
		if m.Admitted {
			m.Headline, m.Summary = headline.String, summary.String
		}
		last.eventID = m.ID
		return m, err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("search: %w", err)
	}
	return matches, &last, nil
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
func searchHits(ctx context.Context, tx searchTx, page []flashback.SearchCandidate, terms []flashback.SearchTerm) ([]flashback.SearchHit, error) {
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
