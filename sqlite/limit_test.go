package sqlite_test

import (
	"testing"
	"time"

	"flashback/sqlite"
	"flashback/storetest"
)

func TestLimitStore(t *testing.T) {
	storetest.TestLimitStore(t, func(t *testing.T) storetest.LimitStores {
		db := MustOpenDB(t)
		clock := &fixedClock{now: time.Now()}
		db.Now = clock.Now
		return storetest.LimitStores{Limits: sqlite.NewLimitStore(db), SetNow: clock.Set}
	})
}
