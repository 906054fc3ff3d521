package flashback

import (
	"context"
	"time"
)

// LeaseStore hands out named leases, so that work meant to run once per
// cluster (a daily sync, say) runs on one instance at a time. A lease is
// held by an owner until it expires or is released; an owner that stops
// without releasing it loses it when it expires.
type LeaseStore interface {
	// AcquireLease takes the lease name for owner until now+ttl when it is
	// free, expired or already owner's (which renews it). ok is false when
	// another owner holds it; until says when that owner's lease ends.
	AcquireLease(ctx context.Context, name, owner string, ttl time.Duration) (ok bool, until time.Time, err error)
	// ReleaseLease gives the lease up if owner holds it; otherwise it does
	// nothing, so a late release cannot take a lease from its next owner.
	ReleaseLease(ctx context.Context, name, owner string) error
}
