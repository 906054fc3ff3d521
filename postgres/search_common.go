package postgres

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// A search of several parts counts its words' lists up to maxWalk entries
// (see planHeadlineWalk), about a millisecond for each word of a few
// thousand entries or more on a million events, though the planner's
// statistics of headline_words say already about how long its list is:
// "of" in "battle of", "first" and "astronomer" in "first astronomer".
// commonWords keeps the words those statistics list (the most common
// values ANALYZE found; migration 014 has it keep a thousand), each with
// the entries they give it, which the lookup then takes instead of
// counting. They are an estimate, from a sample: a word whose list is
// taken as shorter or longer than maxWalk and is not is sorted instead of
// walked or the reverse, which finds the same matches in the same order
// (the bounded walk hands over to the events table's plans when it finds
// too few), only slower. A word they give about maxWalk the lookup counts
// (nearMaxWalk), once: its count then stands for their estimate.
type commonWords struct {
	mu      sync.Mutex
	entries map[string]int64
	fetched time.Time
}

// commonWordsAge is how long the words once read stand: the statistics
// change only when (auto)analyze runs.
const commonWordsAge = 10 * time.Minute

// commonWordEntries is the fewest entries the statistics must give a word
// for the prefixes that start it to go uncounted: twice maxWalk, beyond
// the error of the sample (a word of 10,000 entries among 7.6 million is
// seen about 40 times in the 30,000 rows ANALYZE reads by default).
func commonWordEntries() int { return 2 * maxWalk }

// get returns the entries the statistics give each word they list,
// reading them through tx when those kept are older than commonWordsAge;
// none when the table was never analyzed.
func (c *commonWords) get(ctx context.Context, tx searchTx) (map[string]int64, error) {
	c.mu.Lock()
	entries, fetched := c.entries, c.fetched
	c.mu.Unlock()
	if !fetched.IsZero() && time.Since(fetched) < commonWordsAge {
		return entries, nil
	}
	var words []string
	var counts []int64
	err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(u.word), '{}'), coalesce(array_agg(round(u.freq * t.reltuples)::bigint), '{}')
		FROM pg_stats s, unnest(s.most_common_vals::text::text[], s.most_common_freqs) AS u(word, freq),
			(SELECT reltuples FROM pg_class WHERE oid = to_regclass('headline_words')) AS t
		WHERE s.schemaname = current_schema() AND s.tablename = 'headline_words' AND s.attname = 'word'`).Scan(&words, &counts)
	if err != nil {
		return nil, fmt.Errorf("search: common words: %w", err)
	}
	entries = make(map[string]int64, len(words))
	for i, w := range words {
		entries[w] = counts[i]
	}
	c.mu.Lock()
	c.entries, c.fetched = entries, time.Now()
	c.mu.Unlock()
	return entries, nil
}

// keepCount replaces the estimate of word, when the statistics give it
// about maxWalk (nearMaxWalk), with n, the entries a lookup counted (up to
// maxWalk+1), so that no search counts it again until the statistics are
// read again: n itself when no more than maxWalk, else sortedPast, which
// knownEntries takes as longer than maxWalk without counting. The map is
// copied, not changed: searches may be reading it.
func (c *commonWords) keepCount(word string, n int64) {
	if n > int64(maxWalk) {
		n = sortedPast()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[word]; !ok || !nearMaxWalk(e) {
		return
	}
	entries := make(map[string]int64, len(c.entries))
	for w, e := range c.entries {
		entries[w] = e
	}
	entries[word] = n
	c.entries = entries
}

// knownEntries returns the entries of the lists of word, a prefix if
// prefix, as the lookup should take them without counting: those the
// statistics give a whole word unless they give it about maxWalk
// (nearMaxWalk), maxWalk+1 for a prefix that starts a word they give
// commonWordEntries or more, else -1: to be counted. A whole word's are
// not cut at maxWalk+1, the most a count finds, so that of two words
// whose lists are both longer the shorter leads a search's walk: cut,
// they tied, and "day independence" walked the first 5,000 entries of
// "day" (228,000) for too few matches before the events table's plans
// read them, 240 to 340 ms a search, where "independence day" took 6 to
// 13. It asks this of plain words alone, which are their own lexemes
// (plainLetters), and not the database: an array of the common words
// unnested for each word of the lookup doubled its time (2.5 ms instead
// of 1.2 for "treaty signed", with 65 common words).
func knownEntries(common map[string]int64, word string, prefix bool) int64 {
	if !plainLetters(word) {
		return -1
	}
	many := int64(maxWalk) + 1
	if n, ok := common[word]; ok && !prefix && !nearMaxWalk(n) {
		return n
	}
	if !prefix {
		return -1
	}
	for c, n := range common {
		if n >= int64(commonWordEntries()) && strings.HasPrefix(c, word) {
			return many
		}
	}
	return -1
}

// nearMaxWalk says that the statistics, giving a word n entries, cannot
// tell on which side of maxWalk its list is, and so whether a search it
// leads should sort its matches or walk its list: more than maxWalk, but
// less than sortedPast. ANALYZE counts a word in a sample of blocks, and
// on the benchmark's million events the words it gives 3,000 to 8,000
// entries hold from a quarter fewer to a fifth more ("debuts" 2,227 for
// 3,027, "patron" 3,906 for 3,254); of the 50 it gives a little more
// than maxWalk, 10 have no more. Taken as longer than maxWalk,
// "astronomer" (4,729 entries, 5,044 in the statistics) tied with "first"
// (83,000, both taken as maxWalk+1), whose first 5,000 entries "first
// astronomer" then walked, 13 ms of server time, for too few matches,
// which the events table's plans then sorted (the 782 matches alone: 5 ms
// through psql). Taking such a word as no longer than maxWalk, uncounted,
// sorted instead the matches of the names whose two words are each in a
// little more than maxWalk headlines, nearly always together ("puerto
// rico", 5,994 matches, "jimi hendrix", 5,058: 16 to 21 ms a search where
// the walk took 6 to 9), and counting the word in every search cost those
// 1 to 6 ms more: counted once, its count stands as long as the
// statistics read (keepCount).
func nearMaxWalk(n int64) bool { return n > int64(maxWalk) && n < sortedPast() }

// sortedPast bounds nearMaxWalk: a third past maxWalk.
func sortedPast() int64 { return int64(maxWalk) * 4 / 3 }
