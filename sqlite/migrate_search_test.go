package sqlite

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"

	"flashback"
)

// TestMigrateSearchPrefixes upgrades a database whose events were written
// before 012 rebuilt the full-text index and 014 added the headline index:
// they are found, by whole words and by prefixes, and events written after
// are indexed as well.
func TestMigrateSearchPrefixes(t *testing.T) {
	ctx := context.Background()
	db := openBare(t)
	migrateBefore(t, db, "012")
	s := NewEventStore(db)
	old := testEvent(1)
	old.Headline = "Astronomers map the sky"
	if err := s.CreateEvent(ctx, old); err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, migrationFS); err != nil {
		t.Fatal(err)
	}
	late := testEvent(2)
	late.Headline = "Astronauts walk in space"
	if err := s.CreateEvent(ctx, late); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, text string
		want       int
	}{
		{"WholeWord", "astronomers", 1},
		{"Prefix", "astro", 2},
		{"LongPrefix", "astronom", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := s.Search(ctx, flashback.SearchQuery{Text: c.text})
			if err != nil || res.Total != c.want {
				t.Errorf("Search(%q): %d hits, %v; want %d", c.text, res.Total, err, c.want)
			}
		})
	}
	t.Run("HeadlineIndexFilled", func(t *testing.T) {
		var n int
		err := db.write.QueryRowContext(ctx, `SELECT count(*) FROM events_headline_fts WHERE events_headline_fts MATCH 'astro*'`).Scan(&n)
		if err != nil || n != 2 {
			t.Errorf("headline index holds %d events for astro*, %v; want 2", n, err)
		}
	})
}

// migrateBefore migrates db with the migrations numbered below version
// only, as a database written by an older binary would be.
func migrateBefore(t *testing.T, db *DB, version string) {
	t.Helper()
	before := fstest.MapFS{}
	err := fs.WalkDir(migrationFS, "migrations", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path >= "migrations/"+version {
			return err
		}
		body, err := fs.ReadFile(migrationFS, path)
		before[path] = &fstest.MapFile{Data: body}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(context.Background(), db, before); err != nil {
		t.Fatal(err)
	}
}
