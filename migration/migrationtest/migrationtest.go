// Package migrationtest holds the tests every store's migration runner must
// pass: the order it applies migrations in and what a failed one leaves.
package migrationtest

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// Runner is a store's migration runner on a fresh, empty database of the
// test's own.
type Runner struct {
	// Migrate applies the migrations of fsys that the database has not.
	Migrate func(ctx context.Context, fsys fs.FS) error
	// Version is the highest migration applied.
	Version func(ctx context.Context) (int, error)
	// HasTable reports whether the database has a table of that name.
	HasTable func(name string) bool
}

// Run runs the suite; fresh opens a new, empty database for each test.
func Run(t *testing.T, fresh func(t *testing.T) Runner) {
	ctx := context.Background()
	version := func(t *testing.T, r Runner, want int) {
		t.Helper()
		if v, err := r.Version(ctx); err != nil || v != want {
			t.Errorf("schema version %d (%v), want %d", v, err, want)
		}
	}
	t.Run("NumericOrder", func(t *testing.T) {
		r := fresh(t)
		fsys := fstest.MapFS{
			// 9 sorts after 10 as text; the runner must go by number.
			"migrations/10_b.sql": {Data: []byte(`ALTER TABLE a ADD COLUMN y INTEGER;`)},
			"migrations/9_a.sql":  {Data: []byte(`CREATE TABLE a (x INTEGER);`)},
		}
		if err := r.Migrate(ctx, fsys); err != nil {
			t.Fatal(err)
		}
		version(t, r, 10)
	})
	t.Run("LateLowerNumberApplied", func(t *testing.T) {
		r := fresh(t)
		first := fstest.MapFS{"migrations/003_c.sql": {Data: []byte(`CREATE TABLE c (x INTEGER);`)}}
		if err := r.Migrate(ctx, first); err != nil {
			t.Fatal(err)
		}
		// A migration from another branch arrives with a lower number.
		first["migrations/002_b.sql"] = &fstest.MapFile{Data: []byte(`CREATE TABLE b (x INTEGER);`)}
		if err := r.Migrate(ctx, first); err != nil {
			t.Fatal(err)
		}
		if !r.HasTable("b") {
			t.Error("migration 002 was skipped because 003 came first")
		}
	})
	t.Run("FailureRollsBack", func(t *testing.T) {
		r := fresh(t)
		fsys := fstest.MapFS{
			"migrations/001_ok.sql":  {Data: []byte(`CREATE TABLE ok (x INTEGER);`)},
			"migrations/002_bad.sql": {Data: []byte(`CREATE TABLE half (x INTEGER); SELECT nonsense FROM nowhere;`)},
		}
		err := r.Migrate(ctx, fsys)
		if err == nil || !strings.Contains(err.Error(), "002_bad.sql") {
			t.Fatalf("error %v, want one naming 002_bad.sql", err)
		}
		version(t, r, 1)
		if !r.HasTable("ok") || r.HasTable("half") {
			t.Error("want table ok kept and table half rolled back")
		}
	})
}
