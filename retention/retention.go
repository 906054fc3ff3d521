// Package retention runs the purge that keeps personal data no longer than
// the privacy page promises: a Janitor calls a flashback.RetentionStore with
// a flashback.RetentionPolicy at start-up and then every Interval, on one
// instance of the cluster at a time.
package retention

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"flashback"
	"flashback/cluster"
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
	// Leases and Owner let one instance of those sharing the store purge
	// per Interval; with Leases nil this one purges every Interval.
	Leases flashback.LeaseStore
	Owner  string
}

// leaseName is the cluster-wide lease of the purge.
const leaseName = "retention-purge"

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
// each pass did; with Leases, a pass another instance made in the Interval
// counts. A failed pass is logged and retried in the next Interval; an
// invalid policy stops Run at once, as no later pass could succeed.
func (j Janitor) Run(ctx context.Context) error {
	j = j.withDefaults()
	if err := j.Policy.Validate(); err != nil {
		return err
	}
	job := cluster.Job{Leases: j.Leases, Name: leaseName, Owner: j.Owner, Period: j.Interval, Logger: j.Logger,
		Work: func(ctx context.Context) error { j.pass(ctx); return nil }}
	if err := job.Run(ctx); ctx.Err() == nil {
		return err
	}
	return nil
}

func (j Janitor) pass(ctx context.Context) {
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
