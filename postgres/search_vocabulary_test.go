package postgres

import (
	"context"
	"strings"
	"testing"

	"flashback"
)

// longerWordsIn asks, in a read of its own, whether a longer word starts
// with word, both on its own and as the first lookup of a search of
// several parts learns it, and fails t if the two answers differ.
func longerWordsIn(t *testing.T, db *DB, word string) bool {
	t.Helper()
	ctx := context.Background()
	tx := readTx(t, db)
	alone, err := newWordLookups(nil).longerWords(ctx, tx, word)
	if err != nil {
		t.Fatal(err)
	}
	terms := []flashback.SearchTerm{{Words: []string{"other"}}, {Words: []string{word}, Prefix: true}}
	known := newWordLookups(terms)
	if _, err := known.lookUp(ctx, tx, terms); err != nil {
		t.Fatal(err)
	}
	looked, err := known.longerWords(ctx, tx, word)
	if err != nil {
		t.Fatal(err)
	}
	if alone != looked {
		t.Errorf("longer words than %q: %v asked alone, %v from the lookup", word, alone, looked)
	}
	if first := longerWordsFirst(t, db, word); first != alone {
		t.Errorf("longer words than %q: %v asked alone, %v asked with the first statement", word, alone, first)
	}
	return alone
}

// longerWordsFirst asks whether a longer word starts with word as a
// search of that word alone does, with its first statement.
func longerWordsFirst(t *testing.T, db *DB, word string) bool {
	t.Helper()
	ctx := context.Background()
	r, err := db.beginSearchRead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer r.close(ctx)
	terms := []flashback.SearchTerm{{Words: []string{word}, Prefix: true}}
	known := newWordLookups(terms)
	known.askLongerFirst(r, terms)
	if err := r.QueryRow(ctx, `SELECT 1`).Scan(new(int)); err != nil {
		t.Fatal(err)
	}
	if _, ok := known.longer[word]; !ok && plainLetters(word) {
		t.Errorf("longer words than %q not asked with the first statement", word)
	}
	longer, err := known.longerWords(ctx, r, word)
	if err != nil {
		t.Fatal(err)
	}
	return longer
}

// TestLongerWords: search_vocabulary says whether a longer word starts
// with a word, whatever part of an event holds it, as statements add
// words; a word whose last event went is still said to have them, which
// the contract allows.
func TestLongerWords(t *testing.T) {
	db := openMigrated(t)
	mustExec(t, db, addEventSQL, 1, "Treaty signed")
	steps := []struct {
		name, sql string
		args      []any
		word      string
		want      bool
	}{
		{"ItselfOnly", "", nil, "signed", false},
		{"LongerInHeadline", "", nil, "sign", true},
		{"NoSuchWord", "", nil, "zeppelin", false},
		{"NotPlain", "", nil, "é", true},
		{"InsertedBody", `INSERT INTO events (id, year, month, day, precision, calendar, category, headline, body, slug,
			published, created_at, updated_at) VALUES (2, 1900, 3, 5, 0, 0, 'world-history', 'Ink', 'Its signedness', 'e', true, now(), now())`,
			nil, "signed", true},
		{"UpdatedSummary", `UPDATE events SET summary = 'by the treatymakers' WHERE id = 1`, nil, "treaty", true},
		{"UpdatedElsewhere", `UPDATE events SET published = false`, nil, "ink", false},
		{"DeletedStays", `DELETE FROM events WHERE id = 2`, nil, "signed", true},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.sql != "" {
				mustExec(t, db, s.sql, s.args...)
			}
			if got := longerWordsIn(t, db, s.word); got != s.want {
				t.Errorf("longer words than %q: %v, want %v", s.word, got, s.want)
			}
		})
	}
}

// TestMigrate_SearchVocabularyBackFilled: a database made before migration
// 012 gets the words of the events it holds.
func TestMigrate_SearchVocabularyBackFilled(t *testing.T) {
	db := migratedFrom(t, 12, "Treaty signed")
	for _, c := range []struct {
		word string
		want bool
	}{{"sig", true}, {"signed", false}, {"treat", true}} {
		t.Run(c.word, func(t *testing.T) {
			if got := longerWordsIn(t, db, c.word); got != c.want {
				t.Errorf("longer words than %q: %v, want %v", c.word, got, c.want)
			}
		})
	}
}

// TestLookUpWords_PrefixOfOneWord: a prefix asked beside its whole word
// and starting no longer word takes the whole word's count; one that
// starts longer words, or is asked alone, counts its own range; and the
// transaction's plans are left as they were.
func TestLookUpWords_PrefixOfOneWord(t *testing.T) {
	ctx := context.Background()
	db := openMigrated(t)
	for i, h := range []string{"Treaty signed", "Treaty of Paris", "Signed and sealed", "Treatymakers meet"} {
		mustExec(t, db, addEventSQL, i+1, h)
	}
	cases := []struct {
		name    string
		words   []string
		prefix  []bool
		entries []int64
	}{
		{"BesideItsWord", []string{"signed", "signed"}, []bool{false, true}, []int64{2, 2}},
		{"Alone", []string{"signed"}, []bool{true}, []int64{2}},
		{"StartsLonger", []string{"treaty", "treaty"}, []bool{false, true}, []int64{2, 3}},
		{"NoWord", []string{"zeppelin", "zeppelin"}, []bool{false, true}, []int64{0, 0}},
		// Counted up to maxWalk+1, 2 here, the sum too.
		{"StartsLongerCapped", []string{"treaty", "treaty"}, []bool{false, true}, []int64{2, 2}},
	}
	defer func(n int) { maxWalk = n }(maxWalk)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if strings.HasSuffix(c.name, "Capped") {
				maxWalk = 1
			}
			tx := readTx(t, db)
			looked, err := lookUpWords(ctx, tx, c.words, c.prefix, nil, true)
			if err != nil {
				t.Fatal(err)
			}
			for i, l := range looked {
				if l.entries != c.entries[i] {
					t.Errorf("%q (prefix %v): %d entries, want %d", c.words[i], c.prefix[i], l.entries, c.entries[i])
				}
			}
			// The lookup's generic plan is its own: the reads after it
			// are planned for their words.
			var mode string
			if err := tx.QueryRow(ctx, `SHOW plan_cache_mode`).Scan(&mode); err != nil {
				t.Fatal(err)
			}
			if mode != "auto" {
				t.Errorf("plan_cache_mode after the lookup: %s, want auto", mode)
			}
		})
	}
}
