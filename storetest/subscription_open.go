package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"flashback"
)

// A claim moves the schedule on to the next day at once: a sent digest
// needs nothing more of the schedule, and the claimed date is found again
// by its ledger row only if it stays open.
func testSubClaimMovesScheduleOn(t *testing.T, st SubscriptionStores) {
	a := subMustConfirmed(t, st, "a@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	subAssertClaims(t, subDrain(t, st, subJan31), subClaimID(a.ID, subDate(2026, 1, 31), 1))
	if got := subMustFindSubscriber(t, st, a.ID).NextDate; got != subDate(2026, 2, 1) {
		t.Errorf("next date after the claim = %s, want 2026-02-01", got)
	}
	subAssertQueue(t, st, subJan31.Add(time.Second), flashback.DueQueue{})
	subComplete(t, st, subJan31.Add(time.Second), subSent(a.ID, subDate(2026, 1, 31), 1))
	// Sent before its lease ended: nothing comes back when it would have.
	subAssertClaims(t, subDrain(t, st, subJan31.Add(subClaimOp.Lease+time.Minute)))
	subAssertClaims(t, subDrain(t, st, subJan31.Add(24*time.Hour)), subClaimID(a.ID, subDate(2026, 2, 1), 1))
}

// A claim of an owner whose heartbeat stopped is taken over once the owner
// counts as dead, not before, and counted as taken over; the owner's own
// late outcome for it is then stale unless it was sent.
func testSubDeadOwnerTakenOver(t *testing.T, st SubscriptionStores) {
	sub := subMustConfirmed(t, st, "a@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	dead := flashback.Instance{ID: "a", StartedAt: subJan31.Add(-time.Hour)}
	other := flashback.Instance{ID: "b", StartedAt: subJan31.Add(-time.Hour)}
	lease := subClaimOp
	lease.Lease = 2 * flashback.OwnerDeadAfter // outlives the owner
	d := subDate(2026, 1, 31)
	claim := func(at time.Time, owner flashback.Instance) *flashback.ClaimResult {
		t.Helper()
		st.SetNow(at)
		if err := st.Deliveries.Heartbeat(context.Background(), owner); err != nil {
			t.Fatal(err)
		}
		opts := lease
		opts.Owner = owner
		res, err := st.Deliveries.ClaimDeliveries(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := claim(subJan31, dead); len(res.Claims) != 1 {
		t.Fatalf("first claim: %+v", res)
	}
	if res := claim(subJan31.Add(flashback.OwnerDeadAfter-time.Second), other); len(res.Claims) != 0 {
		t.Errorf("claimed from an owner alive %v ago: %+v", flashback.OwnerDeadAfter-time.Second, res.Claims[0])
	}
	res := claim(subJan31.Add(flashback.OwnerDeadAfter), other)
	if len(res.Claims) != 1 || res.TakenOver != 1 || res.Claims[0].Attempt != 2 || res.Claims[0].LocalDate != d {
		t.Fatalf("claim after the owner died: %d claims, %d taken over, want attempt 2 of %s taken over", len(res.Claims), res.TakenOver, d)
	}
	// The dead owner's retry, arriving late, changes nothing.
	subComplete(t, st, subJan31.Add(flashback.OwnerDeadAfter+time.Second), flashback.Outcome{SubscriberID: sub.ID,
		LocalDate: d, Attempt: 1, State: flashback.DeliveryRetry, Reason: "late", RetryAt: subJan31.Add(time.Hour)})
	if row := subAssertState(t, st, sub.ID, d, flashback.DeliverySending); row.Attempts != 2 {
		t.Errorf("attempts = %d, want 2", row.Attempts)
	}
}

// An open date whose subscriber left meanwhile is closed as skipped, with
// the reason a send check would give, once its lease ends.
func testSubOpenDateOfLeaverSkipped(t *testing.T, st SubscriptionStores) {
	ctx, at := context.Background(), subJan31.Add(-12*time.Hour)
	gone := subMustConfirmed(t, st, "gone@example.org", "Europe/Vienna", 7, at)
	bounced := subMustConfirmed(t, st, "bounced@example.org", "Europe/Vienna", 7, at)
	d := subDate(2026, 1, 31)
	if got := len(subDrain(t, st, subJan31)); got != 2 {
		t.Fatalf("claimed %d, want 2", got)
	}
	st.SetNow(subJan31.Add(time.Second))
	if err := st.Subscribers.Unsubscribe(ctx, gone.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if err := st.Subscribers.SuppressSubscriber(ctx, bounced.ID, flashback.SuppressBounce); err != nil {
		t.Fatal(err)
	}
	subAssertClaims(t, subDrain(t, st, subJan31.Add(subClaimOp.Lease)))
	if row := subAssertState(t, st, gone.ID, d, flashback.DeliverySkipped); row.Reason != "unsubscribed before sending" {
		t.Errorf("skip reason of the unsubscribed = %q", row.Reason)
	}
	if row := subAssertState(t, st, bounced.ID, d, flashback.DeliverySkipped); row.Reason != "suppressed before sending" {
		t.Errorf("skip reason of the suppressed = %q", row.Reason)
	}
	subAssertQueue(t, st, subJan31.Add(subClaimOp.Lease+time.Second), flashback.DueQueue{})
}

// A retry keeps its own date while the schedule has moved on: the retry
// and the next day's digest are each claimed at their own time, and a
// retry still open at its cut-off is skipped without touching the next day.
func testSubRetryBesideNextDay(t *testing.T, st SubscriptionStores) {
	a := subMustConfirmed(t, st, "a@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	d, next := subDate(2026, 1, 31), subDate(2026, 2, 1)
	subAssertClaims(t, subDrain(t, st, subJan31), subClaimID(a.ID, d, 1))
	retryAt := subJan31.Add(11 * time.Hour)
	subComplete(t, st, subJan31.Add(time.Second), flashback.Outcome{SubscriberID: a.ID, LocalDate: d,
		Attempt: 1, State: flashback.DeliveryRetry, Reason: "451 try later", RetryAt: retryAt})
	subAssertQueue(t, st, retryAt.Add(-time.Second), flashback.DueQueue{})
	subAssertQueue(t, st, retryAt, flashback.DueQueue{Depth: 1, Oldest: retryAt})
	subAssertClaims(t, subDrain(t, st, retryAt), subClaimID(a.ID, d, 2))
	subComplete(t, st, retryAt.Add(time.Second), flashback.Outcome{SubscriberID: a.ID, LocalDate: d,
		Attempt: 2, State: flashback.DeliveryRetry, Reason: "451 try later", RetryAt: subJan31.Add(13 * time.Hour)})
	if got := subMustFindSubscriber(t, st, a.ID).NextDate; got != next {
		t.Errorf("next date while the 31st waits for its retry = %s, want %s", got, next)
	}
	subAssertClaims(t, subDrain(t, st, subJan31.Add(13*time.Hour)))
	row := subAssertState(t, st, a.ID, d, flashback.DeliverySkipped)
	if !strings.Contains(row.Reason, "cut-off") {
		t.Errorf("skip reason = %q", row.Reason)
	}
	subAssertClaims(t, subDrain(t, st, subJan31.Add(24*time.Hour)), subClaimID(a.ID, next, 1))
}

// A reader who moves west after a claim may find the claimed date is their
// next date again: the schedule moves past it without a second claim, and
// its open row keeps its lease.
func testSubZoneChangeWestWhileClaimed(t *testing.T, st SubscriptionStores) {
	// Tokyo, 07:00 on 1 February is 22:00 UTC on 31 January.
	tokyo7 := time.Date(2026, 1, 31, 22, 0, 0, 0, time.UTC)
	a := subMustConfirmed(t, st, "a@example.org", "Asia/Tokyo", 7, tokyo7.Add(-time.Hour))
	feb1 := subDate(2026, 2, 1)
	subAssertClaims(t, subDrain(t, st, tokyo7), subClaimID(a.ID, feb1, 1))
	subSetPrefs(t, st, tokyo7.Add(time.Minute), a.ID, "America/Los_Angeles", 7)
	subComplete(t, st, tokyo7.Add(2*time.Minute), subSent(a.ID, feb1, 1))
	la1 := time.Date(2026, 2, 1, 15, 0, 0, 0, time.UTC)
	subAssertClaims(t, subDrain(t, st, la1))
	subAssertClaims(t, subDrain(t, st, la1.Add(24*time.Hour)), subClaimID(a.ID, subDate(2026, 2, 2), 1))
}
