package sqlite_test

import (
	"testing"
	"time"

	"flashback/sqlite"
	"flashback/storetest"
)

func TestListStores(t *testing.T) {
	storetest.TestListStores(t, func(t *testing.T) storetest.ListStores {
		db := MustOpenDB(t)
		clock := &fixedClock{now: time.Now()}
		db.Now = clock.Now
		subs, ledger := sqlite.NewSubscriberStore(db), sqlite.NewDeliveryStore(db)
		return storetest.ListStores{
			SubscriptionStores: storetest.SubscriptionStores{Subscribers: subs, Deliveries: ledger, SetNow: clock.Set},
			SubscriberList:     subs,
			DeliveryList:       ledger,
		}
	})
}
