package postgres

import (
	"context"
	"testing"
	"time"

	"flashback"
)

// The courier's goroutine waits a while for more work, then ends; a check
// asked while it waits, and one asked after it ended, are both answered.
func TestCourier_AnswersWhileWaitingAndAfterResting(t *testing.T) {
	ctx := context.Background()
	db := openBare(t)
	// Long enough that a loaded machine does not end the wait before the
	// test looks, short enough to wait out.
	db.courier.linger = 2 * time.Second
	if err := migrate(ctx, db, migrationFS); err != nil {
		t.Fatal(err)
	}
	sub := &flashback.Subscriber{Email: "rest@example.org", Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7}}
	if err := NewSubscriberStore(db).SeedConfirmed(ctx, []*flashback.Subscriber{sub}); err != nil {
		t.Fatal(err)
	}
	deliveries := NewDeliveryStore(db)
	running := func() bool {
		db.courier.mu.Lock()
		defer db.courier.mu.Unlock()
		return db.courier.running
	}
	check := func(when string) {
		t.Helper()
		if reason, err := deliveries.Sendable(ctx, sub); err != nil || reason != "" {
			t.Fatalf("check %s = %q, %v; want it sendable", when, reason, err)
		}
	}

	check("first")
	if !running() {
		t.Fatal("the courier ended at once after a check")
	}
	check("while the courier waits")
	for deadline := time.Now().Add(30 * time.Second); running(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the courier never rested")
		}
	}
	check("after the courier rested")
}
