package postgres

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// A search of several parts counts its words' lists up to maxWalk entries
// (see planHeadlineWalk), about a millisecond for each common word on a
// million events, though the planner's statistics of headline_words say
// already that its list is far longer: "of" in "battle of", "first" in
// "first astronomer". commonWords keeps the words those statistics (the
// most common values ANALYZE found) give at least commonWordEntries
// entries, which the lookup then takes as longer than maxWalk without
// counting. They are an estimate, from a sample: a word taken as common
// whose list is short after all is walked instead of sorted, which finds
// the same matches in the same order (the bounded walk hands over to the
// events table's plans when it finds too few), only slower.
type commonWords struct {
	mu      sync.Mutex
	words   []string
	fetched time.Time
}

// commonWordsAge is how long the words once read stand: the statistics
// change only when (auto)analyze runs.
const commonWordsAge = 10 * time.Minute

// commonWordEntries is the fewest entries the statistics must give a word
// for it to go uncounted: twice maxWalk, beyond the error of the sample
// (a word of 10,000 entries among 7.6 million is seen about 40 times in
// ANALYZE's 30,000 rows).
func commonWordEntries() int { return 2 * maxWalk }

// get returns the common words, reading them through tx when those kept
// are older than commonWordsAge; none when the table was never analyzed.
func (c *commonWords) get(ctx context.Context, tx searchTx) ([]string, error) {
	c.mu.Lock()
	words, fetched := c.words, c.fetched
	c.mu.Unlock()
	if !fetched.IsZero() && time.Since(fetched) < commonWordsAge {
		return words, nil
	}
	err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(u.word), '{}')
		FROM pg_stats s, unnest(s.most_common_vals::text::text[], s.most_common_freqs) AS u(word, freq)
		WHERE s.schemaname = current_schema() AND s.tablename = 'headline_words' AND s.attname = 'word'
			AND u.freq * (SELECT reltuples FROM pg_class WHERE oid = to_regclass('headline_words')) >= $1`,
		commonWordEntries()).Scan(&words)
	if err != nil {
		return nil, fmt.Errorf("search: common words: %w", err)
	}
	c.mu.Lock()
	c.words, c.fetched = words, time.Now()
	c.mu.Unlock()
	return words, nil
}

// startsCommon says that word, a prefix if prefix, is one of common or a
// prefix that starts one: its lists are at least as long. It asks this of
// plain words alone, which are their own lexemes (plainLetters), and not
// the database: an array of the common words unnested for each word of
// the lookup doubled its time (2.5 ms instead of 1.2 for "treaty signed",
// with 65 common words).
func startsCommon(common []string, word string, prefix bool) bool {
	if !plainLetters(word) {
		return false
	}
	for _, c := range common {
		if c == word || prefix && strings.HasPrefix(c, word) {
			return true
		}
	}
	return false
}
