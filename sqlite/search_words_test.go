package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"flashback"
)

// TestLongerWords checks the look-up that spares a search its prefix read:
// it finds a longer word wherever the full-text index holds one (headline,
// summary or article), never the word itself, and works on events written
// before migration 016 added the table it reads.
func TestLongerWords(t *testing.T) {
	ctx := context.Background()
	db := openBare(t)
	migrateBefore(t, db, "016")
	s := NewEventStore(db)
	old := testEvent(1)
	old.Headline, old.Summary = "Treaty signed at Versailles", "The delegates of Paris met."
	if err := s.CreateEvent(ctx, old); err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, migrationFS); err != nil {
		t.Fatal(err)
	}
	late := testEvent(2)
	late.Headline, late.Body = "Signatories meet", "Parisian crowds gathered."
	if err := s.CreateEvent(ctx, late); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		word string
		want bool
	}{
		{"signed", false}, // only the word itself
		{"sign", true},    // signed, signatories
		{"versailles", false},
		{"paris", true},     // parisian, in an article only
		{"treat", true},     // treaty, in a headline only
		{"delegate", true},  // delegates, in a summary only
		{"zeppelin", false}, // no such word at all
		{"müller", true},    // not plain ASCII: the index folds it its own way
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, c := range cases {
		t.Run(c.word, func(t *testing.T) {
			got, err := longerWords(ctx, db, tx, c.word)
			if err != nil || got != c.want {
				t.Errorf("longerWords(%q) = %v, %v; want %v", c.word, got, err, c.want)
			}
		})
	}
}

// TestSearchStatementsAfterReopen searches, closes the database and opens
// it again: the statements kept for searches belong to the closed pool and
// must be prepared again, not used.
func TestSearchStatementsAfterReopen(t *testing.T) {
	ctx := context.Background()
	db := NewDB(filepath.Join(t.TempDir(), "reopen.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := NewEventStore(db)
	if err := s.CreateEvent(ctx, testEvent(1)); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		res, err := s.Search(ctx, flashback.SearchQuery{Text: "number"})
		if err != nil || res.Total != 1 {
			t.Fatalf("search %d: %v, %v; want one hit", i+1, res, err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
	}
}
