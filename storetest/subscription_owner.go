package storetest

import (
	"context"
	"testing"
	"time"

	"flashback"
)

// A restart of an instance proves its earlier run dead, to every instance:
// the claims that run left are free at once for whoever looks at them
// first. An instance that saw the earlier run's last heartbeat and waited
// for it to go stale would hold the digests back for OwnerDeadAfter, past
// the restarted run's pass, which may then end without them.
func testSubRestartFreesClaimsForAll(t *testing.T, st SubscriptionStores) {
	sub := subMustConfirmed(t, st, "a@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	earlier := flashback.Instance{ID: "a", StartedAt: subJan31.Add(-time.Hour)}
	restarted := flashback.Instance{ID: "a", StartedAt: subJan31.Add(time.Second)}
	other := flashback.Instance{ID: "b", StartedAt: subJan31.Add(-time.Hour)}
	d := subDate(2026, time.January, 31)
	subAssertClaims(t, subClaimAs(t, st, subJan31, earlier, 100), subClaimID(sub.ID, d, 1))
	// The earlier run dies; its restart registers, and another instance
	// looks first.
	st.SetNow(subJan31.Add(time.Second))
	if err := st.Deliveries.Heartbeat(context.Background(), restarted); err != nil {
		t.Fatal(err)
	}
	subAssertClaims(t, subClaimAs(t, st, subJan31.Add(2*time.Second), other, 100), subClaimID(sub.ID, d, 2))
}

// A restart's earlier run's claims go to the head of the queue: they were
// due before anything still waiting, and behind a long backlog they would
// wait for all of it. Ahead of it, not level with it: claims break ties of
// due time by subscriber, and the waiting subscriber here came first, as
// most of a backlog due at the top of an hour does.
func testSubRestartClaimsFirst(t *testing.T, st SubscriptionStores) {
	subMustConfirmed(t, st, "london@example.org", "Europe/London", 7, subJan31.Add(-12*time.Hour))
	vienna := subMustConfirmed(t, st, "vienna@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	londonWake := subJan31.Add(time.Hour)
	earlier := flashback.Instance{ID: "a", StartedAt: subJan31.Add(-time.Hour)}
	restarted := flashback.Instance{ID: "a", StartedAt: londonWake.Add(time.Second)}
	d := subDate(2026, time.January, 31)
	// The earlier run claims Vienna's digest (due first) as London's comes
	// due, and dies; its restart must take Vienna's back before London's.
	subAssertClaims(t, subClaimAs(t, st, londonWake, earlier, 1), subClaimID(vienna.ID, d, 1))
	subAssertClaims(t, subClaimAs(t, st, londonWake.Add(time.Second), restarted, 1), subClaimID(vienna.ID, d, 2))
}

// subClaimAs claims up to limit digests at the instant at as owner, after
// its heartbeat, and returns "id@date#attempt" per claim.
func subClaimAs(t *testing.T, st SubscriptionStores, at time.Time, owner flashback.Instance, limit int) []string {
	t.Helper()
	st.SetNow(at)
	if err := st.Deliveries.Heartbeat(context.Background(), owner); err != nil {
		t.Fatalf("Heartbeat of %s: %v", owner.ID, err)
	}
	opts := subClaimOp
	opts.Owner, opts.Limit = owner, limit
	res, err := st.Deliveries.ClaimDeliveries(context.Background(), opts)
	if err != nil {
		t.Fatalf("ClaimDeliveries by %s: %v", owner.ID, err)
	}
	var ids []string
	for _, c := range res.Claims {
		ids = append(ids, subClaimID(c.Subscriber.ID, c.LocalDate, c.Attempt))
	}
	return ids
}
