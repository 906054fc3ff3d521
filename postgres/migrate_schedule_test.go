package postgres

import (
	"context"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// migrationsBefore returns the embedded migrations numbered below n.
func migrationsBefore(t *testing.T, n int) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		v, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			t.Fatal(err)
		}
		if v >= n {
			continue
		}
		data, err := fs.ReadFile(migrationFS, "migrations/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		out["migrations/"+e.Name()] = &fstest.MapFile{Data: data}
	}
	return out
}

// A database of an earlier version keeps every subscriber's schedule, due
// or not as their status says, and their ledger.
func TestMigrate_ScheduleCarriedOver(t *testing.T) {
	ctx := context.Background()
	db := openBare(t)
	if err := migrate(ctx, db, migrationsBefore(t, 9)); err != nil {
		t.Fatal(err)
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := db.pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec(`INSERT INTO subscribers (id, email, time_zone, wake_hour, status, consent_at, next_date, next_due_at,
		created_at, updated_at) VALUES
		(1, 'confirmed@example.org', 'UTC', 7, 'confirmed', now(), '2026-03-01', '2026-03-01 07:00Z', now(), now()),
		(2, 'gone@example.org', 'UTC', 7, 'unsubscribed', now(), '2026-02-01', '2026-02-01 07:00Z', now(), now()),
		(3, 'pending@example.org', 'UTC', 7, 'pending', now(), NULL, NULL, now(), now())`)
	exec(`INSERT INTO deliveries (subscriber_id, local_date, state, created_at, updated_at) VALUES
		(1, '2026-02-28', 'sent', now(), now()), (2, '2026-01-31', 'sent', now(), now())`)
	if err := migrate(ctx, db, migrationFS); err != nil {
		t.Fatal(err)
	}

	schedules := func() string {
		t.Helper()
		var out string
		if err := db.pool.QueryRow(ctx, `SELECT COALESCE(string_agg(subscriber_id || ' ' || next_date || ' ' ||
			to_char(next_due_at AT TIME ZONE 'UTC', 'HH24:MI') || ' ' || confirmed, ', ' ORDER BY subscriber_id), '')
			FROM subscriber_schedule`).Scan(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got, want := schedules(), "1 2026-03-01 07:00 true, 2 2026-02-01 07:00 false"; got != want {
		t.Errorf("schedules after the migration: %q, want %q", got, want)
	}

	// The status keeps confirmed in step, whichever statement changes it.
	exec(`UPDATE subscribers SET status = 'unsubscribed' WHERE id = 1`)
	exec(`UPDATE subscribers SET status = 'confirmed' WHERE id = 2`)
	exec(`UPDATE subscribers SET status = 'suppressed' WHERE id = 2`)
	if got, want := schedules(), "1 2026-03-01 07:00 false, 2 2026-02-01 07:00 false"; got != want {
		t.Errorf("schedules after status changes: %q, want %q", got, want)
	}

	// Deleting a subscriber deletes their schedule and ledger.
	exec(`DELETE FROM subscribers WHERE id = 1`)
	var ledger int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM deliveries`).Scan(&ledger); err != nil {
		t.Fatal(err)
	}
	if got, want := schedules(), "2 2026-02-01 07:00 false"; got != want || ledger != 1 {
		t.Errorf("after deleting subscriber 1: schedules %q, %d ledger rows; want %q, 1", got, ledger, want)
	}
}
