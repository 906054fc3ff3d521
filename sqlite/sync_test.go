package sqlite_test

import (
	"testing"
	"time"

	"flashback/sqlite"
	"flashback/storetest"
)

func TestSyncStores(t *testing.T) {
	storetest.TestSyncStores(t, func(t *testing.T) storetest.SyncStores {
		db := MustOpenDB(t)
		clock := &fixedClock{now: time.Now()}
		db.Now = clock.Now
		return storetest.SyncStores{Leases: sqlite.NewLeaseStore(db), Feeds: sqlite.NewFeedStore(db),
			Media: sqlite.NewMediaStore(db), SetNow: clock.Set}
	})
}
