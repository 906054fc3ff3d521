package sqlite

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"
)

// TestLongerWords checks the look-up that spares a search its prefix read:
// it finds a longer word wherever the full-text index holds one (headline,
// summary or article), never the word itself, and works on events written
// before migration 016 added the table it reads.
func TestLongerWords(t *testing.T) {
	ctx := context.Background()
	db := openBare(t)
	before := fstest.MapFS{}
	err := fs.WalkDir(migrationFS, "migrations", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path >= "migrations/016" {
			return err
		}
		body, err := fs.ReadFile(migrationFS, path)
		before[path] = &fstest.MapFile{Data: body}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, before); err != nil {
		t.Fatal(err)
	}
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
