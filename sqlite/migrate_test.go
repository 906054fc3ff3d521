package sqlite

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"flashback/migration"
	"flashback/migration/migrationtest"
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
	migrationtest.Run(t, func(t *testing.T) migrationtest.Runner {
		db := openBare(t)
		return migrationtest.Runner{
			Migrate:  func(ctx context.Context, fsys fs.FS) error { return migrate(ctx, db, fsys) },
			Version:  db.SchemaVersion,
			HasTable: func(name string) bool { return tableExists(t, db, name) },
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
