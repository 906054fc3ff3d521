package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"flashback"
	"flashback/postgres"
)

// TestClaim_InstancesNeverShareADigest: instances with pools of their own
// on one database claim the same due digests at once, each under its own
// owner; every digest is claimed exactly once.
func TestClaim_InstancesNeverShareADigest(t *testing.T) {
	const instances, subscribers = 3, 600
	first := MustOpenDB(t)
	now := time.Date(2026, 1, 31, 7, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	first.Now = clock
	postgres.SeedDue(t, first, "r", subscribers)
	ctx := context.Background()
	var mu sync.Mutex
	claimed := map[int64]string{}
	var wg sync.WaitGroup
	for n := range instances {
		db := postgres.NewDB(first.DSN)
		db.Now = clock
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		deliveries := postgres.NewDeliveryStore(db)
		owner := flashback.Instance{ID: fmt.Sprintf("inst-%d", n), StartedAt: now}
		if err := deliveries.Heartbeat(ctx, owner); err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			opts := flashback.ClaimOptions{Limit: 7, Lease: 5 * time.Minute, Cutoff: time.Hour, Owner: owner}
			for {
				res, err := deliveries.ClaimDeliveries(ctx, opts)
				if err != nil {
					t.Error(err)
					return
				}
				if res.Examined == 0 {
					return
				}
				mu.Lock()
				for _, c := range res.Claims {
					if other, dup := claimed[c.Subscriber.ID]; dup {
						t.Errorf("subscriber %d claimed by %s and %s", c.Subscriber.ID, other, owner.ID)
					}
					claimed[c.Subscriber.ID] = owner.ID
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(claimed) != subscribers {
		t.Errorf("%d digests claimed, want %d", len(claimed), subscribers)
	}
	perOwner := map[string]int{}
	for _, o := range claimed {
		perOwner[o]++
	}
	t.Logf("claims per instance: %v", perOwner)
}
