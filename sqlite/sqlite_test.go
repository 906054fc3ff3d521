package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"flashback"
	"flashback/sqlite"
	"flashback/storetest"
)

// MustOpenDB opens a fresh database file in the test's temporary directory
// and closes it when the test ends.
func MustOpenDB(t testing.TB) *sqlite.DB {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "flashback.db"))
	if err := db.Open(); err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close database: %v", err)
		}
	})
	return db
}

// TestConformance runs the whole store suite on fresh database files.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now flashback.Clock) *flashback.Stores {
		db := MustOpenDB(t)
		if now != nil {
			db.Now = now
		}
		return db.Stores()
	})
}

// A database file moved or deleted under a running server makes Ping fail,
// so /healthz stops reporting a server whose writes would be lost.
func TestDB_PingNoticesAMissingFile(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	if err := db.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	path := db.DSN
	if err := os.Rename(path, path+".moved"); err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(ctx); err == nil {
		t.Error("Ping succeeded after the database file was moved away")
	}
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(ctx); err == nil {
		t.Error("Ping succeeded with another file at the database's path")
	}
}
