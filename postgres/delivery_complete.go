package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// CompleteDeliveries records send outcomes in one transaction, so a worker
// pool can group-commit its marks; see flashback.DeliveryStore and the
// durability note on DeliveryStore. The claim moved each subscriber's
// schedule on already: an outcome changes its ledger row, and a hard
// bounce the subscriber.
func (s *DeliveryStore) CompleteDeliveries(ctx context.Context, outcomes []flashback.Outcome) error {
	if len(outcomes) == 0 {
		return nil
	}
	tx, err := s.db.beginLedger(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	sent, rest := flashback.SplitSent(outcomes)
	if err := markSent(ctx, tx, sent); err != nil {
		return fmt.Errorf("complete %d sent digests: %w", len(sent), err)
	}
	if err := lockSchedules(ctx, tx, rest); err != nil {
		return err
	}
	for _, o := range rest {
		if err := complete(ctx, tx, o); err != nil {
			return fmt.Errorf("complete digest of subscriber %d for %s: %w", o.SubscriberID, o.LocalDate, err)
		}
	}
	if err := commit(ctx, tx); err != nil {
		return fmt.Errorf("outcomes: %w", err)
	}
	return nil
}

// markSent marks the ledger rows of sent outcomes sent; see
// markSentStatement.
func markSent(ctx context.Context, tx *Tx, sent []flashback.Outcome) error {
	if len(sent) == 0 {
		return nil
	}
	sql, args := markSentStatement(sent, tx.now)
	_, err := tx.Exec(ctx, sql, args...)
	return err
}

// queueMarkSent queues markSent's statement, if there are sent outcomes.
func queueMarkSent(batch *pgx.Batch, sent []flashback.Outcome, now time.Time) {
	if len(sent) > 0 {
		sql, args := markSentStatement(sent, now)
		batch.Queue(sql, args...)
	}
}

// markSentStatement marks the ledger rows of sent outcomes sent, whoever's
// lease it was (a copy went out: that is true whatever happened since), in
// one statement. It changes nothing but those rows, so it needs no
// schedule lock: a claim that read one of them open rewrites it only if it
// is still as read (reopenedRows).
func markSentStatement(sent []flashback.Outcome, now time.Time) (string, []any) {
	ids := make([]int64, len(sent))
	dates := make([]string, len(sent))
	msgIDs := make([]string, len(sent))
	for i, o := range sent {
		ids[i], dates[i], msgIDs[i] = o.SubscriberID, o.LocalDate.String(), o.MessageID
	}
	return `UPDATE deliveries d SET state = 'sent', message_id = v.msg, reason = '',
		lease_until = NULL, next_attempt_at = NULL, updated_at = $4
		FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v (id, d, msg)
		WHERE d.subscriber_id = v.id AND d.local_date = v.d::date AND d.state <> 'sent'`,
		[]any{ids, dates, msgIDs, now}
}

// lockSchedules locks the schedules of the subscribers of outcomes, in one
// order, before any ledger row is touched: every writer of a subscriber's
// ledger rows that may wait for another holds the subscriber's schedule
// row first (claims too), so two writers never wait on each other in
// opposite orders.
func lockSchedules(ctx context.Context, tx *Tx, outcomes []flashback.Outcome) error {
	if len(outcomes) == 0 {
		return nil
	}
	ids := make([]int64, len(outcomes))
	for i, o := range outcomes {
		ids[i] = o.SubscriberID
	}
	if _, err := tx.Exec(ctx, `SELECT subscriber_id FROM subscriber_schedule
		WHERE subscriber_id = ANY ($1) ORDER BY subscriber_id FOR UPDATE`, ids); err != nil {
		return fmt.Errorf("lock schedules: %w", err)
	}
	return nil
}

// complete records one outcome that was not sent: a retry, a hard bounce
// or a skip. It applies only while the row is still the claim's own
// attempt: if the lease ran out and another worker took over, or a copy
// was sent meanwhile, the outcome is stale. A retry's row is found again
// at its time by the next claim (openDigests).
func complete(ctx context.Context, tx *Tx, o flashback.Outcome) error {
	switch o.State {
	case flashback.DeliverySent:
		return markSent(ctx, tx, []flashback.Outcome{o})
	case flashback.DeliveryRetry, flashback.DeliveryFailed, flashback.DeliverySkipped:
	default:
		return fmt.Errorf("outcome state %q is not sent, retry, failed or skipped", o.State)
	}
	var retryAt *time.Time
	if o.State == flashback.DeliveryRetry {
		retryAt = &o.RetryAt
	}
	tag, err := tx.Exec(ctx, `UPDATE deliveries SET state = $1, reason = $2, next_attempt_at = $3,
		lease_until = NULL, updated_at = $4
		WHERE subscriber_id = $5 AND local_date = $6::text::date AND state = 'sending' AND attempts = $7`,
		string(o.State), o.Reason, retryAt, tx.now, o.SubscriberID, o.LocalDate.String(), o.Attempt)
	if err != nil || tag.RowsAffected() == 0 || o.State != flashback.DeliveryFailed {
		return err
	}
	return suppress(ctx, tx, o.SubscriberID, flashback.SuppressBounce)
}

// FindDeliveries returns a subscriber's ledger rows, newest date first.
func (s *DeliveryStore) FindDeliveries(ctx context.Context, subscriberID int64) ([]*flashback.Delivery, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT local_date::text, state, attempts, lease_until,
		next_attempt_at, message_id, reason, created_at, updated_at FROM deliveries
		WHERE subscriber_id = $1 ORDER BY local_date DESC`, subscriberID)
	if err != nil {
		return nil, fmt.Errorf("find deliveries: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*flashback.Delivery, error) {
		var d flashback.Delivery
		var date, state string
		var attempts int32
		var lease, next *time.Time
		if err := row.Scan(&date, &state, &attempts, &lease, &next, &d.MessageID, &d.Reason,
			&d.CreatedAt, &d.UpdatedAt); err != nil {
			return nil, err
		}
		d.SubscriberID, d.State, d.Attempts = subscriberID, flashback.DeliveryState(state), int(attempts)
		d.LeaseUntil, d.NextAttemptAt = utc(lease), utc(next)
		d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
		var err error
		d.LocalDate, err = flashback.ParseCivilDate(date)
		return &d, err
	})
	if err != nil {
		return nil, fmt.Errorf("find deliveries: %w", err)
	}
	return out, nil
}
