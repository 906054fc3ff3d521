package flashback

import (
	"context"
	"time"
)

// FeedDay is what a feed fetched per day of the year said last time, so
// that the next request can be conditional and a stopped run can resume.
type FeedDay struct {
	Feed string // the feed and its language, e.g. "wikimedia:en"
	Day  MonthDay
	// ETag and LastModified are the validators of the last response
	// whose events were stored; empty when the server gave none.
	ETag, LastModified string
	SyncedAt           time.Time // when the day's events were last stored or confirmed
}

// FeedRun is one pass over a span of days of a feed. A run that did not
// finish is resumed by the next run over the same span: the days synced
// since it started are not asked again.
type FeedRun struct {
	Feed      string
	Span      string // the days asked for, e.g. "01-01..12-31"
	StartedAt time.Time
	Resumed   bool // the run continues one that stopped
}

// FeedStore keeps the state of feeds fetched per day.
type FeedStore interface {
	// FeedDays returns what is known of feed's days, by day.
	FeedDays(ctx context.Context, feed string) (map[MonthDay]FeedDay, error)
	// SaveFeedDay records d, stamping SyncedAt with the store's clock.
	SaveFeedDay(ctx context.Context, d FeedDay) error
	// StartFeedRun resumes feed's unfinished run over span, or starts a
	// new one now.
	StartFeedRun(ctx context.Context, feed, span string) (FeedRun, error)
	// FinishFeedRun marks feed's run finished, so the next one starts anew.
	FinishFeedRun(ctx context.Context, feed string) error
}
