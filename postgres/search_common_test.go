package postgres

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// TestCommonWords: the words the statistics give at least twice maxWalk
// entries are common, the others not, and none before ANALYZE ran.
func TestCommonWords(t *testing.T) {
	ctx := context.Background()
	db := openMigrated(t)
	defer func(n int) { maxWalk = n }(maxWalk)
	maxWalk = 4
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
		t.Fatalf("before ANALYZE: common words %q, error %v; want none", words, err)
	}
	mustExec(t, db, `ANALYZE headline_words`)
	words, err := (&commonWords{}).get(ctx, readTx(t, db))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		word   string
		common bool
	}{
		{"war", true},  // 36 entries
		{"news", true}, // 36
		{"zeppelin", false},
		{"flies", false}, // 4: maxWalk, not twice
		{"qwxzy", false},
	}
	for _, c := range cases {
		t.Run(c.word, func(t *testing.T) {
			if got := slices.Contains(words, c.word); got != c.common {
				t.Errorf("%q common: %v, want %v (common words %q)", c.word, got, c.common, words)
			}
		})
	}
}

// TestLookUpWords_CommonUncounted: the list of a common word, and those
// of a prefix that starts one, are taken as longer than maxWalk however
// long they are; the others are counted, unless the search is of one word.
func TestLookUpWords_CommonUncounted(t *testing.T) {
	ctx := context.Background()
	db := openMigrated(t)
	mustExec(t, db, addEventSQL, 1, "War ends")
	mustExec(t, db, addEventSQL, 2, "War begins")
	many := int64(maxWalk) + 1
	cases := []struct {
		name   string
		word   string
		prefix bool
		common []string
		count  bool
		want   int64
	}{
		{"counted", "war", false, nil, true, 2},
		{"common", "war", false, []string{"war"}, true, many},
		{"other common", "war", false, []string{"peace"}, true, 2},
		{"prefix counted", "wa", true, nil, true, 2},
		{"prefix of a common word", "war", true, []string{"war"}, true, many},
		{"prefix starting a common word", "wa", true, []string{"war"}, true, many},
		{"word starting a common word", "wa", false, []string{"war"}, true, 0},
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
