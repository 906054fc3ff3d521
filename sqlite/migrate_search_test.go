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

// TestMigrateSearchFold upgrades a database whose indexes hold "Łódź" and
// "Straße" as written, before 022: afterwards they are found as readers
// type them, the old spellings are gone from both indexes, FTS5 finds
// both indexes sound, and an edit replaces what the index holds.
func TestMigrateSearchFold(t *testing.T) {
	ctx := context.Background()
	db := openBare(t)
	migrateBefore(t, db, "022")
	s := NewEventStore(db)
	lodz, plain := testEvent(1), testEvent(2)
	lodz.Headline, lodz.Body = "Łódź Ghetto sealed", "Its gate stood on a Straße."
	plain.Headline = "Astronomers map the sky"
	for _, e := range []*flashback.Event{lodz, plain} {
		if err := s.CreateEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := migrate(ctx, db, migrationFS); err != nil {
		t.Fatal(err)
	}
	total := func(text string) int {
		t.Helper()
		res, err := s.Search(ctx, flashback.SearchQuery{Text: text})
		if err != nil {
			t.Fatalf("Search(%q): %v", text, err)
		}
		return res.Total
	}
	cases := []struct {
		text string
		want int
	}{
		{"lodz", 1}, {"Łódź", 1}, {"strasse", 1}, {"straße", 1}, {"astronomers", 1}, {"sky", 1},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			if got := total(c.text); got != c.want {
				t.Errorf("%d hits, want %d", got, c.want)
			}
		})
	}
	t.Run("OldSpellingsGone", func(t *testing.T) {
		for _, q := range []string{
			`SELECT count(*) FROM events_headline_fts WHERE events_headline_fts MATCH '"łodz"'`,
			`SELECT count(*) FROM events_fts WHERE events_fts MATCH '"łodz" OR "straße"'`,
		} {
			var n int
			if err := db.write.QueryRowContext(ctx, q).Scan(&n); err != nil || n != 0 {
				t.Errorf("%s: %d, %v; want 0", q, n, err)
			}
		}
	})
	t.Run("IndexesSound", func(t *testing.T) {
		for _, table := range searchIndexes {
			if _, err := db.write.ExecContext(ctx, `INSERT INTO `+table+` (`+table+`) VALUES ('integrity-check')`); err != nil {
				t.Errorf("%s: %v", table, err)
			}
		}
	})
	t.Run("EditReplaces", func(t *testing.T) {
		lodz.Headline, lodz.Body = "Litzmannstadt Ghetto sealed", ""
		if err := s.UpdateEvent(ctx, lodz); err != nil {
			t.Fatal(err)
		}
		if n := total("lodz"); n != 0 {
			t.Errorf("lodz: %d hits after the edit, want 0", n)
		}
		if n := total("litzmannstadt"); n != 1 {
			t.Errorf("litzmannstadt: %d hits, want 1", n)
		}
	})
}
