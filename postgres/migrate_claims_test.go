package postgres

import (
	"context"
	"testing"
	"time"

	"flashback"
)

// A database of an earlier version keeps the claims a dead run left: a
// restart of that instance still frees them at once, and only them.
func TestMigrate_ClaimOwnersCarriedOver(t *testing.T) {
	ctx := context.Background()
	db := openBare(t)
	if err := migrate(ctx, db, migrationsBefore(t, 11)); err != nil {
		t.Fatal(err)
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := db.pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	dead := time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC)
	exec(`INSERT INTO instances (id, started_at, heartbeat_at) VALUES ('a', $1, $1), ('b', $1, $1)`, dead)
	for id := 1; id <= 3; id++ {
		exec(`INSERT INTO subscribers (id, email, time_zone, wake_hour, status, consent_at, created_at, updated_at)
			VALUES ($1::bigint, 's' || $1::text || '@example.org', 'UTC', 7, 'confirmed', now(), now(), now())`, id)
		exec(`INSERT INTO subscriber_schedule (subscriber_id, next_date, next_due_at, confirmed)
			VALUES ($1::bigint, '2026-03-01', '2026-03-01 07:05Z', true)`, id)
	}
	// 1 is a's claim, 2 is b's, 3 was a's and is sent.
	exec(`INSERT INTO deliveries (subscriber_id, local_date, state, lease_until, owner_id, owner_started,
		created_at, updated_at) VALUES
		(1, '2026-03-01', 'sending', '2026-03-01 07:05Z', 'a', $1, now(), now()),
		(2, '2026-03-01', 'sending', '2026-03-01 07:05Z', 'b', $1, now(), now()),
		(3, '2026-03-01', 'sent', NULL, 'a', $1, now(), now())`, dead)
	if err := migrate(ctx, db, migrationFS); err != nil {
		t.Fatal(err)
	}

	db.Now = func() time.Time { return time.Date(2026, 3, 1, 7, 1, 0, 0, time.UTC) }
	if err := NewDeliveryStore(db).Heartbeat(ctx, flashback.Instance{ID: "a", StartedAt: db.Now()}); err != nil {
		t.Fatal(err)
	}
	var freed []int64
	rows, err := db.pool.Query(ctx, `SELECT subscriber_id FROM subscriber_schedule
		WHERE next_due_at <= $1 ORDER BY subscriber_id`, db.Now())
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		freed = append(freed, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(freed) != 1 || freed[0] != 1 {
		t.Errorf("a restart of a freed subscribers %v, want [1] (its own claim only)", freed)
	}
}

// Marking a claim sent changes no indexed column of the ledger, so that
// PostgreSQL can write the new row version beside the old one without
// touching the ledger's indexes (a HOT update).
func TestDeliveries_SentMarkIsHOT(t *testing.T) {
	ctx := context.Background()
	db := openBare(t)
	if err := migrate(ctx, db, migrationFS); err != nil {
		t.Fatal(err)
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	for _, sql := range []string{
		`INSERT INTO subscribers (id, email, time_zone, wake_hour, status, consent_at, created_at, updated_at)
			VALUES (1, 's@example.org', 'UTC', 7, 'confirmed', now(), now(), now())`,
		`INSERT INTO subscriber_schedule (subscriber_id, next_date, next_due_at, confirmed)
			VALUES (1, '2026-03-01', '2026-03-01 07:05Z', true)`,
		`INSERT INTO deliveries (subscriber_id, local_date, state, lease_until, owner_id, owner_started,
			created_at, updated_at) VALUES (1, '2026-03-01', 'sending', now(), 'a', now(), now(), now())`,
		`UPDATE deliveries SET state = 'sent', message_id = '<m@x>', lease_until = NULL, updated_at = now()
			WHERE subscriber_id = 1`,
	} {
		if _, err := tx.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	var hot int64
	if err := tx.QueryRow(ctx, `SELECT pg_stat_get_xact_tuples_hot_updated('deliveries'::regclass)`).Scan(&hot); err != nil {
		t.Fatal(err)
	}
	if hot != 1 {
		t.Errorf("%d HOT updates of the ledger, want 1", hot)
	}
}
