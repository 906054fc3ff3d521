package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"flashback"
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
// is taken as long as they say, unless they give it a little more than
// maxWalk, and those of a prefix that starts a word of twice maxWalk
// entries or more as longer than maxWalk, however long they are; the
// others are counted, unless the search is of one word.
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
		{"common", "war", false, common, true, 2 * int64(maxWalk)},
		{"known", "war", false, rare, true, 7},
		{"known about maxWalk", "war", false, map[string]int64{"war": int64(maxWalk) + 44}, true, 2},
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

// TestPlanHeadlineWalk_CountsWhatTheStatisticsCannotPlace: a word the
// statistics give a little more than maxWalk entries is counted, once,
// and a search it leads sorts its matches when it has no more; its count
// then stands for the estimate, and a word they give many more entries is
// not counted.
func TestPlanHeadlineWalk_CountsWhatTheStatisticsCannotPlace(t *testing.T) {
	ctx := context.Background()
	db := openMigrated(t)
	defer func(n int) { maxWalk = n }(maxWalk)
	maxWalk = 30
	for w, n := range map[string]int{"astronomer": 28, "first": 200, "puerto": 33, "rico": 34} {
		mustExec(t, db, `INSERT INTO headline_words (word, headline_length, event_id, published, category, precision, year)
			SELECT $1, 10, g, true, 'world-history', 0, 1900 FROM generate_series(1, $2::int) AS g`, w, n)
	}
	common := &commonWords{entries: map[string]int64{"astronomer": 35, "first": 180, "puerto": 35, "rico": 36}, fetched: time.Now()}
	estimates := common.entries
	cases := []struct {
		query string
		want  *headlineWalk
	}{
		{"first astronomer", &headlineWalk{sorted: true}},
		{"puerto rico", &headlineWalk{words: []string{"puerto"}, probes: [][]string{{"rico"}}, bounded: true}},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			known := newWordLookups(nil)
			known.common = common
			got, err := planHeadlineWalk(ctx, readTx(t, db), wholeWords(flashback.ParseSearch(c.query)), known)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("walk %+v, want %+v", got, c.want)
			}
		})
	}
	words, err := common.get(ctx, readTx(t, db))
	if err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string]int64{"astronomer": 28, "first": 180, "puerto": sortedPast(), "rico": sortedPast()} {
		if got := knownEntries(words, w, false); got != want || words[w] != want {
			t.Errorf("%s: kept as %d, taken as %d; want %d", w, words[w], got, want)
		}
	}
	if estimates["astronomer"] != 35 {
		t.Errorf("the statistics read changed to %v: a search may be reading them", estimates)
	}
}

// TestPlanHeadlineWalk_RarestByTheStatistics: of two words whose lists
// are both longer than maxWalk, the one the statistics give fewer entries
// leads, whichever comes first.
func TestPlanHeadlineWalk_RarestByTheStatistics(t *testing.T) {
	ctx := context.Background()
	db := openMigrated(t)
	common := &commonWords{entries: map[string]int64{"day": 40 * int64(maxWalk), "independence": 10 * int64(maxWalk)}, fetched: time.Now()}
	want := &headlineWalk{words: []string{"independence"}, probes: [][]string{{"day"}}, bounded: true}
	for _, query := range []string{"day independence", "independence day"} {
		t.Run(query, func(t *testing.T) {
			known := newWordLookups(nil)
			known.common = common
			got, err := planHeadlineWalk(ctx, readTx(t, db), wholeWords(flashback.ParseSearch(query)), known)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("walk %+v, want %+v", got, want)
			}
		})
	}
}
