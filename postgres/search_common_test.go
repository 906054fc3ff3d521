package postgres

import (
	"context"
	"fmt"
	"testing"
)

// TestCommonWords: the statistics give each word they list about the
// entries of its list, and none before ANALYZE ran.
func TestCommonWords(t *testing.T) {
	ctx := context.Background()
	db := openMigrated(t)
	// Only the test's ANALYZE may gather statistics.
	mustExec(t, db, `ALTER TABLE headline_words SET (autovacuum_enabled = false)`)
	for i := range 40 {
		headline := fmt.Sprintf("War news %d", i)
		if i%10 == 0 {
			headline = "Zeppelin flies"
		}
		mustExec(t, db, addEventSQL, i+1, headline)
	}
	if words, err := (&commonWords{}).get(ctx, readTx(t, db)); err != nil || len(words) > 0 {
		t.Fatalf("before ANALYZE: common words %v, error %v; want none", words, err)
	}
	mustExec(t, db, `ANALYZE headline_words`)
	words, err := (&commonWords{}).get(ctx, readTx(t, db))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		word    string
		entries int64 // 0: not listed
	}{
		{"war", 36},
		{"news", 36},
		{"zeppelin", 4},
		{"qwxzy", 0},
	}
	for _, c := range cases {
		t.Run(c.word, func(t *testing.T) {
			if got := words[c.word]; got != c.entries {
				t.Errorf("%q: %d entries, want %d (common words %v)", c.word, got, c.entries, words)
			}
		})
	}
}

// TestLookUpWords_CommonUncounted: the list of a word the statistics give
// is taken as long as they say, up to maxWalk+1, and those of a prefix
// that starts a word of twice maxWalk entries or more as longer than
// maxWalk, however long they are; the others are counted, unless the
// search is of one word.
func TestLookUpWords_CommonUncounted(t *testing.T) {
	ctx := context.Background()
	db := openMigrated(t)
	mustExec(t, db, addEventSQL, 1, "War ends")
	mustExec(t, db, addEventSQL, 2, "War begins")
	many := int64(maxWalk) + 1
	common := map[string]int64{"war": 2 * int64(maxWalk)}
	rare := map[string]int64{"war": 7}
	cases := []struct {
		name   string
		word   string
		prefix bool
		common map[string]int64
		count  bool
		want   int64
	}{
		{"counted", "war", false, nil, true, 2},
		{"common", "war", false, common, true, many},
		{"known", "war", false, rare, true, 7},
		{"other common", "war", false, map[string]int64{"peace": 2 * int64(maxWalk)}, true, 2},
		{"prefix counted", "wa", true, nil, true, 2},
		{"prefix of a common word", "war", true, common, true, many},
		{"prefix starting a common word", "wa", true, common, true, many},
		{"prefix starting a known word", "wa", true, rare, true, 2},
		{"word starting a common word", "wa", false, common, true, 0},
		{"one word", "war", false, nil, false, 0},
		{"one prefix", "wa", true, nil, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			looked, err := lookUpWords(ctx, readTx(t, db), []string{c.word}, []bool{c.prefix}, c.common, c.count)
			if err != nil {
				t.Fatal(err)
			}
			if looked[0].entries != c.want {
				t.Errorf("entries %d, want %d", looked[0].entries, c.want)
			}
		})
	}
}

// TestMigrate_HeadlineWordsStatistics: migration 14 has ANALYZE keep a
// thousand words of headline_words and runs it, so that a search finds
// the words of the lists already there in the statistics at once.
func TestMigrate_HeadlineWordsStatistics(t *testing.T) {
	ctx := context.Background()
	db := migratedFrom(t, 14, "War ends", "War begins", "Peace signed")
	var target int
	if err := db.pool.QueryRow(ctx, `SELECT attstattarget FROM pg_attribute
		WHERE attrelid = 'headline_words'::regclass AND attname = 'word'`).Scan(&target); err != nil {
		t.Fatal(err)
	}
	if target != 1000 {
		t.Errorf("statistics target of headline_words.word: %d, want 1000", target)
	}
	words, err := (&commonWords{}).get(ctx, readTx(t, db))
	if err != nil {
		t.Fatal(err)
	}
	if words["war"] != 2 {
		t.Errorf("the statistics give war %d entries, want 2 (common words %v)", words["war"], words)
	}
}
