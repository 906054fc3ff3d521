package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// FeedStore keeps the per-day state of fetched feeds.
type FeedStore struct {
	db *DB
}

var _ flashback.FeedStore = (*FeedStore)(nil)

// NewFeedStore returns the feed store of db.
func NewFeedStore(db *DB) *FeedStore { return &FeedStore{db: db} }

// FeedDays returns every recorded day of feed.
func (s *FeedStore) FeedDays(ctx context.Context, feed string) (map[flashback.MonthDay]flashback.FeedDay, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT month, day, etag, last_modified, synced_at
		FROM feed_days WHERE feed = $1`, feed)
	if err != nil {
		return nil, fmt.Errorf("list feed days: %w", err)
	}
	days, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (flashback.FeedDay, error) {
		d := flashback.FeedDay{Feed: feed}
		var month, day int16
		err := row.Scan(&month, &day, &d.ETag, &d.LastModified, &d.SyncedAt)
		d.Day = flashback.MonthDay{Month: time.Month(month), Day: int(day)}
		d.SyncedAt = d.SyncedAt.UTC()
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("list feed days: %w", err)
	}
	out := make(map[flashback.MonthDay]flashback.FeedDay, len(days))
	for _, d := range days {
		out[d.Day] = d
	}
	return out, nil
}

// SaveFeedDay records what the feed said for a day.
func (s *FeedStore) SaveFeedDay(ctx context.Context, d flashback.FeedDay) error {
	if d.Feed == "" || !d.Day.Valid() {
		return fmt.Errorf("postgres: feed day %q %v is not valid", d.Feed, d.Day)
	}
	_, err := s.db.pool.Exec(ctx, `INSERT INTO feed_days (feed, month, day, etag, last_modified, synced_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (feed, month, day) DO UPDATE SET
		etag = excluded.etag, last_modified = excluded.last_modified, synced_at = excluded.synced_at`,
		d.Feed, int(d.Day.Month), d.Day.Day, d.ETag, d.LastModified, s.db.txNow())
	if err != nil {
		return fmt.Errorf("save feed day: %w", err)
	}
	return nil
}

// StartFeedRun resumes the unfinished run over the same span, or starts one.
func (s *FeedStore) StartFeedRun(ctx context.Context, feed, span string) (flashback.FeedRun, error) {
	run := flashback.FeedRun{Feed: feed, Span: span}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return run, err
	}
	defer rollback(ctx, tx)
	var oldSpan string
	var started time.Time
	var finished *time.Time
	err = tx.QueryRow(ctx, `SELECT span, started_at, finished_at FROM feed_runs WHERE feed = $1 FOR UPDATE`, feed).
		Scan(&oldSpan, &started, &finished)
	switch {
	case err == nil && oldSpan == span && finished == nil:
		run.Resumed, run.StartedAt = true, started.UTC()
		return run, nil
	case err != nil && !errors.Is(err, pgx.ErrNoRows):
		return run, fmt.Errorf("find feed run: %w", err)
	}
	run.StartedAt = tx.now
	_, err = tx.Exec(ctx, `INSERT INTO feed_runs (feed, span, started_at) VALUES ($1, $2, $3)
		ON CONFLICT (feed) DO UPDATE SET span = excluded.span, started_at = excluded.started_at, finished_at = NULL`,
		feed, span, tx.now)
	if err != nil {
		return run, fmt.Errorf("start feed run: %w", err)
	}
	return run, commit(ctx, tx)
}

// FinishFeedRun marks the feed's run complete.
func (s *FeedStore) FinishFeedRun(ctx context.Context, feed string) error {
	_, err := s.db.pool.Exec(ctx, `UPDATE feed_runs SET finished_at = $1 WHERE feed = $2`, s.db.txNow(), feed)
	if err != nil {
		return fmt.Errorf("finish feed run: %w", err)
	}
	return nil
}
