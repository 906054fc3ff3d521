package postgres_test

import (
	"sync"
	"testing"
	"time"

	"flashback/postgres"
	"flashback/storetest"
)

// fixedClock is a settable clock shared by a DB and the test.
type fixedClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fixedClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *fixedClock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

// openClocked opens a fresh database whose clock the test sets.
func openClocked(t *testing.T) (*postgres.DB, *fixedClock) {
	db := MustOpenDB(t)
	clock := &fixedClock{now: time.Now()}
	db.Now = clock.Now
	return db, clock
}

func TestLimitStore(t *testing.T) {
	storetest.TestLimitStore(t, func(t *testing.T) storetest.LimitStores {
		db, clock := openClocked(t)
		return storetest.LimitStores{Limits: postgres.NewLimitStore(db), SetNow: clock.Set}
	})
}

func TestSyncStores(t *testing.T) {
	storetest.TestSyncStores(t, func(t *testing.T) storetest.SyncStores {
		db, clock := openClocked(t)
		return storetest.SyncStores{Leases: postgres.NewLeaseStore(db), Feeds: postgres.NewFeedStore(db),
			Media: postgres.NewMediaStore(db), SetNow: clock.Set}
	})
}
