package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// A search's headline read (flashback.ByHeadline) wants the first matches
// in the order shortest headline, newest event. The events table's own
// plans read them poorly for a common word: the headline length index
// tests every headline in order, seventy for each match of a word in one
// headline in seventy, and the GIN index finds every match in no order, to
// be sorted. headline_words (migration 011) keeps each word's headlines in
// that order, so a read walks one word's list there, checking each event
// against the whole query, and stops at the limit.
//
// The walk follows the list of the search's rarest word, which holds every
// match; a prefix follows the lists of the words it starts, merged. When
// every list is long and the query has more than one part, few of a list's
// events may match the rest, so the walk could read the whole list: then,
// and when a prefix starts many words, the events table's plans read as
// before (for such a query they are fast: its words are common together,
// or the GIN index finds the few matches).
const (
	// maxWalk is the longest list a search of several parts walks.
	maxWalk = 5000
	// maxPrefixWords is the most words a prefix may start to be walked.
	maxPrefixWords = 32
)

// headlineWalk is how a headline read walks headline_words: the words
// whose lists it reads, and whether it reads only each one's first limit
// entries, which it may when every entry matches the query.
type headlineWalk struct {
	words   []string
	firstOf bool
	// probes are the query's other whole words: an entry of the walked
	// list whose event lacks one is passed over in headline_words, before
	// its event is read.
	probes []string
}

// wordLookup is what the database says of one word of a search.
type wordLookup struct {
	folded string
	// plain says the word becomes exactly the lexeme folded in the query
	// (a prefix of it), as headline_words holds it: only then does its
	// list hold every match.
	plain bool
	// entries is the length of its list: for a prefix, of the lists of
	// the words it starts, each counted up to the read's limit when
	// bounded, else in full.
	entries, bounded int64
	// starts lists the words a prefix starts, unless many says it
	// starts more than maxPrefixWords (as a whole word always does).
	starts []string
	many   bool
}

// planHeadlineWalk chooses the walk of a headline read of terms, or none
// when the events table's plans read it better.
func planHeadlineWalk(ctx context.Context, tx pgx.Tx, terms []flashback.SearchTerm) (*headlineWalk, error) {
	var words []string
	var prefix []bool
	for _, t := range terms {
		for i, w := range t.Words {
			words = append(words, w)
			prefix = append(prefix, t.Prefix && i == len(t.Words)-1)
		}
	}
	looked, err := lookUpWords(ctx, tx, words, prefix)
	if err != nil {
		return nil, err
	}
	single := len(words) == 1
	var best *headlineWalk
	bestCost, bestAt := int64(maxWalk)+1, -1
	for i, l := range looked {
		if !l.plain {
			continue
		}
		switch {
		case !prefix[i] && (single || l.entries < bestCost):
			best, bestCost, bestAt = &headlineWalk{words: []string{l.folded}, firstOf: single}, l.entries, i
		case prefix[i] && !l.many && single && l.bounded < bestCost:
			best, bestCost, bestAt = &headlineWalk{words: l.starts, firstOf: true}, l.bounded, i
		case prefix[i] && !l.many && l.entries < bestCost:
			best, bestCost, bestAt = &headlineWalk{words: l.starts}, l.entries, i
		}
	}
	if best != nil && len(best.words) == 1 {
		for i, l := range looked {
			if i != bestAt && l.plain && !prefix[i] && l.folded != best.words[0] {
				best.probes = append(best.probes, l.folded)
			}
		}
	}
	return best, nil
}

// lookUpWords asks the database, in one round trip, how each word folds,
// whether it is plain and how long its lists are.
func lookUpWords(ctx context.Context, tx pgx.Tx, words []string, prefix []bool) ([]wordLookup, error) {
	rows, err := tx.Query(ctx, `SELECT s.folded,
			to_tsquery('simple', search_fold(''''||s.word||''''||s.star))::text = ''''||s.folded||''''||s.star,
			coalesce(c.events, p.entries, 0), coalesce(c.events, p.bounded, 0), coalesce(p.many, true), coalesce(p.starts, '{}')
		FROM (SELECT word, ord, search_fold(word) AS folded, CASE WHEN pre THEN ':*' ELSE '' END AS star, pre
			FROM unnest($1::text[], $2::bool[]) WITH ORDINALITY AS u(word, pre, ord)) AS s
		LEFT JOIN headline_word_counts c ON NOT s.pre AND c.word = s.folded
		LEFT JOIN LATERAL (SELECT sum(events) AS entries, sum(least(events, $3::bigint)) AS bounded,
				count(*) > $4::int AS many, array_agg(word) AS starts
			FROM (SELECT word, events FROM headline_word_counts
				WHERE word >= s.folded AND word < s.folded || chr(1114111) AND events > 0
				ORDER BY word LIMIT $4::int + 1) AS w) AS p ON s.pre
		ORDER BY s.ord`, words, prefix, flashback.SearchScanLimit, maxPrefixWords)
	if err != nil {
		return nil, fmt.Errorf("search: look up words: %w", err)
	}
	looked, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (wordLookup, error) {
		var l wordLookup
		err := row.Scan(&l.folded, &l.plain, &l.entries, &l.bounded, &l.many, &l.starts)
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("search: look up words: %w", err)
	}
	return looked, nil
}

// from returns the relation a headline read selects from in place of the
// events table, the conditions it adds, and the order of the read in its
// terms, the same as matchOrders' by the walked entries' own columns, so
// that one word's list is read in its index's order and left at the limit.
func (hw *headlineWalk) from(w *where, limit string) (from, cond, by string) {
	const by_ = "w.headline_length, w.event_id DESC"
	if len(hw.words) == 1 {
		cond = "w.word = " + w.placeholder(hw.words[0])
		for _, p := range hw.probes {
			cond += ` AND EXISTS (SELECT FROM headline_words p WHERE p.word = ` + w.placeholder(p) + `
				AND p.headline_length = w.headline_length AND p.event_id = w.event_id)`
		}
		return "headline_words w JOIN events ON events.id = w.event_id", cond, by_
	}
	entries := `SELECT h.headline_length, h.event_id FROM headline_words h WHERE h.word = wl.word`
	if hw.firstOf {
		entries += ` ORDER BY h.headline_length, h.event_id DESC LIMIT ` + limit
	}
	return `(SELECT DISTINCT x.headline_length, x.event_id
			FROM unnest(` + w.placeholder(hw.words) + `::text[]) AS wl(word) CROSS JOIN LATERAL (` + entries + `) AS x) AS w
		JOIN events ON events.id = w.event_id`, "TRUE", by_
}
