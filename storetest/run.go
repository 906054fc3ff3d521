package storetest

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"flashback"
)

// Open returns the stores of a fresh, empty database (holding only the
// well-known categories) that lives as long as t. Every write is stamped by
// now, or by the system clock when now is nil.
type Open func(t *testing.T, now flashback.Clock) *flashback.Stores

// Run runs the whole conformance suite against the stores open returns; a
// backend's tests call it once.
func Run(t *testing.T, open Open) {
	t.Run("Bundle", func(t *testing.T) { testBundleComplete(t, open(t, nil)) })
	t.Run("Events", func(t *testing.T) {
		testEventStore(t, func(t *testing.T) flashback.EventStore { return open(t, nil).Events })
	})
	t.Run("EventTimestamps", func(t *testing.T) {
		st, set := openPinned(t, open)
		testEventTimestamps(t, st.Events, set)
	})
	t.Run("Search", func(t *testing.T) {
		testSearcher(t, func(t *testing.T) SearchStore {
			st := open(t, nil)
			return searchStores{st.Events, st.Search}
		})
	})
	t.Run("Desk", func(t *testing.T) {
		testDeskStores(t, func(t *testing.T) DeskStores {
			st := open(t, nil)
			return DeskStores{Events: st.Events, Reports: st.Reports, Messages: st.Messages, Edits: st.Edits,
				Conflicts: st.Conflicts, Users: st.Users, Features: st.Features}
		})
	})
	t.Run("Subscriptions", func(t *testing.T) {
		testSubscriptionStores(t, func(t *testing.T) SubscriptionStores {
			return subscriptionStores(openPinned(t, open))
		})
	})
	t.Run("Lists", func(t *testing.T) {
		testListStores(t, func(t *testing.T) ListStores {
			st, set := openPinned(t, open)
			return ListStores{SubscriptionStores: subscriptionStores(st, set),
				SubscriberList: st.SubscriberList, DeliveryList: st.DeliveryList}
		})
	})
	t.Run("Limits", func(t *testing.T) {
		testLimitStore(t, func(t *testing.T) LimitStores {
			st, set := openPinned(t, open)
			return LimitStores{Limits: st.Limits, SetNow: set}
		})
	})
	t.Run("Retention", func(t *testing.T) {
		testRetentionStore(t, func(t *testing.T) RetentionStores {
			st, set := openPinned(t, open)
			return RetentionStores{SubscriptionStores: subscriptionStores(st, set), Retention: st.Retention,
				Events: st.Events, Reports: st.Reports, Edits: st.Edits, Messages: st.Messages,
				Users: st.Users, Limits: st.Limits}
		})
	})
	t.Run("Sync", func(t *testing.T) {
		testSyncStores(t, func(t *testing.T) SyncStores {
			st, set := openPinned(t, open)
			return SyncStores{Leases: st.Leases, Feeds: st.Feeds, Media: st.Media, SetNow: set}
		})
	})
	t.Run("Secrets", func(t *testing.T) {
		testSecretStore(t, func(t *testing.T) flashback.SecretStore { return open(t, nil).Secrets })
	})
}

// openPinned opens stores whose clock stands still, at the moment of
// opening, until the test moves it with set.
func openPinned(t *testing.T, open Open) (st *flashback.Stores, set func(time.Time)) {
	c := &clock{now: time.Now()}
	return open(t, c.Now), c.Set
}

func subscriptionStores(st *flashback.Stores, set func(time.Time)) SubscriptionStores {
	return SubscriptionStores{Subscribers: st.Subscribers, Deliveries: st.Deliveries, SetNow: set}
}

// clock is a settable clock that a test shares with the stores it opened.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

// testBundleComplete fails when a backend left a store of the bundle unset,
// which would otherwise show only as a nil dereference where it is used.
func testBundleComplete(t *testing.T, st *flashback.Stores) {
	v := reflect.ValueOf(st).Elem()
	for i := range v.NumField() {
		if v.Field(i).IsNil() {
			t.Errorf("Stores.%s is not set", v.Type().Field(i).Name)
		}
	}
}

// searchStores searches the events it keeps, as a bundle's Events and
// Search fields do together.
type searchStores struct {
	flashback.EventStore
	flashback.Searcher
}
