package postgres_test

import (
	"context"
	"testing"
	"time"

	"flashback"
	"flashback/postgres"
	"flashback/postgres/pgtest"
	"flashback/storetest"
)

// MustOpenDB opens a fresh, migrated database of the test's own and closes
// it when the test ends. It is a copy of a template migrated once, which
// costs a fraction of migrating each test's database.
func MustOpenDB(t testing.TB) *postgres.DB {
	t.Helper()
	db := postgres.NewDB(pgtest.Clone(t, postgres.SchemaKey(), func(dsn string) error {
		db := postgres.NewDB(dsn)
		defer db.Close()
		return db.Open()
	}))
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

// TestConformance runs the whole store suite on fresh databases.
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
	s, ctx := postgres.NewEventStore(db), context.Background()
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
