package wikisync

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"time"

	"flashback"
)

// Daily keeps the coming days of one language's feed fresh from inside the
// server. Every instance runs one, and a lease in the shared store lets
// only one of them sync at a time; the feed state says whether the days
// are already fresh, so the cluster syncs about once a day in all.
type Daily struct {
	Syncer   *Syncer
	Leases   flashback.LeaseStore
	Lang     string
	Owner    string // this instance; see NewOwner
	Clock    flashback.Clock
	Location *time.Location // the site's zone, whose today starts the window
	Logger   *slog.Logger
}

const (
	// dailyAhead is how many days after today are kept fresh.
	dailyAhead = 7
	// staleAfter is when a synced day is due again: under a day, so that
	// a pass at the same hour tomorrow finds it due.
	staleAfter = 20 * time.Hour
	// checkEvery is how often an instance looks; cheap when fresh.
	checkEvery = time.Hour
	// leaseFor bounds one pass; the lease outlives it so that a second
	// instance never starts while the first is still syncing.
	leaseFor = time.Hour
	passFor  = 50 * time.Minute
)

// NewOwner names this process among the instances sharing a store.
func NewOwner() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Run checks every hour until ctx ends.
func (d *Daily) Run(ctx context.Context) error {
	tick := time.NewTicker(checkEvery)
	defer tick.Stop()
	for {
		if _, err := d.Once(ctx); err != nil && ctx.Err() == nil {
			d.Logger.Warn("wikipedia sync failed", "lang", d.Lang, "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// Once syncs the window of days if they are due and no other instance is
// at it; ran says whether it synced.
func (d *Daily) Once(ctx context.Context) (ran bool, err error) {
	name := "wikimedia-sync:" + d.Lang
	ok, _, err := d.Leases.AcquireLease(ctx, name, d.Owner, leaseFor)
	if err != nil || !ok {
		return false, err
	}
	defer d.Leases.ReleaseLease(context.WithoutCancel(ctx), name, d.Owner)
	req := Request{Lang: d.Lang, Kind: "all", Days: d.window(), Span: "daily"}
	if due, err := d.due(ctx, req); err != nil || !due {
		return false, err
	}
	ctx, cancel := context.WithTimeout(ctx, passFor)
	defer cancel()
	st, err := d.Syncer.Sync(ctx, req)
	d.Logger.Info("wikipedia sync", "lang", d.Lang, "days", st.Done, "added", st.Added, "updated", st.Updated,
		"held_back", st.HeldBack, "not_modified", st.NotModified, "errors", st.Errors, "requests", st.Requests)
	return true, err
}

// window is today in the site's zone and the dailyAhead days after it.
func (d *Daily) window() []flashback.MonthDay {
	now := d.Clock().In(d.Location)
	md := flashback.MonthDay{Month: now.Month(), Day: now.Day()}
	days := []flashback.MonthDay{md}
	for range dailyAhead {
		md = md.Next()
		days = append(days, md)
	}
	return days
}

// due reports whether any day of req was not synced in the last staleAfter.
func (d *Daily) due(ctx context.Context, req Request) (bool, error) {
	known, err := d.Syncer.Feeds.FeedDays(ctx, feedName(req))
	if err != nil {
		return false, err
	}
	for _, md := range req.Days {
		if k, ok := known[md]; !ok || d.Clock().Sub(k.SyncedAt) >= staleAfter {
			return true, nil
		}
	}
	return false, nil
}
