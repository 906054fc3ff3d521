// Package retention runs the purge that keeps personal data no longer than
// the privacy page promises: a Janitor calls a flashback.RetentionStore with
// a flashback.RetentionPolicy at start-up and then every Interval.
package retention

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"flashback"
)

// DefaultInterval is how often Run purges when Interval is zero. Hourly
// keeps every period within an hour of its promise.
const DefaultInterval = time.Hour

// Janitor purges expired personal data. The zero values of its optional
// fields are usable: the default policy, the system clock, no log.
type Janitor struct {
	Store    flashback.RetentionStore
	Policy   flashback.RetentionPolicy // DefaultRetention() when zero
	Clock    flashback.Clock           // flashback.SystemClock when nil
	Logger   *slog.Logger              // discards when nil
	Interval time.Duration             // DefaultInterval when zero
	// Leases, when set, makes the instances sharing a database purge one
	// at a time, each pass under a lease named LeaseName held by Owner: a
	// pass that finds it held is left to its holder. Without it every
	// instance purges (harmless, only wasted work).
	Leases flashback.LeaseStore
	Owner  string
}

// LeaseName is the lease a Janitor with Leases holds while it purges.
const LeaseName = "retention-purge"

// leaseFor bounds a pass held by an instance that died during it.
const leaseFor = 10 * time.Minute

func (j Janitor) withDefaults() Janitor {
	if j.Policy == (flashback.RetentionPolicy{}) {
		j.Policy = flashback.DefaultRetention()
	}
	if j.Clock == nil {
		j.Clock = flashback.SystemClock
	}
	if j.Logger == nil {
		j.Logger = slog.New(slog.DiscardHandler)
	}
	if j.Interval <= 0 {
		j.Interval = DefaultInterval
	}
	return j
}

// RunOnce purges everything past its period now and returns the counts.
// A policy with some periods set and others not is refused, not completed
// from the defaults: a forgotten field must not quietly mean "keep 30 days".
func (j Janitor) RunOnce(ctx context.Context) (flashback.PurgeStats, error) {
	j = j.withDefaults()
	if j.Store == nil {
		return flashback.PurgeStats{}, errors.New("retention: janitor has no store")
	}
	return j.Store.Purge(ctx, j.Policy, j.Clock())
}

// Run purges at once and then every Interval until ctx ends, logging what
// each pass did. A failed pass is logged and retried at the next tick; an
// invalid policy stops Run at once, as no later pass could succeed.
func (j Janitor) Run(ctx context.Context) error {
	j = j.withDefaults()
	if err := j.Policy.Validate(); err != nil {
		return err
	}
	tick := time.NewTicker(j.Interval)
	defer tick.Stop()
	for {
		j.pass(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

func (j Janitor) pass(ctx context.Context) {
	if j.Leases != nil {
		ok, _, err := j.Leases.AcquireLease(ctx, LeaseName, j.Owner, leaseFor)
		if err != nil || !ok {
			if err != nil && ctx.Err() == nil {
				j.Logger.Error("retention: take the purge lease", "err", err)
			}
			return
		}
		defer j.Leases.ReleaseLease(context.WithoutCancel(ctx), LeaseName, j.Owner)
	}
	start := time.Now()
	stats, err := j.RunOnce(ctx)
	took := time.Since(start).Round(time.Millisecond)
	switch {
	case err != nil && ctx.Err() != nil:
		// Shutting down; the next start purges the rest.
	case err != nil:
		j.Logger.Error("retention: purge", "err", err, "purged", stats.String(), "took", took)
	case stats.Total() > 0:
		j.Logger.Info("retention: purge", "purged", stats.String(), "took", took)
	default:
		j.Logger.Debug("retention: nothing to purge", "took", took)
	}
}
