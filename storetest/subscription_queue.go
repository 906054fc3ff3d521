package storetest

import (
	"context"
	"testing"
	"time"

	"flashback"
)

func subAssertQueue(t *testing.T, st SubscriptionStores, at time.Time, want flashback.DueQueue) {
	t.Helper()
	st.SetNow(at)
	got, err := st.Deliveries.DueQueue(context.Background())
	if err != nil {
		t.Fatalf("DueQueue at %v: %v", at, err)
	}
	if got.Depth != want.Depth || !got.Oldest.Equal(want.Oldest) {
		t.Errorf("DueQueue at %v = %d since %v, want %d since %v", at, got.Depth, got.Oldest, want.Depth, want.Oldest)
	}
}

// The due queue holds what a pass would claim now: digests whose wake-up
// time has come, until they are claimed, and again once a claim lapses.
func testSubDueQueue(t *testing.T, st SubscriptionStores) {
	subAssertQueue(t, st, subJan31, flashback.DueQueue{})
	subMustConfirmed(t, st, "a@example.org", "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	subMustConfirmed(t, st, "b@example.org", "Asia/Tokyo", 7, subJan31.Add(-12*time.Hour))
	subMustSubscribe(t, st, subRequest("pending@example.org", "Asia/Tokyo", 7, "never confirmed"))
	tokyoWake := time.Date(2026, time.January, 30, 22, 0, 0, 0, time.UTC)
	subAssertQueue(t, st, tokyoWake.Add(-time.Second), flashback.DueQueue{})
	subAssertQueue(t, st, subJan31.Add(-time.Second), flashback.DueQueue{Depth: 1, Oldest: tokyoWake})
	subAssertQueue(t, st, subJan31, flashback.DueQueue{Depth: 2, Oldest: tokyoWake})
	if got := len(subDrain(t, st, subJan31)); got != 2 {
		t.Fatalf("claimed %d, want 2", got)
	}
	subAssertQueue(t, st, subJan31.Add(time.Minute), flashback.DueQueue{})
	// Nobody marked them: once the leases end they are due again.
	leaseEnd := subJan31.Add(subClaimOp.Lease)
	subAssertQueue(t, st, leaseEnd.Add(time.Minute), flashback.DueQueue{Depth: 2, Oldest: leaseEnd})
}
