package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// defaultPurgeBatch is how many rows one purge statement touches at most.
// Each batch is its own transaction, so that a purge of a million rows
// holds no lock for long.
const defaultPurgeBatch = 1000

// RetentionStore deletes or anonymises personal data past the periods of
// a flashback.RetentionPolicy.
type RetentionStore struct {
	db *DB
	// BatchSize bounds the rows one statement, and so one transaction,
	// touches; defaultPurgeBatch when zero.
	BatchSize int
}

var _ flashback.RetentionStore = (*RetentionStore)(nil)

// NewRetentionStore returns a RetentionStore on an open DB.
func NewRetentionStore(db *DB) *RetentionStore {
	return &RetentionStore{db: db}
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
	before := func(d time.Duration) time.Time { return now.Add(-d) }
	pending, unsub, suppressed := before(p.PendingSubscribers), before(p.UnsubscribedSubscribers), before(p.SuppressedSubscribers)
	return []flashback.PurgeStep{
		{Name: "pending subscribers", Count: &st.PendingSubscribers, Run: func(ctx context.Context) (int, error) {
			return s.batches(ctx, deleteNeverConfirmed, pending)
		}},
		// A former subscriber who asked again and never confirmed did
		// consent once: they end as a hash, like any ex-subscriber.
		{Name: "lapsed re-subscriptions", Count: &st.PendingSubscribers, Run: func(ctx context.Context) (int, error) {
			return s.reduceToHash(ctx, `status = 'pending' AND confirmed_at IS NOT NULL AND consent_at < $1`, pending)
		}},
		{Name: "unsubscribed subscribers", Count: &st.UnsubscribedSubscribers, Run: func(ctx context.Context) (int, error) {
			return s.reduceToHash(ctx, `status = 'unsubscribed' AND unsubscribed_at < $1`, unsub)
		}},
		// Nothing changes a suppressed subscriber, so updated_at is when
		// they were suppressed.
		{Name: "suppressed subscribers", Count: &st.SuppressedSubscribers, Run: func(ctx context.Context) (int, error) {
			return s.reduceToHash(ctx, `status = 'suppressed' AND updated_at < $1`, suppressed)
		}},
		{Name: "confirmation records", Count: &st.ConfirmMails, Run: func(ctx context.Context) (int, error) {
			return s.batches(ctx, deleteConfirmMails, before(p.ConfirmMails))
		}},
		{Name: "delivery records", Count: &st.Deliveries, Run: func(ctx context.Context) (int, error) {
			return s.batches(ctx, deleteDeliveries, flashback.CivilDateOf(now.Add(-p.Deliveries), time.UTC).String())
		}},
		{Name: "report e-mail addresses", Count: &st.ReportEmails, Run: func(ctx context.Context) (int, error) {
			return s.batches(ctx, eraseReportEmails, before(p.ReportEmails))
		}},
		{Name: "handled messages", Count: &st.HandledMessages, Run: func(ctx context.Context) (int, error) {
			return s.batches(ctx, deleteHandledMessages, before(p.HandledMessages))
		}},
		{Name: "expired sessions", Count: &st.Sessions, Run: func(ctx context.Context) (int, error) {
			return s.batches(ctx, deleteExpiredSessions, now)
		}},
		// A refilled bucket limits nothing; requests forget a few as they
		// pass, this forgets the rest when requests stop.
		{Name: "refilled rate limits", Count: &st.RateLimits, Run: func(ctx context.Context) (int, error) {
			return s.batches(ctx, deleteRefilledLimits, now)
		}},
	}
}

// The batch statements. Each takes its cut-off and then the batch size;
// the inner SELECT … LIMIT bounds a statement, and SKIP LOCKED leaves rows
// a request is using to a later purge instead of waiting for them.
const (
	deleteRefilledLimits = `DELETE FROM rate_limits WHERE key IN (SELECT key FROM rate_limits
		WHERE full_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`
	deleteNeverConfirmed = `DELETE FROM subscribers WHERE id IN (SELECT id FROM subscribers
		WHERE status = 'pending' AND confirmed_at IS NULL AND consent_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`
	deleteConfirmMails = `DELETE FROM confirm_mails WHERE ctid IN (SELECT ctid FROM confirm_mails
		WHERE sent_at < $1 LIMIT $2)`
	// Only dates before the subscriber's next date, and none still open
	// (sending or waiting for a retry): the claims read the ledger row of
	// next_date and the open rows, so no other row can matter to them.
	deleteDeliveries = `DELETE FROM deliveries WHERE (subscriber_id, local_date) IN (
		SELECT d.subscriber_id, d.local_date FROM deliveries d JOIN subscriber_schedule s ON s.subscriber_id = d.subscriber_id
		WHERE d.local_date < $1::text::date AND d.local_date < s.next_date
			AND d.state NOT IN ('sending', 'retry') LIMIT $2)`
	eraseReportEmails = `UPDATE reports SET email = '' WHERE id IN (SELECT id FROM reports
		WHERE email <> '' AND status IN ('accepted', 'declined') AND resolved_at < $1 LIMIT $2)`
	deleteHandledMessages = `DELETE FROM messages WHERE id IN (SELECT id FROM messages
		WHERE handled AND handled_at < $1 LIMIT $2)`
	// Expired as FindSession sees it: expires_at no longer after now.
	deleteExpiredSessions = `DELETE FROM sessions WHERE token_hash IN (SELECT token_hash
		FROM sessions WHERE expires_at <= $1 LIMIT $2)`
)

func (s *RetentionStore) batchSize() int {
	if s.BatchSize > 0 {
		return s.BatchSize
	}
	return defaultPurgeBatch
}

// batches runs query, one transaction at a time, until a run touches fewer
// rows than the batch size, and returns the rows touched in all.
func (s *RetentionStore) batches(ctx context.Context, query string, cutoff any) (int, error) {
	limit, total := s.batchSize(), 0
	for {
		tag, err := s.db.pool.Exec(ctx, query, cutoff, limit)
		if err != nil {
			return total, err
		}
		n := int(tag.RowsAffected())
		total += n
		if n < limit {
			return total, nil
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}

// reduceToHash deletes the subscribers that where selects (it takes one
// argument, the cut-off), leaving the address's hash as a reader's "delete
// me" does. Each batch is its own short transaction, which rechecks where
// on the locked row: a reader who signed up again meanwhile is left.
func (s *RetentionStore) reduceToHash(ctx context.Context, where string, cutoff time.Time) (int, error) {
	total := 0
	for {
		found, n, err := s.reduceBatch(ctx, where, cutoff)
		total += n
		if err != nil || found < s.batchSize() {
			return total, err
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}

// reduceBatch reduces up to a batch of subscribers in one transaction and
// returns how many where selected and how many it reduced.
//
// It locks as every other writer of a subscriber does, the schedule row
// first (see the schedule's migration): deleting a subscriber whose row it
// had locked first would wait for their schedule row while a reader's
// "delete me" or a change of settings, holding that row, waits for the
// subscriber's. So the batch is chosen unlocked, its schedule rows are
// locked in order (waiting for such writers, while holding nothing they
// want), then the subscribers, and where is tested again on the rows as
// the locks found them.
func (s *RetentionStore) reduceBatch(ctx context.Context, where string, cutoff time.Time) (found, reduced int, err error) {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer rollback(ctx, tx)
	rows, err := tx.Query(ctx, `SELECT id FROM subscribers WHERE `+where+` ORDER BY id LIMIT $2`, cutoff, s.batchSize())
	if err != nil {
		return 0, 0, fmt.Errorf("list subscribers: %w", err)
	}
	candidates, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, 0, fmt.Errorf("list subscribers: %w", err)
	}
	if len(candidates) == 0 {
		return 0, 0, nil
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM subscriber_schedule WHERE subscriber_id = ANY ($1)
		ORDER BY subscriber_id FOR UPDATE`, candidates); err != nil {
		return 0, 0, fmt.Errorf("lock schedules: %w", err)
	}
	rows, err = tx.Query(ctx, `SELECT id, email FROM subscribers WHERE id = ANY ($2) AND (`+where+`)
		ORDER BY id FOR UPDATE`, cutoff, candidates)
	if err != nil {
		return 0, 0, fmt.Errorf("lock subscribers: %w", err)
	}
	var ids []int64
	var emails []string
	for rows.Next() {
		var id int64
		var email string
		if err := rows.Scan(&id, &email); err != nil {
			rows.Close()
			return 0, 0, fmt.Errorf("lock subscribers: %w", err)
		}
		ids, emails = append(ids, id), append(emails, email)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("lock subscribers: %w", err)
	}
	for _, email := range emails {
		if err := addSuppression(ctx, tx, email, flashback.SuppressDeleted); err != nil {
			return 0, 0, err
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM subscribers WHERE id = ANY ($1)`, ids); err != nil {
		return 0, 0, fmt.Errorf("delete subscribers: %w", err)
	}
	return len(candidates), len(ids), commit(ctx, tx)
}
