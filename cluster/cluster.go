// Package cluster runs work that must happen once per cluster (the
// retention purge, the Wikipedia sync) on whichever instance gets to it
// first, through a flashback.LeaseStore every instance shares.
package cluster

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"flashback"
)

// Defaults. A running job renews its lease every Hold/3, so a live owner
// never loses it; a killed one stops renewing, its lease ends within Hold,
// and another instance, looking every CheckEvery, takes over within
// Hold+CheckEvery: 45 s, the bound on which digest claims are taken over
// too (flashback.OwnerDeadAfter).
const (
	DefaultHold       = 2 * flashback.HeartbeatEvery
	DefaultCheckEvery = flashback.HeartbeatEvery
)

// Job is work that one instance of the cluster does once per Period. Every
// instance runs the same Job (each with its own Owner); the lease named
// Name lets one of them work at a time, and after a run its runner keeps
// the lease for the rest of the Period, so that the others find the work
// done. With Leases nil the instance is taken to be alone and works every
// Period.
type Job struct {
	Leases flashback.LeaseStore
	Name   string
	Owner  string // this instance; see NewOwner
	Period time.Duration
	Work   func(ctx context.Context) error
	Logger *slog.Logger // discards when nil

	// Hold and CheckEvery default to DefaultHold and DefaultCheckEvery.
	Hold, CheckEvery time.Duration
}

// NewOwner names this process among the instances sharing a store, by
// host and process (for whoever reads the lease table) and a random part
// (so that no two processes, nor two runs of one, share it).
func NewOwner() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), randomHex(4))
}

// Run does the work whenever it is due and no other instance is at it,
// until ctx ends. The work's errors are logged; the next Period tries
// again.
func (j Job) Run(ctx context.Context) error {
	j = j.withDefaults()
	if j.Period <= 0 || j.Work == nil || (j.Leases != nil && (j.Name == "" || j.Owner == "")) {
		return errors.New("cluster: a job needs a period, work, and with leases a name and an owner")
	}
	every := j.CheckEvery
	if j.Leases == nil {
		every = j.Period
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if _, err := j.Once(ctx); err != nil && ctx.Err() == nil {
			j.Logger.Error("cluster: job failed", "job", j.Name, "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// Once does the work now if no instance holds the job's lease (working or
// resting after a run), and reports whether it did.
func (j Job) Once(ctx context.Context) (ran bool, err error) {
	j = j.withDefaults()
	if j.Leases == nil {
		return true, j.Work(ctx)
	}
	// Each attempt is an owner of its own, so that a lease this instance
	// keeps after a run refuses its own next attempt too, and a run cannot
	// renew a lease that another attempt holds.
	run := j.Owner + "/" + randomHex(4)
	ok, until, err := j.Leases.AcquireLease(ctx, j.Name, run, j.Hold)
	if err != nil || !ok {
		if err == nil {
			j.Logger.Debug("cluster: job is done or running elsewhere", "job", j.Name, "until", until)
		}
		return false, err
	}
	workCtx, cancel := context.WithCancel(ctx)
	stopRenewing := j.renew(workCtx, cancel, run)
	err = j.Work(workCtx)
	lost := stopRenewing()
	cancel()
	switch {
	case ctx.Err() != nil:
		// Stopping: hand the job to another instance at once.
		j.release(ctx, run)
	case lost:
		// Cut short: whoever took the lease over does the work.
	default:
		if _, _, rerr := j.Leases.AcquireLease(ctx, j.Name, run, j.Period); rerr != nil {
			j.Logger.Warn("cluster: keep the lease for the period", "job", j.Name, "err", rerr)
		}
	}
	return true, err
}

// renew keeps run's lease alive every Hold/3 until stop is called, and
// cancels the work when the lease is lost: another instance took it for
// dead (or soon may), so going on would do the work twice. stop reports
// whether it was lost.
func (j Job) renew(ctx context.Context, cancel func(), run string) (stop func() (lost bool)) {
	done := make(chan struct{})
	quit := make(chan struct{})
	var lost atomic.Bool
	go func() {
		defer close(done)
		tick := time.NewTicker(j.Hold / 3)
		defer tick.Stop()
		lastOK := time.Now()
		for {
			select {
			case <-quit:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			ok, _, err := j.Leases.AcquireLease(ctx, j.Name, run, j.Hold)
			switch {
			case err == nil && ok:
				lastOK = time.Now()
			case err == nil || time.Since(lastOK) >= j.Hold:
				j.Logger.Error("cluster: lease lost; stopping the job", "job", j.Name, "err", err)
				lost.Store(true)
				cancel()
				return
			default:
				j.Logger.Warn("cluster: renew lease", "job", j.Name, "err", err)
			}
		}
	}()
	return func() bool { close(quit); <-done; return lost.Load() }
}

func (j Job) release(ctx context.Context, run string) {
	if err := j.Leases.ReleaseLease(context.WithoutCancel(ctx), j.Name, run); err != nil {
		j.Logger.Warn("cluster: release lease", "job", j.Name, "err", err)
	}
}

func (j Job) withDefaults() Job {
	if j.Hold <= 0 {
		j.Hold = DefaultHold
	}
	if j.CheckEvery <= 0 {
		j.CheckEvery = DefaultCheckEvery
	}
	if j.Logger == nil {
		j.Logger = slog.New(slog.DiscardHandler)
	}
	return j
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
