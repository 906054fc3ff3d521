package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
	"flashback/postgres"
)

// TestPurge_LocksScheduleFirst: the purge that reduces a former subscriber
// to a hash takes their schedule row before their subscribers row, as every
// other writer does (here a reader's "delete me", holding the schedule and
// about to lock the subscriber). Taking them the other way round, the two
// wait on each other and PostgreSQL breaks the deadlock by failing one.
func TestPurge_LocksScheduleFirst(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	subs := postgres.NewSubscriberStore(db)
	sub := &flashback.Subscriber{Email: "leaving@example.org", Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7}}
	if err := subs.SeedConfirmed(ctx, []*flashback.Subscriber{sub}); err != nil {
		t.Fatal(err)
	}
	if err := subs.Unsubscribe(ctx, sub.ID, "test"); err != nil {
		t.Fatal(err)
	}
	now = now.Add(90 * 24 * time.Hour)

	reader, err := pgx.Connect(ctx, db.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close(ctx)
	tx, err := reader.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SELECT 1 FROM subscriber_schedule WHERE subscriber_id = $1 FOR UPDATE`, sub.ID); err != nil {
		t.Fatal(err)
	}

	purged := make(chan error, 1)
	go func() {
		_, err := postgres.NewRetentionStore(db).Purge(ctx, flashback.RetentionPolicy{
			PendingSubscribers: 365 * 24 * time.Hour, ConfirmMails: 365 * 24 * time.Hour,
			UnsubscribedSubscribers: 30 * 24 * time.Hour, SuppressedSubscribers: 365 * 24 * time.Hour,
			Deliveries: 365 * 24 * time.Hour, ReportEmails: 365 * 24 * time.Hour, HandledMessages: 365 * 24 * time.Hour,
		}, now)
		purged <- err
	}()
	waitForLockWait(t, db.DSN, reader.PgConn().PID(), purged)

	// The reader's transaction goes on to lock the subscriber, as
	// DeleteSubscriber does after the schedule.
	if _, err := tx.Exec(ctx, `SELECT 1 FROM subscribers WHERE id = $1 FOR UPDATE`, sub.ID); err != nil {
		t.Fatalf("the reader's lock on the subscriber: %v", err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatalf("the reader's commit: %v", err)
	}
	select {
	case err := <-purged:
		if err != nil {
			t.Fatalf("purge: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the purge did not end after the reader's transaction")
	}
	if _, err := subs.FindSubscriberByID(ctx, sub.ID); flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("after the purge the subscriber is still there (err %v)", err)
	}
	if ok, err := subs.IsSuppressed(ctx, sub.Email); err != nil || !ok {
		t.Errorf("after the purge the address is not on the suppression list (%v, %v)", ok, err)
	}
}

// waitForLockWait returns once a backend other than except waits for a
// row lock, failing the test if done reports first or nothing waits
// within ten seconds.
func waitForLockWait(t *testing.T, dsn string, except uint32, done <-chan error) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		var waiting int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1`, except).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			return
		}
		select {
		case err := <-done:
			t.Fatalf("the purge ended (err %v) without waiting for the reader's lock", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatal("the purge never waited for the reader's lock")
}
