package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

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
	rows, err := s.db.read.QueryContext(ctx, `SELECT month, day, etag, last_modified, synced_at
		FROM feed_days WHERE feed = ?`, feed)
	if err != nil {
		return nil, fmt.Errorf("list feed days: %w", err)
	}
	defer rows.Close()
	out := map[flashback.MonthDay]flashback.FeedDay{}
	for rows.Next() {
		d := flashback.FeedDay{Feed: feed}
		var month int
		var synced string
		if err := rows.Scan(&month, &d.Day.Day, &d.ETag, &d.LastModified, &synced); err != nil {
			return nil, fmt.Errorf("list feed days: %w", err)
		}
		d.Day.Month = time.Month(month)
		if d.SyncedAt, err = parseTime(synced); err != nil {
			return nil, err
		}
		out[d.Day] = d
	}
	return out, rows.Err()
}

// SaveFeedDay records what the feed said for a day.
func (s *FeedStore) SaveFeedDay(ctx context.Context, d flashback.FeedDay) error {
	if d.Feed == "" || !d.Day.Valid() {
		return fmt.Errorf("sqlite: feed day %q %v is not valid", d.Feed, d.Day)
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `INSERT INTO feed_days (feed, month, day, etag, last_modified, synced_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (feed, month, day) DO UPDATE SET
		etag = excluded.etag, last_modified = excluded.last_modified, synced_at = excluded.synced_at`,
		d.Feed, int(d.Day.Month), d.Day.Day, d.ETag, d.LastModified, formatTime(tx.now))
	if err != nil {
		return fmt.Errorf("save feed day: %w", err)
	}
	return tx.Commit()
}

// StartFeedRun resumes the unfinished run over the same span, or starts one.
func (s *FeedStore) StartFeedRun(ctx context.Context, feed, span string) (flashback.FeedRun, error) {
	run := flashback.FeedRun{Feed: feed, Span: span}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return run, err
	}
	defer tx.Rollback()
	var oldSpan, started string
	var finished sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT span, started_at, finished_at FROM feed_runs WHERE feed = ?`, feed).
		Scan(&oldSpan, &started, &finished)
	switch {
	case err == nil && oldSpan == span && !finished.Valid:
		run.Resumed = true
		run.StartedAt, err = parseTime(started)
		return run, err
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return run, fmt.Errorf("find feed run: %w", err)
	}
	run.StartedAt = tx.now
	_, err = tx.ExecContext(ctx, `INSERT INTO feed_runs (feed, span, started_at) VALUES (?, ?, ?)
		ON CONFLICT (feed) DO UPDATE SET span = excluded.span, started_at = excluded.started_at, finished_at = NULL`,
		feed, span, formatTime(tx.now))
	if err != nil {
		return run, fmt.Errorf("start feed run: %w", err)
	}
	return run, tx.Commit()
}

// FinishFeedRun marks the feed's run complete.
func (s *FeedStore) FinishFeedRun(ctx context.Context, feed string) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE feed_runs SET finished_at = ? WHERE feed = ?`, formatTime(tx.now), feed); err != nil {
		return fmt.Errorf("finish feed run: %w", err)
	}
	return tx.Commit()
}
