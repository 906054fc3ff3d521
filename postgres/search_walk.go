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
// match, and a prefix alone the lists of the few words it starts, merged.
// Words are counted in their lists up to maxWalk entries. When the rarest
// list is longer and the search has more than one part, few of its events
// may match the rest: the walk then reads at most maxWalk entries, and
// only if those hold fewer matches than the limit does the read go to the
// events table's plans (whose GIN index finds such few matches fast). A
// prefix that starts many words is left to those plans too: it matches
// many headlines, so their walk in length order finds its matches early.
// maxWalk is the most entries of a list that a search of several parts
// reads before it lets the events table's plans read (a variable for the
// tests, which try short walks).
var maxWalk = 5000

// maxPrefixWords is the most words a prefix may start to be walked.
const maxPrefixWords = 32

// headlineWalk is how a headline read walks headline_words: the words
// whose lists it reads. Several are those a prefix alone starts, every
// entry of which matches: only each one's first limit entries are read.
type headlineWalk struct {
	words []string
	// probes are the query's other whole words: an entry of the walked
	// list whose event lacks one is passed over in headline_words, before
	// its event is read.
	probes []string
	// bounded says the one walked list is longer than maxWalk and is read
	// only that far.
	bounded bool
}

// wordLookup is what the database says of one word of a search.
type wordLookup struct {
	folded string
	// plain says the word becomes exactly the lexeme folded in the query
	// (a prefix of it), as headline_words holds it: only then does its
	// list hold every match.
	plain bool
	// entries is the length of a whole word's list, counted up to
	// maxWalk+1.
	entries int64
	// starts lists the words a prefix starts, unless many says it
	// starts more than maxPrefixWords.
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
	if len(words) == 1 {
		switch l := looked[0]; {
		case !l.plain || prefix[0] && l.many:
			return nil, nil
		case prefix[0]:
			return &headlineWalk{words: l.starts}, nil
		default:
			return &headlineWalk{words: []string{l.folded}}, nil
		}
	}
	rarest := -1
	for i, l := range looked {
		if l.plain && !prefix[i] && (rarest < 0 || l.entries < looked[rarest].entries) {
			rarest = i
		}
	}
	if rarest < 0 {
		return nil, nil
	}
	walk := &headlineWalk{words: []string{looked[rarest].folded}, bounded: looked[rarest].entries > int64(maxWalk)}
	for i, l := range looked {
		if i != rarest && l.plain && !prefix[i] && l.folded != walk.words[0] {
			walk.probes = append(walk.probes, l.folded)
		}
	}
	return walk, nil
}

// lookUpWords asks the database, in one round trip, how each word folds,
// whether it is plain, how long a whole word's list is and which words a
// prefix starts (found one seek each, as the first word after the last).
func lookUpWords(ctx context.Context, tx pgx.Tx, words []string, prefix []bool) ([]wordLookup, error) {
	rows, err := tx.Query(ctx, `SELECT s.folded,
			to_tsquery('simple', search_fold(''''||s.word||''''||s.star))::text = ''''||s.folded||''''||s.star,
			CASE WHEN NOT s.pre THEN (SELECT count(*) FROM (SELECT FROM headline_words h
				WHERE h.word = s.folded LIMIT $3::int + 1) AS x) ELSE 0 END,
			CASE WHEN s.pre THEN (WITH RECURSIVE starts(word) AS (
					SELECT min(h.word) FROM headline_words h WHERE h.word >= s.folded AND h.word < s.folded || chr(1114111)
					UNION ALL
					SELECT (SELECT min(h.word) FROM headline_words h WHERE h.word > starts.word AND h.word < s.folded || chr(1114111))
					FROM starts WHERE starts.word IS NOT NULL
				) SELECT coalesce(array_agg(word), '{}') FROM (SELECT word FROM starts WHERE word IS NOT NULL LIMIT $4::int + 1) AS y)
			ELSE '{}' END
		FROM (SELECT word, ord, search_fold(word) AS folded, CASE WHEN pre THEN ':*' ELSE '' END AS star, pre
			FROM unnest($1::text[], $2::bool[]) WITH ORDINALITY AS u(word, pre, ord)) AS s
		ORDER BY s.ord`, words, prefix, maxWalk, maxPrefixWords)
	if err != nil {
		return nil, fmt.Errorf("search: look up words: %w", err)
	}
	looked, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (wordLookup, error) {
		var l wordLookup
		err := row.Scan(&l.folded, &l.plain, &l.entries, &l.starts)
		l.many = len(l.starts) > maxPrefixWords
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
		list := "headline_words"
		if hw.bounded {
			list = `(SELECT headline_length, event_id FROM headline_words WHERE word = ` + w.placeholder(hw.words[0]) + `
				ORDER BY headline_length, event_id DESC LIMIT ` + w.placeholder(maxWalk) + `)`
		} else {
			cond = "w.word = " + w.placeholder(hw.words[0])
		}
		for _, p := range hw.probes {
			if cond != "" {
				cond += " AND "
			}
			cond += `EXISTS (SELECT FROM headline_words p WHERE p.word = ` + w.placeholder(p) + `
				AND p.headline_length = w.headline_length AND p.event_id = w.event_id)`
		}
		if cond == "" {
			cond = "TRUE"
		}
		return list + " AS w JOIN events ON events.id = w.event_id", cond, by_
	}
	entries := `SELECT h.headline_length, h.event_id FROM headline_words h WHERE h.word = wl.word
		ORDER BY h.headline_length, h.event_id DESC LIMIT ` + limit
	return `(SELECT DISTINCT x.headline_length, x.event_id
			FROM unnest(` + w.placeholder(hw.words) + `::text[]) AS wl(word) CROSS JOIN LATERAL (` + entries + `) AS x) AS w
		JOIN events ON events.id = w.event_id`, "TRUE", by_
}
