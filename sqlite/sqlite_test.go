package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

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

// TestEventStore_PinnedClock checks that timestamps come from DB.Now.
func TestEventStore_PinnedClock(t *testing.T) {
	db := MustOpenDB(t)
	created := time.Date(2026, time.January, 31, 23, 59, 59, 123456000, time.UTC)
	db.Now = func() time.Time { return created }
	s, ctx := sqlite.NewEventStore(db), context.Background()
	e := &flashback.Event{
		Date:     flashback.HistDate{Year: 1929, Month: time.January, Day: 31},
		Category: flashback.CategoryHistory,
		Headline: "Trotsky exiled",
	}
	if err := s.CreateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	updated := created.Add(36 * time.Hour)
	db.Now = func() time.Time { return updated }
	e.Summary = "Now with a summary."
	if err := s.UpdateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindEventByID(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(created) || !got.UpdatedAt.Equal(updated) {
		t.Errorf("timestamps = %v / %v, want %v / %v", got.CreatedAt, got.UpdatedAt, created, updated)
	}
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
