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
// too few), only slower.
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

// knownEntries returns the entries of the lists of word, a prefix if
// prefix, as the lookup should take them without counting: those the
// statistics give a whole word (at most maxWalk+1, the most a count
// finds), maxWalk+1 for a prefix that starts a word they give
// commonWordEntries or more, else -1: to be counted. It asks this of plain
// words alone, which are their own lexemes (plainLetters), and not the
// database: an array of the common words unnested for each word of the
// lookup doubled its time (2.5 ms instead of 1.2 for "treaty signed",
// with 65 common words).
func knownEntries(common map[string]int64, word string, prefix bool) int64 {
	if !plainLetters(word) {
		return -1
	}
	many := int64(maxWalk) + 1
	if n, ok := common[word]; ok && !prefix {
		return min(n, many)
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
