package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"testing"
	"time"

	"flashback"
)

// SchemaKey names the schema the embedded migrations make, so that tests
// share one migrated template per schema (see pgtest.Clone).
func SchemaKey() string {
	h := sha256.New()
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	for _, name := range names {
		body, _ := fs.ReadFile(migrationFS, name)
		h.Write([]byte(name))
		h.Write(body)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// SeedDue adds n confirmed subscribers in UTC, waking at 7, whose digest of
// 31 January 2026 is due from 07:00 that day; their addresses are
// prefix0@example.org and on.
func SeedDue(t testing.TB, db *DB, prefix string, n int) []*flashback.Subscriber {
	t.Helper()
	subs := make([]*flashback.Subscriber, n)
	for i := range subs {
		subs[i] = &flashback.Subscriber{Email: fmt.Sprintf("%s%d@example.org", prefix, i),
			Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7},
			NextDate:    flashback.CivilDate{Year: 2026, Month: time.January, Day: 31}}
	}
	if err := NewSubscriberStore(db).SeedConfirmed(context.Background(), subs); err != nil {
		t.Fatal(err)
	}
	return subs
}
