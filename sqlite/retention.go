package sqlite

import (
	"context"
	"fmt"
	"time"

	"flashback"
)

// defaultPurgeBatch is how many rows one purge statement touches at most.
// Each batch is its own write transaction, so a purge of a million rows
// lets the other writers in between every thousand.
const defaultPurgeBatch = 1000

// RetentionStore deletes or anonymises personal data past the periods of
// a flashback.RetentionPolicy.
type RetentionStore struct {
	db          *DB
	subscribers *SubscriberStore
	// BatchSize bounds the rows one statement, and so one write
	// transaction, touches; defaultPurgeBatch when zero.
	BatchSize int
}

var _ flashback.RetentionStore = (*RetentionStore)(nil)

// NewRetentionStore returns a RetentionStore on an open DB.
func NewRetentionStore(db *DB) *RetentionStore {
	return &RetentionStore{db: db, subscribers: NewSubscriberStore(db)}
}

// Purge applies policy as of now; see flashback.RetentionStore.
func (s *RetentionStore) Purge(ctx context.Context, p flashback.RetentionPolicy, now time.Time) (flashback.PurgeStats, error) {
	return flashback.RunPurge(ctx, p, func(st *flashback.PurgeStats) []flashback.PurgeStep {
		return s.steps(p, now.UTC(), st)
	})
}

// steps lists the kinds in the order they are purged. Subscribers go
// first: deleting one takes their ledger rows with it.
func (s *RetentionStore) steps(p flashback.RetentionPolicy, now time.Time, st *flashback.PurgeStats) []flashback.PurgeStep {
	before := func(d time.Duration) string { return formatTime(now.Add(-d)) }
	pending, unsub, suppressed := before(p.PendingSubscribers), before(p.UnsubscribedSubscribers), before(p.SuppressedSubscribers)
	return []flashback.PurgeStep{
		{Name: "pending subscribers", Count: &st.PendingSubscribers, Run: func(ctx context.Context) (int, error) {
			return s.batches(ctx, deleteNeverConfirmed, pending)
		}},
		// A former subscriber who asked again and never confirmed did
		// consent once: they end as a hash, like any ex-subscriber.
		{Name: "lapsed re-subscriptions", Count: &st.PendingSubscribers, Run: func(ctx context.Context) (int, error) {
			return s.reduceToHash(ctx, `status = 'pending' AND confirmed_at IS NOT NULL AND consent_at < ?`, pending)
		}},
		{Name: "unsubscribed subscribers", Count: &st.UnsubscribedSubscribers, Run: func(ctx context.Context) (int, error) {
			return s.reduceToHash(ctx, `status = 'unsubscribed' AND unsubscribed_at < ?`, unsub)
		}},
		// Nothing changes a suppressed subscriber, so updated_at is when
		// they were suppressed.
		{Name: "suppressed subscribers", Count: &st.SuppressedSubscribers, Run: func(ctx context.Context) (int, error) {
			return s.reduceToHash(ctx, `status = 'suppressed' AND updated_at < ?`, suppressed)
		}},
		{Name: "confirmation records", Count: &st.ConfirmMails, Run: func(ctx context.Context) (int, error) {
			return s.batches(ctx, deleteConfirmMails, before(p.ConfirmMails))
		}},
		{Name: "delivery records", Count: &st.Deliveries, Run: func(ctx context.Context) (int, error) {
			return s.batches(ctx, deleteDeliveries, ledgerCutoff(now, p.Deliveries))
		}},
		{Name: "report e-mail addresses", Count: &st.ReportEmails, Run: func(ctx context.Context) (int, error) {
			return s.batches(ctx, eraseReportEmails, before(p.ReportEmails))
		}},
		{Name: "handled messages", Count: &st.HandledMessages, Run: func(ctx context.Context) (int, error) {
			return s.batches(ctx, deleteHandledMessages, before(p.HandledMessages))
		}},
		{Name: "expired sessions", Count: &st.Sessions, Run: func(ctx context.Context) (int, error) {
			return s.batches(ctx, deleteExpiredSessions, formatTime(now))
		}},
		// A refilled bucket limits nothing; requests forget a few as they
		// pass, this forgets the rest when requests stop.
		{Name: "refilled rate limits", Count: &st.RateLimits, Run: func(ctx context.Context) (int, error) {
			return s.batches(ctx, deleteRefilledLimits, formatTime(now))
		}},
	}
}

// ledgerCutoff is the first local date whose ledger rows are kept: the UTC
// date period before now. A row goes once its whole date lies further back.
func ledgerCutoff(now time.Time, period time.Duration) string {
	return flashback.CivilDateOf(now.Add(-period), time.UTC).String()
}

// The batch statements. Each takes its cut-off and then the batch size;
// the inner SELECT … LIMIT is what bounds a statement (SQLite's DELETE has
// no LIMIT of its own in the default build).
const (
	deleteRefilledLimits = `DELETE FROM rate_limits WHERE key IN (SELECT key FROM rate_limits
		WHERE full_at <= ? LIMIT ?)`
	deleteNeverConfirmed = `DELETE FROM subscribers WHERE id IN (SELECT id FROM subscribers
		WHERE status = 'pending' AND confirmed_at IS NULL AND consent_at < ? LIMIT ?)`
	deleteConfirmMails = `DELETE FROM confirm_mails WHERE rowid IN (SELECT rowid FROM confirm_mails
		WHERE sent_at < ? LIMIT ?)`
	// Only dates before the subscriber's next date, and none still open
	// (sending or waiting for a retry): the claims read the ledger row of
	// next_date and the open rows, so no other row can matter to them.
	// CROSS JOIN makes SQLite walk subscribers and read each one's old rows
	// by primary-key range, rather than scan the whole ledger per batch.
	deleteDeliveries = `DELETE FROM deliveries WHERE (subscriber_id, local_date) IN (
		SELECT d.subscriber_id, d.local_date FROM subscribers s
		CROSS JOIN deliveries d ON d.subscriber_id = s.id
		WHERE d.local_date < ?1 AND d.local_date < s.next_date
			AND d.state NOT IN ('sending', 'retry') LIMIT ?2)`
	eraseReportEmails = `UPDATE reports SET email = '' WHERE id IN (SELECT id FROM reports
		WHERE email <> '' AND status IN ('accepted', 'declined') AND resolved_at < ? LIMIT ?)`
	deleteHandledMessages = `DELETE FROM messages WHERE id IN (SELECT id FROM messages
		WHERE handled = 1 AND handled_at < ? LIMIT ?)`
	// Expired as FindSession sees it: expires_at no longer after now.
	deleteExpiredSessions = `DELETE FROM sessions WHERE token_hash IN (SELECT token_hash
		FROM sessions WHERE expires_at <= ? LIMIT ?)`
)

func (s *RetentionStore) batchSize() int {
	if s.BatchSize > 0 {
		return s.BatchSize
	}
	return defaultPurgeBatch
}

// batches runs query, one write transaction at a time, until a run touches
// fewer rows than the batch size, and returns the rows touched in all.
func (s *RetentionStore) batches(ctx context.Context, query, cutoff string) (int, error) {
	limit, total := s.batchSize(), 0
	for {
		n, err := s.batch(ctx, query, cutoff, limit)
		total += n
		if err != nil || n < limit {
			return total, err
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}

func (s *RetentionStore) batch(ctx context.Context, query string, args ...any) (int, error) {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit: %w", err)
	}
	return int(n), nil
}
