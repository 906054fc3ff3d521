package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"flashback/migration"
)

// openBare opens the pools of a fresh database without migrating it, so a
// test can run the migrator on migrations of its own.
func openBare(t *testing.T) *DB {
	t.Helper()
	db := NewDB(filepath.Join(t.TempDir(), "bare.db"))
	db.path = db.DSN
	if err := db.openPools(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func tableExists(t *testing.T, db *DB, name string) bool {
	t.Helper()
	var n int
	err := db.read.QueryRow(`SELECT COUNT(*) FROM sqlite_schema WHERE name = ?`, name).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n > 0
}

func TestMigrate_FreshOpen(t *testing.T) {
	db := NewDB(filepath.Join(t.TempDir(), "fresh.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := migration.Load(migrationFS)
	if err != nil {
		t.Fatal(err)
	}
	v, err := db.SchemaVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v == 0 || v != migration.Last(ms) {
		t.Errorf("schema version %d, want %d", v, migration.Last(ms))
	}
	for _, table := range []string{"categories", "events", "events_fts", "content_version"} {
		if !tableExists(t, db, table) {
			t.Errorf("table %s missing", table)
		}
	}
	var mode string
	if err := db.read.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
}

func TestMigrate_ReopenIsNoop(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reopen.db")
	applied := func() string {
		db := NewDB(path)
		db.Now = func() time.Time { return time.Now().Add(time.Hour) } // a second run would show
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var out []string
		rows, err := db.read.Query(`SELECT version, applied_at FROM schema_migrations ORDER BY version`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var v, at string
			if err := rows.Scan(&v, &at); err != nil {
				t.Fatal(err)
			}
			out = append(out, v+"@"+at)
		}
		return strings.Join(out, ",")
	}
	first := applied()
	if second := applied(); second != first {
		t.Errorf("reopen changed schema_migrations from %s to %s", first, second)
	}
}

func TestMigrate_NewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newer.db")
	db := NewDB(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	_, err := db.write.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '999_future.sql', '')`)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = NewDB(path)
	err = db.Open()
	if err == nil {
		db.Close()
		t.Fatal("Open accepted a database from a newer version")
	}
	if !strings.Contains(err.Error(), "migration 999") || !strings.Contains(err.Error(), "upgrade") {
		t.Errorf("error %q does not say what is wrong and what to do", err)
	}
	if db.write != nil || db.read != nil {
		t.Error("refused Open left pools open")
	}
}

func TestMigrate_Runner(t *testing.T) {
	ctx := context.Background()
	t.Run("NumericOrder", func(t *testing.T) {
		db := openBare(t)
		fsys := fstest.MapFS{
			// 9 sorts after 10 as text; the runner must go by number.
			"migrations/10_b.sql": {Data: []byte(`ALTER TABLE a ADD COLUMN y INTEGER;`)},
			"migrations/9_a.sql":  {Data: []byte(`CREATE TABLE a (x INTEGER);`)},
		}
		if err := migrate(ctx, db, fsys); err != nil {
			t.Fatal(err)
		}
		if v, _ := db.SchemaVersion(ctx); v != 10 {
			t.Errorf("schema version %d, want 10", v)
		}
	})
	t.Run("LateLowerNumberApplied", func(t *testing.T) {
		db := openBare(t)
		first := fstest.MapFS{"migrations/003_c.sql": {Data: []byte(`CREATE TABLE c (x INTEGER);`)}}
		if err := migrate(ctx, db, first); err != nil {
			t.Fatal(err)
		}
		// A migration from another branch arrives with a lower number.
		first["migrations/002_b.sql"] = &fstest.MapFile{Data: []byte(`CREATE TABLE b (x INTEGER);`)}
		if err := migrate(ctx, db, first); err != nil {
			t.Fatal(err)
		}
		if !tableExists(t, db, "b") {
			t.Error("migration 002 was skipped because 003 came first")
		}
	})
	t.Run("FailureRollsBack", func(t *testing.T) {
		db := openBare(t)
		fsys := fstest.MapFS{
			"migrations/001_ok.sql":  {Data: []byte(`CREATE TABLE ok (x INTEGER);`)},
			"migrations/002_bad.sql": {Data: []byte(`CREATE TABLE half (x INTEGER); SELECT nonsense FROM nowhere;`)},
		}
		err := migrate(ctx, db, fsys)
		if err == nil || !strings.Contains(err.Error(), "002_bad.sql") {
			t.Fatalf("error %v, want one naming 002_bad.sql", err)
		}
		if v, _ := db.SchemaVersion(ctx); v != 1 {
			t.Errorf("schema version %d, want 1", v)
		}
		if !tableExists(t, db, "ok") || tableExists(t, db, "half") {
			t.Error("want table ok kept and table half rolled back")
		}
	})
}

func TestPathFromDSN(t *testing.T) {
	cases := []struct{ dsn, want string }{
		{"data/flashback.db", "data/flashback.db"},
		{"/var/lib/flashback/db", "/var/lib/flashback/db"},
		{"sqlite:data/flashback.db", "data/flashback.db"},
		{"sqlite:///var/lib/flashback.db", "/var/lib/flashback.db"},
		{"file:data/flashback.db", "data/flashback.db"},
		{"file:///tmp/x.db", "/tmp/x.db"},
		{":memory:", ":memory:"},
		{"SQLITE:data/flashback.db", "data/flashback.db"},
		{"File:///tmp/x.db", "/tmp/x.db"},
	}
	for _, c := range cases {
		t.Run(c.dsn, func(t *testing.T) {
			got, err := pathFromDSN(c.dsn)
			if err != nil || got != c.want {
				t.Errorf("pathFromDSN(%q) = %q, %v; want %q", c.dsn, got, err, c.want)
			}
		})
	}
	for _, dsn := range []string{"", "sqlite:", "data/x.db?mode=ro", "file:x.db#frag"} {
		t.Run("Refuse"+dsn, func(t *testing.T) {
			if got, err := pathFromDSN(dsn); err == nil {
				t.Errorf("pathFromDSN(%q) = %q, want an error", dsn, got)
			}
		})
	}
}
