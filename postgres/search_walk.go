package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// A search's headline read (flashback.ByHeadline) wants the first matches
// in the order shortest headline, newest event. The events table's own
// plans read them poorly for a common word: the headline length index
// tests every headline in order, seventy for each match of a word in one
// headline in seventy, and the GIN index finds every match in no order, to
// be sorted. headline_words (migration 011) keeps each word's headlines in
// that order, so a read walks one word's list there, looking up the event
// of each entry as it reaches it, and stops when it has read enough (see
// nextBatch).
//
// A search of one word walks its list; a prefix alone the lists of the
// few words it starts, merged. A search of several parts is led by its
// rarest part, whose list holds every match; the lists are counted up to
// maxWalk entries. When that list is no longer, the GIN index finds the
// matches, at most that many, and they are sorted: cheaper than testing
// each entry of the list, as few of them may match the rest. A longer
// list is walked up to maxWalk entries, each looked up in the other
// parts' lists before its event is read, and only if those hold fewer
// matches than the limit does the read go to the events table's plans. A
// prefix that starts many words is left to those plans too: it matches
// many headlines, so their walk in length order finds its matches early.

// maxWalk is the most entries of a list that a search of several parts
// reads before it lets the events table's plans read (a variable for the
// tests, which try short walks).
var maxWalk = 5000

// maxPrefixWords is the most words a prefix may start to be walked.
const maxPrefixWords = 32

// headlineWalk is how a headline read walks headline_words: the words
// whose lists it reads, merged when several. Several are the words a
// prefix alone starts, every entry of which matches: the first entries of
// each, as many as the read's limit, hold its first matches. With sorted,
// it reads none: the matches are few, found by the GIN index and sorted.
type headlineWalk struct {
	words  []string
	sorted bool
	// probes are the words of the query's other parts, each a word or
	// the few words a prefix starts, sought for each entry of the walked
	// list: an entry whose event has none of a probe's words in its
	// headline is passed over before its event is read.
	probes [][]string
	// bounded says the walked list is longer than maxWalk and is read
	// only that far.
	bounded bool
}

// exact says that the walked lists hold just the matches: the search is
// one word, or a prefix alone, which the walk does not test again.
func (hw *headlineWalk) exact() bool {
	return !hw.sorted && !hw.bounded
}

// filtersApart says that a walk tests nothing but the filters of q, a
// category or years, and that it tests them in the entries of its list,
// which carry them (migration 015), reading the rows only of the events
// they admit. Those it refuses cost little then, and the walk reads at
// once up to the limit (one round trip where the first batch of nextBatch
// left most searches with filters a second), but stops at the first
// admitted match after the window's (a search's gatherer stops at the
// first match after them): the filters may admit most.
func (hw *headlineWalk) filtersApart(q *flashback.SearchQuery) bool {
	return hw != nil && hw.exact() && (q.Category != "" || q.FromYear != nil || q.ToYear != nil)
}

// maxProbeWords is the most words a prefix may start to be a probe: a
// probe seeks each.
const maxProbeWords = 4

// wordLookup is what the database says of one word of a search.
type wordLookup struct {
	folded string
	// plain says the word becomes exactly the lexeme folded in the query
	// (a prefix of it), as headline_words holds it: only then do its
	// lists hold every match.
	plain, prefix bool
	// entries is the length of a word's list or of the lists of the
	// words a prefix starts, counted up to maxWalk+1 or as the
	// statistics give it (knownEntries); 0 in a search of one word,
	// which has none to compare.
	entries int64
	// starts lists the words a prefix starts, unless many says it
	// starts more than maxPrefixWords.
	starts []string
	many   bool
	// longer says, of a prefix, that search_vocabulary holds a word
	// longer than folded that starts with it.
	longer bool
}

// words returns the words whose lists hold the matches of l.
func (l *wordLookup) words() []string {
	if l.prefix {
		return l.starts
	}
	return []string{l.folded}
}

// planHeadlineWalk chooses the walk of a headline read of terms, or none
// when the events table's plans read it better.
func planHeadlineWalk(ctx context.Context, tx searchTx, terms []flashback.SearchTerm, known *wordLookups) (*headlineWalk, error) {
	if len(terms) == 1 && len(terms[0].Words) == 1 && !terms[0].Prefix && plainLetters(terms[0].Words[0]) {
		return &headlineWalk{words: terms[0].Words}, nil
	}
	if known == nil {
		known = newWordLookups(nil)
	}
	looked, err := known.lookUp(ctx, tx, terms)
	if err != nil {
		return nil, err
	}
	if len(looked) == 1 {
		if l := looked[0]; l.plain && !l.many {
			return &headlineWalk{words: l.words()}, nil
		}
		return nil, nil
	}
	// The rarest part leads.
	lead := -1
	for i, l := range looked {
		if l.plain && !l.many && (lead < 0 || l.entries < looked[lead].entries) {
			lead = i
		}
	}
	switch {
	case lead < 0:
		return nil, nil
	case looked[lead].entries <= int64(maxWalk):
		return &headlineWalk{sorted: true}, nil
	case len(looked[lead].words()) > 1:
		return nil, nil
	}
	walk := &headlineWalk{words: looked[lead].words(), bounded: true}
	for i, l := range looked {
		if i != lead && l.plain && !l.many && len(l.words()) <= maxProbeWords && !slices.Equal(l.words(), walk.words) {
			walk.probes = append(walk.probes, l.words())
		}
	}
	return walk, nil
}

// wordKey is a word of a search as a lookup knows it.
type wordKey struct {
	word   string
	prefix bool
}

// wordLookups keeps what the database said of a search's words, for its
// later reads: a search reads its terms with the last word whole, then,
// if it must, as a prefix.
type wordLookups struct {
	// terms are the search's own, whose words the first lookup asks
	// after too, in the same round trip.
	terms []flashback.SearchTerm
	known map[wordKey]wordLookup
	// longer holds longerWords' answers asked before they were needed.
	longer map[string]bool
	// absent holds the words that askLongerFirst learnt no event holds.
	absent map[string]bool
	// common, if not nil, says which words need not be counted.
	common *commonWords
}

func newWordLookups(terms []flashback.SearchTerm) *wordLookups {
	return &wordLookups{terms: terms, known: map[wordKey]wordLookup{}, longer: map[string]bool{}, absent: map[string]bool{}}
}

// keysOf returns the words of terms, each a prefix if it ends a prefix term.
func keysOf(terms []flashback.SearchTerm) []wordKey {
	var keys []wordKey
	for _, t := range terms {
		for i, w := range t.Words {
			keys = append(keys, wordKey{w, t.Prefix && i == len(t.Words)-1})
		}
	}
	return keys
}

// lookUp returns what the database says of each word of terms, asking it
// of those it has not been asked of yet, and of the search's own. A plain
// whole word the statistics know needs no asking (knownWord); when every
// word of terms is one, the search's own words still unknown are asked
// with the next statement, which reads the matches: the round trip of the
// lookup alone is spared ("first astronomer", the phrases). A search
// needs them only when that read found every match, to ask whether a
// longer word starts with its last.
func (wl *wordLookups) lookUp(ctx context.Context, tx searchTx, terms []flashback.SearchTerm) ([]wordLookup, error) {
	keys := keysOf(terms)
	var common map[string]int64
	if wl.common != nil {
		var err error
		if common, err = wl.common.get(ctx, tx); err != nil {
			return nil, err
		}
	}
	count := len(keys) > 1 // a search of one word has no lists to compare
	unknown := false
	for _, k := range keys {
		if _, ok := wl.known[k]; !ok {
			if l, ok := knownWord(common, k, count); ok {
				wl.known[k] = l
			} else {
				unknown = true
			}
		}
	}
	var words []string
	var prefix []bool
	asked := map[wordKey]bool{}
	for _, k := range append(slices.Clone(keys), keysOf(wl.terms)...) {
		if _, ok := wl.known[k]; !ok && !asked[k] {
			asked[k] = true
			words, prefix = append(words, k.word), append(prefix, k.prefix)
		}
	}
	r, later := tx.(*searchRead)
	switch {
	case len(words) == 0:
	case !unknown && later:
		b := &pgx.Batch{}
		queueLookUpWords(b, words, prefix, common, count, wl.known, func(looked []wordLookup) {
			wl.keep(words, prefix, looked)
		})
		r.sendWithNext(b.QueuedQueries...)
	default:
		b := &pgx.Batch{}
		var looked []wordLookup
		queueLookUpWords(b, words, prefix, common, count, wl.known, func(l []wordLookup) { looked = l })
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return nil, fmt.Errorf("search: look up words: %w", err)
		}
		wl.keep(words, prefix, looked)
		if count && wl.common != nil {
			for i, w := range words {
				if !prefix[i] {
					wl.common.keepCount(w, looked[i].entries)
				}
			}
		}
	}
	out := make([]wordLookup, len(keys))
	for i, k := range keys {
		out[i] = wl.known[k]
	}
	return out, nil
}

// keep keeps what a lookup said of words.
func (wl *wordLookups) keep(words []string, prefix []bool, looked []wordLookup) {
	for i, l := range looked {
		wl.known[wordKey{words[i], prefix[i]}] = l
	}
}

// knownWord returns what a lookup would say of k, a plain whole word
// whose entries the statistics give (knownEntries), without asking: it is
// its own lexeme, and plain.
func knownWord(common map[string]int64, k wordKey, count bool) (wordLookup, bool) {
	if k.prefix {
		return wordLookup{}, false
	}
	entries := knownEntries(common, k.word, false)
	if entries < 0 {
		return wordLookup{}, false
	}
	if !count {
		entries = 0
	}
	return wordLookup{folded: k.word, plain: true, entries: entries}, true
}

// longerWords says whether a word longer than word (lower case, as a
// SearchTerm holds it) starts with it in search_vocabulary; see
// flashback.LongerWords. A search of several parts has asked already, in
// its first lookup; one of a single word asks now, a round trip that
// spares it the read of its prefix when it would find the same. Of a word
// that is not plain it says yes: folded or parsed into other lexemes, its
// prefix need not be a range of plain words.
func (wl *wordLookups) longerWords(ctx context.Context, tx searchTx, word string) (bool, error) {
	if !plainLetters(word) {
		return true, nil
	}
	if l, ok := wl.known[wordKey{word, true}]; ok {
		return l.longer, nil
	}
	if longer, ok := wl.longer[word]; ok {
		return longer, nil
	}
	var longer bool
	if err := tx.QueryRow(ctx, longerWordSQL, word).Scan(&longer); err != nil {
		return false, fmt.Errorf("search: longer words: %w", err)
	}
	return longer, nil
}

// longerWordSQL says whether search_vocabulary holds a word longer than $1
// that starts with it: the first word after it does if any does.
const longerWordSQL = `SELECT coalesce((SELECT starts_with(word, $1) FROM search_vocabulary
	WHERE word > $1 ORDER BY word LIMIT 1), false)`

// askLongerFirst has the first statement of r ask longerWords' question of
// the last word of terms when that is the whole search, a plain word typed
// bare: the search reads the word whole and asks it when that found every
// match, a round trip of its own for every rare word ("zeppelin") and for
// a prefix ("indep"). A common word asks it in vain, one seek in the same
// round trip. A search of several parts asks it in its first lookup.
//
// It asks too whether search_vocabulary holds the word itself: if not, no
// event holds it, and the read of its other matches (flashback.Newest),
// which follows the first, is spared ("indep" and "astro" are no words:
// that read cost them a round trip and a plan of the events table's, 0.3
// to 0.5 ms of the server's time, for nothing). A word the vocabulary
// holds may still match nothing, its events gone; never the other way
// round, as the vocabulary keeps every word of every event's search.
func (wl *wordLookups) askLongerFirst(r *searchRead, terms []flashback.SearchTerm) {
	if len(terms) != 1 || len(terms[0].Words) != 1 || !terms[0].Prefix || !plainLetters(terms[0].Words[0]) {
		return
	}
	word := terms[0].Words[0]
	b := &pgx.Batch{}
	b.Queue(`SELECT (`+longerWordSQL+`), EXISTS (SELECT FROM search_vocabulary WHERE word = $1)`, word).QueryRow(func(row pgx.Row) error {
		var longer, present bool
		if err := row.Scan(&longer, &present); err != nil {
			return fmt.Errorf("search: longer words: %w", err)
		}
		wl.longer[word], wl.absent[word] = longer, !present
		return nil
	})
	r.sendWithNext(b.QueuedQueries...)
}

// holdsAbsent says whether a word of terms matched whole is one that no
// event holds, so that terms match nothing.
func (wl *wordLookups) holdsAbsent(terms []flashback.SearchTerm) bool {
	for _, t := range terms {
		for i, w := range t.Words {
			if wl.absent[w] && !(t.Prefix && i == len(t.Words)-1) {
				return true
			}
		}
	}
	return false
}

// plainLetters says word is plain without asking the database: ASCII
// letters (lower case, as a SearchTerm holds them) are left alone by
// folding and read as one token by the text search parser, so the word is
// its own lexeme. Digits are not: the parser reads "9e9e9" as a number
// and a word. Most searches are of such a word, and need no round trip
// more than the events table's plans.
func plainLetters(word string) bool {
	for _, r := range word {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return word != "" && len(word) <= 100
}

// lookUpWords asks the database, in one round trip, how each word folds,
// whether it is plain, how long a whole word's list is, which words a
// prefix starts (found one seek each, as the first word after the last)
// and whether a longer word than it starts with a prefix (the first word
// after it in search_vocabulary, migration 012). The lists of the words
// common holds, and of the prefixes that start the commonest, are taken
// as long as it says without counting (see commonWords, knownEntries);
// without count none is counted, their entries left 0.
func lookUpWords(ctx context.Context, tx searchTx, words []string, prefix []bool, common map[string]int64, count bool) ([]wordLookup, error) {
	b := &pgx.Batch{}
	var looked []wordLookup
	queueLookUpWords(b, words, prefix, common, count, nil, func(l []wordLookup) { looked = l })
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("search: look up words: %w", err)
	}
	return looked, nil
}

// queueLookUpWords queues lookUpWords' statements on b, to pass what they
// say to done. A whole word that known holds stands for one asked too.
func queueLookUpWords(b *pgx.Batch, words []string, prefix []bool, common map[string]int64, count bool, known map[wordKey]wordLookup, done func([]wordLookup)) {
	// A prefix's lists are its whole word's and those of the longer
	// words it starts: when the whole word is asked too, only the
	// longer words' are counted, and -1 less that count stands for the
	// whole word's added, up to 5,000 entries fewer to read for a
	// search of several parts ("first astronomer" counted the 4,729 of
	// "astronomer" twice).
	whole := map[string]int{} // the index of the word in words, or -1 if known
	for w := range known {
		if !w.prefix {
			whole[w.word] = -1
		}
	}
	for i, w := range words {
		if !prefix[i] {
			whole[w] = i
		}
	}
	same, given := make([]bool, len(words)), make([]int64, len(words))
	for i, w := range words {
		_, asked := whole[w]
		same[i] = prefix[i] && asked
		given[i] = knownEntries(common, w, prefix[i])
	}
	// The statement is planned once: its generic plan, the bounds
	// written into it, reads as well as a plan for its words (1.5 ms
	// against 2.0 to 2.1 for "first astronomer", planning included),
	// but the planner, left to choose, planned it anew each time. The
	// setting holds for this statement alone, sent in the same round
	// trip.
	b.Queue(`SET LOCAL plan_cache_mode = force_generic_plan`)
	lookup := b.Queue(fmt.Sprintf(`SELECT s.folded,
			to_tsquery('simple', search_fold(''''||s.word||''''||s.star))::text = ''''||s.folded||''''||s.star, s.pre,
			CASE WHEN NOT $5 THEN 0
				WHEN s.pre AND s.same AND NOT l.longer THEN -1
				WHEN s.known >= 0 THEN s.known
				WHEN s.pre AND s.same THEN -1 - (SELECT count(*) FROM (SELECT FROM headline_words h
					WHERE h.word > s.folded AND h.word < s.folded || chr(1114111) LIMIT %[1]d) AS x)
				WHEN s.pre THEN (SELECT count(*) FROM (SELECT FROM headline_words h
					WHERE h.word >= s.folded AND h.word < s.folded || chr(1114111) LIMIT %[1]d) AS x)
				ELSE (SELECT count(*) FROM (SELECT FROM headline_words h WHERE h.word = s.folded LIMIT %[1]d) AS x) END,
			CASE WHEN s.pre THEN (WITH RECURSIVE starts(word) AS (
					SELECT min(h.word) FROM headline_words h WHERE h.word >= s.folded AND h.word < s.folded || chr(1114111)
					UNION ALL
					SELECT (SELECT min(h.word) FROM headline_words h WHERE h.word > starts.word AND h.word < s.folded || chr(1114111))
					FROM starts WHERE starts.word IS NOT NULL
				) SELECT coalesce(array_agg(word), '{}') FROM (SELECT word FROM starts WHERE word IS NOT NULL LIMIT %[2]d) AS y)
			ELSE '{}' END,
			l.longer
		FROM (SELECT word, ord, search_fold(word) AS folded, CASE WHEN pre THEN ':*' ELSE '' END AS star, pre, same, known
			FROM unnest($1::text[], $2::bool[], $3::bool[], $4::bigint[]) WITH ORDINALITY AS u(word, pre, same, known, ord)) AS s
			CROSS JOIN LATERAL (SELECT s.pre AND coalesce((SELECT starts_with(v.word, s.folded) FROM search_vocabulary v
				WHERE v.word > s.folded ORDER BY v.word LIMIT 1), false) AS longer) AS l
		ORDER BY s.ord`, maxWalk+1, maxPrefixWords+1), words, prefix, same, given, count)
	lookup.Query(func(rows pgx.Rows) error {
		looked, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (wordLookup, error) {
			var l wordLookup
			err := row.Scan(&l.folded, &l.plain, &l.prefix, &l.entries, &l.starts, &l.longer)
			l.many = len(l.starts) > maxPrefixWords
			return l, err
		})
		if err != nil {
			return err
		}
		for i := range looked {
			if looked[i].entries >= 0 {
				continue
			}
			wholeEntries := known[wordKey{words[i], false}].entries
			if j := whole[words[i]]; j >= 0 {
				wholeEntries = looked[j].entries
			}
			looked[i].entries = min(wholeEntries-1-looked[i].entries, int64(maxWalk)+1)
		}
		done(looked)
		return nil
	})
	b.Queue(`SET LOCAL plan_cache_mode = DEFAULT`)
}

// walkKey is a place in a walk: an entry of headline_words.
type walkKey struct {
	headlineLength int
	eventID        int64
}

// cond is the condition that an entry of headline_words named alias comes
// after k in a walk.
func (k *walkKey) cond(w *where, alias string) string {
	return fmt.Sprintf("(%[1]s.headline_length > %[2]s OR %[1]s.headline_length = %[2]s AND %[1]s.event_id < %[3]s)",
		alias, w.placeholder(k.headlineLength), w.placeholder(k.eventID))
}

// from returns the relation a headline read selects from in place of the
// events table, whose events are columns of the events table (as
// "events"), the conditions it adds (the entries after after, if not
// nil), and the order of the read in its terms, the same as matchOrders'
// by the walked entries' own columns, so that one word's list is read in
// its index's order and left at the limit. Without columns it reads no
// event: the entries alone (as "w"), which carry their events' filters
// (migration 015).
func (hw *headlineWalk) from(w *where, limit string, after *walkKey, columns string) (from, cond, by string) {
	if hw.sorted {
		// An expression the headline length index does not serve.
		return "events", "TRUE", "length(headline) + 0, id DESC"
	}
	var list string
	conds := []string{}
	switch {
	case len(hw.words) == 1 && hw.bounded:
		list = `(SELECT headline_length, event_id FROM headline_words WHERE word = ` + w.placeholder(hw.words[0]) + `
			ORDER BY headline_length, event_id DESC LIMIT ` + w.placeholder(maxWalk) + `)`
	case len(hw.words) == 1:
		list = "headline_words"
		conds = append(conds, "w.word = "+w.placeholder(hw.words[0]))
	default:
		// Each word's first entries after after hold the first matches
		// after it: as many as the read's limit. Only a prefix alone
		// merges lists, and its walk tests nothing more, so the merged
		// entries are cut to the limit before any event is looked up:
		// left to the outer limit, the planner looked up the event of
		// every entry first and sorted after ("astro": 406 events for
		// the 338 read, 1,805 buffers against 1,533).
		entries := `SELECT h.headline_length, h.event_id, h.published, h.category, h.precision, h.year
			FROM headline_words h WHERE h.word = wl.word`
		if after != nil {
			entries += " AND " + after.cond(w, "h")
		}
		list = `(SELECT DISTINCT x.headline_length, x.event_id, x.published, x.category, x.precision, x.year
			FROM unnest(` + w.placeholder(hw.words) + `::text[]) AS wl(word) CROSS JOIN LATERAL (` + entries + `
				ORDER BY h.headline_length, h.event_id DESC LIMIT ` + limit + `) AS x
			ORDER BY x.headline_length, x.event_id DESC LIMIT ` + limit + `)`
	}
	for _, p := range hw.probes {
		var word string
		if len(p) == 1 {
			word = "p.word = " + w.placeholder(p[0])
		} else {
			word = "p.word = ANY (" + w.placeholder(p) + "::text[])"
		}
		// The probe must stay a seek for each entry: flattened into a
		// join, the planner merged the walked list with the probe's
		// longer one and read the probe's from its start ("independence
		// day": 26,000 entries of "day" for 321 of "independence", 4.8
		// ms instead of 2.2). A constant LIMIT does not keep it apart,
		// as the planner drops it from an EXISTS; an OFFSET does.
		conds = append(conds, `EXISTS (SELECT FROM headline_words p WHERE `+word+`
			AND p.headline_length = w.headline_length AND p.event_id = w.event_id OFFSET 0)`)
	}
	if after != nil {
		conds = append(conds, after.cond(w, "w"))
	}
	conds = append(conds, "TRUE")
	if columns == "" {
		return list + " AS w", strings.Join(conds, " AND "), "w.headline_length, w.event_id DESC"
	}
	// Each entry's event is looked up as the walk reaches it, in order,
	// until the limit: the subquery the planner may not flatten keeps it
	// from joining a list with every event the query's words match.
	return list + ` AS w CROSS JOIN LATERAL (SELECT ` + columns + `
			FROM events WHERE events.id = w.event_id OFFSET 0) AS events`, strings.Join(conds, " AND "), "w.headline_length, w.event_id DESC"
}
