package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"flashback"
)

func testSubClaimAtWake(t *testing.T, st SubscriptionStores) {
	a := subMustConfirmed(t, st, "a@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	b := subMustConfirmed(t, st, "b@example.org", "Asia/Tokyo", 7, subJan31.Add(-12*time.Hour))
	d := subDate(2026, 1, 31)
	// Tokyo's 07:00 on the 31st was 22:00 UTC on the 30th; Vienna's is now.
	subAssertClaims(t, subDrain(t, st, subJan31.Add(-time.Second)), subClaimID(b.ID, d, 1))
	subAssertClaims(t, subDrain(t, st, subJan31), subClaimID(a.ID, d, 1))
	subAssertClaims(t, subDrain(t, st, subJan31.Add(time.Minute)))
	subComplete(t, st, subJan31.Add(time.Minute), subSent(a.ID, d, 1), subSent(b.ID, d, 1))
	row := subAssertState(t, st, a.ID, d, flashback.DeliverySent)
	if want := subSent(a.ID, d, 1).MessageID; row.MessageID != want {
		t.Errorf("message id = %q, want %q", row.MessageID, want)
	}
	// Long after the lease: nothing for the 31st comes back.
	subAssertClaims(t, subDrain(t, st, subJan31.Add(10*time.Hour)))
	if got := subMustFindSubscriber(t, st, a.ID).NextDate; got != subDate(2026, 2, 1) {
		t.Errorf("next subDate = %s, want 2026-02-01", got)
	}
	subAssertClaims(t, subDrain(t, st, subJan31.Add(24*time.Hour)), subClaimID(b.ID, subDate(2026, 2, 1), 1), subClaimID(a.ID, subDate(2026, 2, 1), 1))
}

func testSubLeaseExpiry(t *testing.T, st SubscriptionStores) {
	a := subMustConfirmed(t, st, "a@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	d := subDate(2026, 1, 31)
	subAssertClaims(t, subDrain(t, st, subJan31), subClaimID(a.ID, d, 1))
	// The worker died: nothing while its lease runs, a new attempt after.
	subAssertClaims(t, subDrain(t, st, subJan31.Add(subClaimOp.Lease-time.Second)))
	subAssertClaims(t, subDrain(t, st, subJan31.Add(subClaimOp.Lease)), subClaimID(a.ID, d, 2))
	// The first worker was only slow and did send: subSent wins.
	subComplete(t, st, subJan31.Add(subClaimOp.Lease+time.Second), subSent(a.ID, d, 1))
	subAssertState(t, st, a.ID, d, flashback.DeliverySent)
	subComplete(t, st, subJan31.Add(subClaimOp.Lease+2*time.Second), subSent(a.ID, d, 2))
	subAssertClaims(t, subDrain(t, st, subJan31.Add(time.Hour)))
}

func testSubCutoff(t *testing.T, st SubscriptionStores) {
	a := subMustConfirmed(t, st, "a@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	// The server was down from before 07:00 until 12 h later.
	subAssertClaims(t, subDrain(t, st, subJan31.Add(subClaimOp.Cutoff-time.Second)), subClaimID(a.ID, subDate(2026, 1, 31), 1))
	subComplete(t, st, subJan31.Add(subClaimOp.Cutoff-time.Second), subSent(a.ID, subDate(2026, 1, 31), 1))
	b := subMustConfirmed(t, st, "b@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	subAssertClaims(t, subDrain(t, st, subJan31.Add(subClaimOp.Cutoff)))
	row := subAssertState(t, st, b.ID, subDate(2026, 1, 31), flashback.DeliverySkipped)
	if !strings.Contains(row.Reason, "cut-off") {
		t.Errorf("skip reason = %q", row.Reason)
	}
	subAssertClaims(t, subDrain(t, st, subJan31.Add(24*time.Hour)),
		subClaimID(a.ID, subDate(2026, 2, 1), 1), subClaimID(b.ID, subDate(2026, 2, 1), 1))
}

func testSubOutage(t *testing.T, st SubscriptionStores) {
	a := subMustConfirmed(t, st, "a@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	// Down for three days; back at 08:00 on 3 February.
	back := subJan31.Add(3*24*time.Hour + time.Hour)
	subAssertClaims(t, subDrain(t, st, back), subClaimID(a.ID, subDate(2026, 2, 3), 1))
	rows := subLedger(t, st, a.ID)
	for _, d := range []string{"2026-01-31", "2026-02-01", "2026-02-02"} {
		if rows[d] == nil || rows[d].State != flashback.DeliverySkipped {
			t.Errorf("%s: %+v, want skipped", d, rows[d])
		}
	}
}

func testSubRetry(t *testing.T, st SubscriptionStores) {
	a := subMustConfirmed(t, st, "a@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	d := subDate(2026, 1, 31)
	subAssertClaims(t, subDrain(t, st, subJan31), subClaimID(a.ID, d, 1))
	retryAt := subJan31.Add(2 * time.Minute)
	subComplete(t, st, subJan31.Add(time.Second), flashback.Outcome{SubscriberID: a.ID, LocalDate: d,
		Attempt: 1, State: flashback.DeliveryRetry, Reason: "451 try later", RetryAt: retryAt})
	row := subAssertState(t, st, a.ID, d, flashback.DeliveryRetry)
	if !row.NextAttemptAt.Equal(retryAt) || row.Reason != "451 try later" {
		t.Errorf("retry row = %+v", row)
	}
	subAssertClaims(t, subDrain(t, st, retryAt.Add(-time.Second)))
	subAssertClaims(t, subDrain(t, st, retryAt), subClaimID(a.ID, d, 2))
}

func testSubFailed(t *testing.T, st SubscriptionStores) {
	a := subMustConfirmed(t, st, "a@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	d := subDate(2026, 1, 31)
	subAssertClaims(t, subDrain(t, st, subJan31), subClaimID(a.ID, d, 1))
	subComplete(t, st, subJan31.Add(time.Second), flashback.Outcome{SubscriberID: a.ID, LocalDate: d,
		Attempt: 1, State: flashback.DeliveryFailed, Reason: "550 5.1.1 no such user"})
	subAssertState(t, st, a.ID, d, flashback.DeliveryFailed)
	if got := subMustFindSubscriber(t, st, a.ID); got.Status != flashback.SubscriberSuppressed {
		t.Errorf("status after hard bounce = %q", got.Status)
	}
	if ok, _ := st.Subscribers.IsSuppressed(context.Background(), "a@example.org"); !ok {
		t.Error("hard bounce did not add the address to the suppression list")
	}
	subAssertClaims(t, subDrain(t, st, subJan31.Add(48*time.Hour)))
}

func testSubStaleOutcome(t *testing.T, st SubscriptionStores) {
	a := subMustConfirmed(t, st, "a@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	d := subDate(2026, 1, 31)
	subAssertClaims(t, subDrain(t, st, subJan31), subClaimID(a.ID, d, 1))
	subAssertClaims(t, subDrain(t, st, subJan31.Add(subClaimOp.Lease)), subClaimID(a.ID, d, 2))
	subComplete(t, st, subJan31.Add(subClaimOp.Lease+time.Second), flashback.Outcome{SubscriberID: a.ID,
		LocalDate: d, Attempt: 1, State: flashback.DeliveryFailed, Reason: "550 stale"})
	row := subAssertState(t, st, a.ID, d, flashback.DeliverySending)
	if row.Attempts != 2 {
		t.Errorf("attempts = %d, want 2", row.Attempts)
	}
	if got := subMustFindSubscriber(t, st, a.ID); got.Status != flashback.SubscriberConfirmed {
		t.Errorf("a stale outcome suppressed the subscriber: %q", got.Status)
	}
}

func subSetPrefs(t *testing.T, st SubscriptionStores, at time.Time, id int64, zone string, hour int) {
	t.Helper()
	st.SetNow(at)
	p := flashback.Preferences{TimeZone: zone, WakeHour: hour}
	if _, err := st.Subscribers.UpdatePreferences(context.Background(), id, p); err != nil {
		t.Fatalf("UpdatePreferences: %v", err)
	}
}

func testSubZoneChangeEast(t *testing.T, st SubscriptionStores) {
	// Los Angeles, 07:00 on the 31st is 15:00 UTC.
	la := time.Date(2026, 1, 31, 15, 0, 0, 0, time.UTC)
	a := subMustConfirmed(t, st, "a@example.org", "America/Los_Angeles", 7, la.Add(-time.Hour))
	subAssertClaims(t, subDrain(t, st, la), subClaimID(a.ID, subDate(2026, 1, 31), 1))
	subComplete(t, st, la, subSent(a.ID, subDate(2026, 1, 31), 1))
	// At 16:00 UTC it is 01:00 on 1 February in Tokyo: the next digest is
	// 1 February at 07:00 Tokyo, never the 31st again.
	subSetPrefs(t, st, la.Add(time.Hour), a.ID, "Asia/Tokyo", 7)
	subAssertClaims(t, subDrain(t, st, la.Add(time.Hour)))
	tokyo7 := time.Date(2026, 1, 31, 22, 0, 0, 0, time.UTC)
	subAssertClaims(t, subDrain(t, st, tokyo7), subClaimID(a.ID, subDate(2026, 2, 1), 1))
}

func testSubZoneChangeWest(t *testing.T, st SubscriptionStores) {
	// Tokyo, 07:00 on 1 February is 22:00 UTC on 31 January.
	tokyo7 := time.Date(2026, 1, 31, 22, 0, 0, 0, time.UTC)
	a := subMustConfirmed(t, st, "a@example.org", "Asia/Tokyo", 7, tokyo7.Add(-time.Hour))
	subAssertClaims(t, subDrain(t, st, tokyo7), subClaimID(a.ID, subDate(2026, 2, 1), 1))
	subComplete(t, st, tokyo7, subSent(a.ID, subDate(2026, 2, 1), 1))
	// In Los Angeles it is still 31 January, 14:00; 1 February there is
	// already delivered, so the next digest is the 2nd.
	subSetPrefs(t, st, tokyo7.Add(time.Minute), a.ID, "America/Los_Angeles", 7)
	la1 := time.Date(2026, 2, 1, 15, 0, 0, 0, time.UTC)
	subAssertClaims(t, subDrain(t, st, la1))
	subAssertClaims(t, subDrain(t, st, la1.Add(24*time.Hour)), subClaimID(a.ID, subDate(2026, 2, 2), 1))
}

func testSubHourChange(t *testing.T, st SubscriptionStores) {
	a := subMustConfirmed(t, st, "a@example.org", "Europe/Vienna", 9, subJan31.Add(-12*time.Hour))
	// At 07:00 the reader moves 09:00 to 06:00: today's digest is due now.
	subSetPrefs(t, st, subJan31, a.ID, "Europe/Vienna", 6)
	subAssertClaims(t, subDrain(t, st, subJan31), subClaimID(a.ID, subDate(2026, 1, 31), 1))
	subComplete(t, st, subJan31, subSent(a.ID, subDate(2026, 1, 31), 1))
	// Moving it to 10:00 after delivery does not bring a second one.
	subSetPrefs(t, st, subJan31.Add(time.Hour), a.ID, "Europe/Vienna", 10)
	subAssertClaims(t, subDrain(t, st, subJan31.Add(4*time.Hour)))
}

func testSubSpringForward(t *testing.T, st SubscriptionStores) {
	// 2026-03-08 02:00 does not exist in New York; 03:00 EDT is 07:00 UTC.
	first := time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)
	a := subMustConfirmed(t, st, "a@example.org", "America/New_York", 2, first.Add(-12*time.Hour))
	subAssertClaims(t, subDrain(t, st, first.Add(-time.Second)))
	subAssertClaims(t, subDrain(t, st, first), subClaimID(a.ID, subDate(2026, 3, 8), 1))
	subComplete(t, st, first, subSent(a.ID, subDate(2026, 3, 8), 1))
	// The next day, 02:00 EDT is 06:00 UTC.
	subAssertClaims(t, subDrain(t, st, first.Add(23*time.Hour)), subClaimID(a.ID, subDate(2026, 3, 9), 1))
}

func testSubFallBack(t *testing.T, st SubscriptionStores) {
	// 2026-11-01 01:00 happens at 05:00 UTC (EDT) and again at 06:00 (EST).
	first := time.Date(2026, 11, 1, 5, 0, 0, 0, time.UTC)
	a := subMustConfirmed(t, st, "a@example.org", "America/New_York", 1, first.Add(-12*time.Hour))
	subAssertClaims(t, subDrain(t, st, first), subClaimID(a.ID, subDate(2026, 11, 1), 1))
	subComplete(t, st, first, subSent(a.ID, subDate(2026, 11, 1), 1))
	subAssertClaims(t, subDrain(t, st, first.Add(time.Hour)))
	subAssertClaims(t, subDrain(t, st, first.Add(90*time.Minute)))
	if got := subMustFindSubscriber(t, st, a.ID).NextDate; got != subDate(2026, 11, 2) {
		t.Errorf("next subDate = %s", got)
	}
}

func testSubSuppressedAtClaim(t *testing.T, st SubscriptionStores) {
	a := subMustConfirmed(t, st, "a@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	ctx := context.Background()
	if err := st.Subscribers.SuppressSubscriber(ctx, a.ID, flashback.SuppressBounce); err != nil {
		t.Fatal(err)
	}
	subAssertClaims(t, subDrain(t, st, subJan31))
	if got := subMustFindSubscriber(t, st, a.ID); got.Status != flashback.SubscriberSuppressed {
		t.Errorf("status = %q", got.Status)
	}
}
