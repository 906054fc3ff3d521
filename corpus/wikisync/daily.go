package wikisync

import (
	"context"
	"log/slog"
	"time"

	"flashback"
	"flashback/cluster"
)

// Daily keeps the coming days of one language's feed fresh from inside the
// server. Every instance runs one, and a lease in the shared store lets
// one of them look per hour (cluster.Job: a dead one's turn is taken over
// within a minute); the feed state says whether the days are already
// fresh, so the cluster syncs about once a day in all.
type Daily struct {
	Syncer   *Syncer
	Leases   flashback.LeaseStore
	Lang     string
	Owner    string // this instance; see cluster.NewOwner
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
	// checkEvery is how often the cluster looks; cheap when fresh.
	checkEvery = time.Hour
	// passFor bounds one pass, which the next hour's look must not meet.
	passFor = 50 * time.Minute
)

// Run looks once an hour across the cluster until ctx ends.
func (d *Daily) Run(ctx context.Context) error {
	return d.job(func(ctx context.Context) error { _, err := d.sync(ctx); return err }).Run(ctx)
}

// Once syncs the window of days if they are due and no other instance
// looked in the last hour; ran says whether it synced.
func (d *Daily) Once(ctx context.Context) (ran bool, err error) {
	_, err = d.job(func(ctx context.Context) error { ran, err = d.sync(ctx); return err }).Once(ctx)
	return ran, err
}

func (d *Daily) job(work func(context.Context) error) cluster.Job {
	return cluster.Job{Leases: d.Leases, Name: "wikimedia-sync:" + d.Lang, Owner: d.Owner, Period: checkEvery,
		Work: work, Logger: d.Logger}
}

// sync syncs the window of days if any is due.
func (d *Daily) sync(ctx context.Context) (ran bool, err error) {
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
