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
	claim := func(at time.Time, owner flashback.Instance) []string {
		t.Helper()
		st.SetNow(at)
		if err := st.Deliveries.Heartbeat(context.Background(), owner); err != nil {
			t.Fatalf("Heartbeat of %s: %v", owner.ID, err)
		}
		opts := subClaimOp
		opts.Owner = owner
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
	d := subDate(2026, time.January, 31)
	subAssertClaims(t, claim(subJan31, earlier), subClaimID(sub.ID, d, 1))
	// The earlier run dies; its restart registers, and another instance
	// looks first.
	st.SetNow(subJan31.Add(time.Second))
	if err := st.Deliveries.Heartbeat(context.Background(), restarted); err != nil {
		t.Fatal(err)
	}
	subAssertClaims(t, claim(subJan31.Add(2*time.Second), other), subClaimID(sub.ID, d, 2))
}
