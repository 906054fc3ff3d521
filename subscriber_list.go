package flashback

import "context"

// SubscriberStatuses returns every subscriber status, in life-cycle order,
// for filters and per-status counts.
func SubscriberStatuses() []SubscriberStatus {
	return []SubscriberStatus{SubscriberPending, SubscriberConfirmed, SubscriberUnsubscribed, SubscriberSuppressed}
}

// Valid reports whether s is a known status.
func (s SubscriberStatus) Valid() bool {
	for _, v := range SubscriberStatuses() {
		if s == v {
			return true
		}
	}
	return false
}

// DeliveryStates returns every ledger state, for filters and counts.
func DeliveryStates() []DeliveryState {
	return []DeliveryState{DeliverySent, DeliveryRetry, DeliveryFailed, DeliverySkipped, DeliverySending}
}

// Trouble reports whether s is the state of a digest that did not simply
// go out, or is not on its way: one an editor may look for over every
// date. The stores index these rows apart (their condition, the IN list
// "'retry', 'failed', 'skipped'", is repeated by the queries that use it).
func (s DeliveryState) Trouble() bool {
	return s == DeliveryRetry || s == DeliveryFailed || s == DeliverySkipped
}

// Valid reports whether s is a known ledger state.
func (s DeliveryState) Valid() bool {
	for _, v := range DeliveryStates() {
		if s == v {
			return true
		}
	}
	return false
}

// SubscriberFilter selects subscribers for the editors' list, newest first.
type SubscriberFilter struct {
	Status SubscriberStatus // "" for every status
	// Search keeps addresses containing it, ignoring case. It is plain
	// text: no character in it is a wildcard.
	Search string
	Offset int
	Limit  int // 0 for no limit
}

// DeliveryFilter selects rows of the delivery ledger, newest local date
// first and, within a date, most recently changed first.
type DeliveryFilter struct {
	SubscriberID int64         // 0 for every subscriber
	LocalDate    CivilDate     // zero for every date
	State        DeliveryState // "" for every state
	Offset       int
	Limit        int // 0 for no limit
}

// DeliveryEntry is a ledger row with the address it was for, as the
// editors' ledger shows it.
type DeliveryEntry struct {
	Delivery
	Email string
}

// SubscriberLister is the editors' read-only view of the subscribers. It is
// kept apart from SubscriberStore so that the digest's own code needs none
// of it.
type SubscriberLister interface {
	// ListSubscribers returns one page of the subscribers f selects and
	// how many it selects in all. An unknown status is EINVALID.
	ListSubscribers(ctx context.Context, f SubscriberFilter) ([]*Subscriber, int, error)
	// CountSubscribers returns how many subscribers have each status;
	// statuses nobody has are absent.
	CountSubscribers(ctx context.Context) (map[SubscriberStatus]int, error)
}

// DeliveryLister is the editors' read-only view of the delivery ledger.
type DeliveryLister interface {
	// ListDeliveries returns one page of the ledger rows f selects and how
	// many it selects in all. An unknown state is EINVALID.
	ListDeliveries(ctx context.Context, f DeliveryFilter) ([]*DeliveryEntry, int, error)
	// CountDeliveries returns how many ledger rows of the local date d are
	// in each state; states with no row are absent.
	CountDeliveries(ctx context.Context, d CivilDate) (map[DeliveryState]int, error)
}
