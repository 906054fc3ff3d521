package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"flashback"
	"flashback/sqlite"
)

var retNow = time.Date(2026, time.March, 10, 12, 0, 0, 0, time.UTC)

// newRetentionDB returns a database pinned at retNow and a retention store
// on it that purges in batches of batch rows.
func newRetentionDB(t *testing.T, batch int) (*sqlite.DB, *sqlite.RetentionStore) {
	t.Helper()
	db := MustOpenDB(t)
	db.Now = func() time.Time { return retNow }
	rs := sqlite.NewRetentionStore(db)
	rs.BatchSize = batch
	return db, rs
}

// TestRetention_Batches purges more rows than one batch holds, including an
// exact multiple of the batch size, whose last batch finds nothing.
func TestRetention_Batches(t *testing.T) {
	db, rs := newRetentionDB(t, 3)
	ctx, desk, users := context.Background(), sqlite.NewDeskStore(db), sqlite.NewUserStore(db)
	for i := range 9 {
		m := &flashback.Message{Name: "N", Email: "n@example.org", Subject: "S", Body: fmt.Sprint("message ", i)}
		if err := desk.CreateMessage(ctx, m); err != nil {
			t.Fatal(err)
		}
		if err := desk.MarkMessage(ctx, m.ID, true, 0); err != nil {
			t.Fatal(err)
		}
	}
	u := &flashback.User{Email: "ed@example.org", Name: "Ed", Role: flashback.RoleEditor, PasswordHash: "$h"}
	if err := users.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	for i := range 7 {
		s := &flashback.Session{TokenHash: fmt.Sprint("tok", i), UserID: u.ID, ExpiresAt: retNow.Add(time.Hour)}
		if err := users.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	subs := seedUnsubscribed(t, db, 8)

	later := retNow.Add(400 * 24 * time.Hour)
	stats, err := rs.Purge(ctx, flashback.DefaultRetention(), later)
	if err != nil {
		t.Fatal(err)
	}
	want := flashback.PurgeStats{HandledMessages: 9, Sessions: 7, UnsubscribedSubscribers: 8}
	if stats != want {
		t.Errorf("stats = %v\nwant    %v", stats, want)
	}
	if _, n, _ := desk.FindMessages(ctx, flashback.MessageFilter{}); n != 0 {
		t.Errorf("%d messages left", n)
	}
	for _, sub := range subs {
		if ok, _ := sqlite.NewSubscriberStore(db).IsSuppressed(ctx, sub.Email); !ok {
			t.Errorf("%s: no suppression hash", sub.Email)
		}
	}
}

// seedUnsubscribed adds n confirmed subscribers and unsubscribes them.
func seedUnsubscribed(t *testing.T, db *sqlite.DB, n int) []*flashback.Subscriber {
	t.Helper()
	ctx, store := context.Background(), sqlite.NewSubscriberStore(db)
	subs := make([]*flashback.Subscriber, n)
	for i := range subs {
		subs[i] = &flashback.Subscriber{Email: fmt.Sprintf("u%d@example.org", i),
			Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7},
			Consent:     flashback.Consent{Source: "test seed"}}
	}
	if err := store.SeedConfirmed(ctx, subs); err != nil {
		t.Fatal(err)
	}
	for _, s := range subs {
		if err := store.Unsubscribe(ctx, s.ID, "test"); err != nil {
			t.Fatal(err)
		}
	}
	return subs
}

// TestRetention_LedgerBatches: subscribers whose scheduler was down for ten
// days have a skipped row per missed date; a purge in small batches takes
// every row older than the period across all of them and keeps the rest.
func TestRetention_LedgerBatches(t *testing.T) {
	db, rs := newRetentionDB(t, 4)
	ctx, store, ledger := context.Background(), sqlite.NewSubscriberStore(db), sqlite.NewDeliveryStore(db)
	start := flashback.CivilDateOf(retNow, time.UTC).AddDays(-10)
	subs := make([]*flashback.Subscriber, 5)
	for i := range subs {
		subs[i] = &flashback.Subscriber{Email: fmt.Sprintf("s%d@example.org", i), NextDate: start,
			Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7}}
	}
	if err := store.SeedConfirmed(ctx, subs); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		res, err := ledger.ClaimDeliveries(ctx, flashback.ClaimOptions{Limit: 100, Lease: time.Minute, Cutoff: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if res.Examined == 0 {
			break
		}
	}
	policy := flashback.DefaultRetention()
	policy.Deliveries = 2 * 24 * time.Hour
	stats, err := rs.Purge(ctx, policy, retNow)
	if err != nil {
		t.Fatal(err)
	}
	// Dates start … today-3 go (8 a subscriber); today-2 to today stay.
	if stats.Deliveries != 5*8 {
		t.Errorf("purged %d ledger rows, want %d", stats.Deliveries, 5*8)
	}
	for _, s := range subs {
		rows, err := ledger.FindDeliveries(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 || rows[2].LocalDate != start.AddDays(8) {
			t.Errorf("subscriber %d keeps %d rows, oldest %v; want 3 from %v", s.ID, len(rows), rows[len(rows)-1].LocalDate, start.AddDays(8))
		}
	}
}

// TestRetention_PassedClock: Purge judges ages by the now it is given, not
// by the database's clock.
func TestRetention_PassedClock(t *testing.T) {
	db, rs := newRetentionDB(t, 0)
	ctx, desk := context.Background(), sqlite.NewDeskStore(db)
	m := &flashback.Message{Name: "N", Email: "n@example.org", Subject: "S", Body: "B"}
	if err := desk.CreateMessage(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := desk.MarkMessage(ctx, m.ID, true, 0); err != nil {
		t.Fatal(err)
	}
	stats, err := rs.Purge(ctx, flashback.DefaultRetention(), retNow.Add(364*24*time.Hour))
	if err != nil || stats.HandledMessages != 0 {
		t.Fatalf("purge a day early: %v, %v", stats, err)
	}
	stats, err = rs.Purge(ctx, flashback.DefaultRetention(), retNow.Add(366*24*time.Hour))
	if err != nil || stats.HandledMessages != 1 {
		t.Errorf("purge a day late: %v, %v", stats, err)
	}
}

// TestRetention_Cancelled: a purge whose context has ended stops and says
// so, having deleted nothing.
func TestRetention_Cancelled(t *testing.T) {
	db, rs := newRetentionDB(t, 0)
	seedUnsubscribed(t, db, 2)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	stats, err := rs.Purge(ctx, flashback.DefaultRetention(), retNow.Add(400*24*time.Hour))
	if !errors.Is(err, context.Canceled) || stats.Total() != 0 {
		t.Errorf("Purge = %v, %v; want nothing and context.Canceled", stats, err)
	}
}
