package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/sqlite"
)

// dbWithEvents writes a database at path holding one event per headline, and
// closes it.
func dbWithEvents(t *testing.T, path string, headlines ...string) {
	t.Helper()
	db := sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := sqlite.NewEventStore(db)
	for i, h := range headlines {
		e := &flashback.Event{
			Date:     flashback.HistDate{Year: 1900 + i, Month: time.March, Day: 1 + i},
			Category: flashback.CategoryHistory, Headline: h, Published: true,
		}
		if err := s.CreateEvent(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
}

// backupOf returns a fresh backup file of a database holding headlines.
func backupOf(t *testing.T, headlines ...string) string {
	t.Helper()
	dir := t.TempDir()
	dbWithEvents(t, filepath.Join(dir, "live.db"), headlines...)
	db := sqlite.NewDB(filepath.Join(dir, "live.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dest := filepath.Join(dir, "backup.db")
	if err := db.Backup(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	return dest
}

// headlines lists the events of the database at path.
func headlines(t *testing.T, path string) []string {
	t.Helper()
	db := sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	events, _, err := sqlite.NewEventStore(db).FindEvents(context.Background(), flashback.EventFilter{IncludeDrafts: true})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range events {
		out = append(out, e.Headline)
	}
	return out
}

func TestRestore(t *testing.T) {
	ctx := context.Background()

	t.Run("IntoAFreshDirectory", func(t *testing.T) {
		src := backupOf(t, "Alpha", "Beta")
		target := filepath.Join(t.TempDir(), "new", "flashback.db")
		rep, err := sqlite.Restore(ctx, src, target)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Kept != "" || rep.SchemaVersion == 0 || rep.SchemaVersion != rep.Latest {
			t.Errorf("report = %+v", rep)
		}
		if got := strings.Join(headlines(t, target), ","); got != "Alpha,Beta" {
			t.Errorf("restored events %q", got)
		}
	})

	t.Run("ReplacesAndKeepsTheOld", func(t *testing.T) {
		src := backupOf(t, "Restored")
		target := filepath.Join(t.TempDir(), "flashback.db")
		dbWithEvents(t, target, "Old")
		rep, err := sqlite.Restore(ctx, src, target)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(headlines(t, target), ","); got != "Restored" {
			t.Errorf("restored events %q", got)
		}
		if rep.Kept == "" {
			t.Fatal("the replaced database was not kept")
		}
		if got := strings.Join(headlines(t, rep.Kept), ","); got != "Old" {
			t.Errorf("kept database holds %q, want Old", got)
		}
	})
}

func TestRestore_Refuses(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		src  func(t *testing.T, target string) string
		want string
	}{
		{"NotSQLite", func(t *testing.T, _ string) string {
			return writeFile(t, []byte("date,headline\n1929-01-31,Trotsky\n"))
		}, "not a SQLite database"},
		{"EmptyFile", func(t *testing.T, _ string) string { return writeFile(t, nil) }, "not a SQLite database"},
		{"Corrupt", func(t *testing.T, _ string) string {
			return writeFile(t, flipPageHeaders(t, readFile(t, backupOf(t, "A", "B"))))
		}, "integrity check"},
		{"NotFlashback", func(t *testing.T, _ string) string {
			return sqliteFile(t, `CREATE TABLE notes (body TEXT)`)
		}, "not a Flashback database"},
		{"NewerSchema", func(t *testing.T, _ string) string {
			src := backupOf(t, "A")
			execOn(t, src, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 'x')`)
			return src
		}, "does not know"},
		{"TheTargetItself", func(t *testing.T, target string) string { return target }, "the database itself"},
		{"InUse", func(t *testing.T, target string) string {
			db := sqlite.NewDB(target)
			if err := db.Open(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return backupOf(t, "A")
		}, "in use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			target := filepath.Join(dir, "flashback.db")
			dbWithEvents(t, target, "Untouched")
			before := readFile(t, target)
			src := tt.src(t, target)
			files := dirNames(t, dir)
			_, err := sqlite.Restore(ctx, src, target)
			if err == nil {
				t.Fatal("restore succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if tt.name == "InUse" && !errors.Is(err, sqlite.ErrInUse) {
				t.Errorf("error %v is not ErrInUse", err)
			}
			if !bytes.Equal(readFile(t, target), before) {
				t.Error("the target changed")
			}
			if names := dirNames(t, dir); !slices.Equal(names, files) {
				t.Errorf("files %v after the restore, want %v", names, files)
			}
		})
	}
}

// flipPageHeaders inverts the first bytes of every b-tree page but the
// first, which damages the structure integrity_check verifies (flipping
// bytes of a row's text would go unnoticed).
func flipPageHeaders(t *testing.T, b []byte) []byte {
	t.Helper()
	const page = 4096
	if len(b) < 3*page {
		t.Fatalf("backup is only %d bytes", len(b))
	}
	for off := page; off+12 <= len(b); off += page {
		for i := off; i < off+12; i++ {
			b[i] ^= 0xFF
		}
	}
	return b
}

func writeFile(t *testing.T, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sqliteFile returns a SQLite database made by stmt alone.
func sqliteFile(t *testing.T, stmt string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "other.db")
	execOn(t, path, stmt)
	return path
}

func execOn(t *testing.T, path, stmt string) {
	t.Helper()
	conn, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
