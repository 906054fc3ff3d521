package postgres_test

import (
	"testing"

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
