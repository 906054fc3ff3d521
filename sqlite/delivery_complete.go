package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"flashback"
)

// SyncEvery is how many ledger rows (claims and outcomes) at most the
// DeliveryStore leaves for a later disk sync: its commits reach the
// operating system at once (a crash of the process cannot undo them) and
// the disk with the first synced commit after them, which comes at least
// every SyncEvery rows and with every heartbeat. A power loss or an OS
// crash can thus resend up to SyncEvery digests more than a process crash,
// with the same Message-ID; it loses none: a claim undone takes its
// schedule back with it and is claimed again, and a 'sent' mark undone
// leaves the claim open, claimed again once its lease ends.
const SyncEvery = 1000

// CompleteDeliveries records send outcomes in one transaction, so a worker
// pool can group-commit its marks; see flashback.DeliveryStore and
// SyncEvery. An outcome writes its ledger row alone: the claim moved the
// subscriber's schedule on already, and a retry is found again by its row
// (openDigests).
func (s *DeliveryStore) CompleteDeliveries(ctx context.Context, outcomes []flashback.Outcome) error {
	if len(outcomes) == 0 {
		return nil
	}
	if err := s.stmts.ready(ctx); err != nil {
		return err
	}
	tx, commit, err := s.db.beginOwing(ctx, len(outcomes), SyncEvery)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	c := &completer{tx: tx, stmts: s.stmts}
	defer c.close()
	if err := c.completeAll(ctx, outcomes); err != nil {
		return err
	}
	if err := commit(); err != nil {
		return fmt.Errorf("commit outcomes: %w", err)
	}
	return nil
}

// completer holds the statements one CompleteDeliveries runs per outcome.
type completer struct {
	tx          *Tx
	stmts       *stmtCache
	sent, fence *sql.Stmt
}

// completeAll records the sent outcomes with one statement for them all,
// and the rest one by one with statements prepared only when there are any
// (most groups are all sent, and preparing costs as much as the writes).
func (c *completer) completeAll(ctx context.Context, outcomes []flashback.Outcome) error {
	sent, rest := flashback.SplitSent(outcomes)
	if err := c.completeSent(ctx, sent); err != nil {
		return fmt.Errorf("complete %d sent digests: %w", len(sent), err)
	}
	if len(rest) == 0 {
		return nil
	}
	if err := c.prepare(ctx); err != nil {
		return err
	}
	for _, o := range rest {
		if err := c.complete(ctx, o); err != nil {
			return fmt.Errorf("complete digest of subscriber %d for %s: %w", o.SubscriberID, o.LocalDate, err)
		}
	}
	return nil
}

// prepare readies the statements complete runs per outcome.
func (c *completer) prepare(ctx context.Context) error {
	tx := c.tx
	var errs []error
	prep := func(q string) *sql.Stmt {
		st, err := tx.PrepareContext(ctx, q)
		errs = append(errs, err)
		return st
	}
	c.sent = prep(`UPDATE deliveries SET state = 'sent', message_id = ?, reason = '',
		lease_until = NULL, next_attempt_at = NULL, updated_at = ?
		WHERE subscriber_id = ? AND local_date = ? AND state <> 'sent'`)
	// A retry, failure or skip applies only while the row is still the
	// claim's own attempt: if the lease ran out and another worker took
	// over, or a copy was sent meanwhile, the outcome is stale.
	c.fence = prep(`UPDATE deliveries SET state = ?, reason = ?, next_attempt_at = ?,
		lease_until = NULL, updated_at = ?
		WHERE subscriber_id = ? AND local_date = ? AND state = 'sending' AND attempts = ?`)
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("prepare outcomes: %w", err)
	}
	return nil
}

func (c *completer) close() {
	for _, st := range []*sql.Stmt{c.sent, c.fence} {
		if st != nil {
			st.Close()
		}
	}
}

// complete records one outcome. A retry waits in its row for its time; a
// failure also suppresses the address.
func (c *completer) complete(ctx context.Context, o flashback.Outcome) error {
	now, date := formatTime(c.tx.now), o.LocalDate.String()
	switch o.State {
	case flashback.DeliverySent:
		// A copy went out: that is true whoever's lease it was.
		_, err := c.sent.ExecContext(ctx, o.MessageID, now, o.SubscriberID, date)
		return err
	case flashback.DeliveryRetry, flashback.DeliveryFailed, flashback.DeliverySkipped:
	default:
		return fmt.Errorf("outcome state %q is not sent, retry, failed or skipped", o.State)
	}
	var retryAt any
	if o.State == flashback.DeliveryRetry {
		retryAt = formatTime(o.RetryAt)
	}
	res, err := c.fence.ExecContext(ctx, string(o.State), o.Reason, retryAt, now, o.SubscriberID, date, o.Attempt)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 || o.State != flashback.DeliveryFailed {
		return err
	}
	return suppress(ctx, c.tx, o.SubscriberID, flashback.SuppressBounce)
}

// FindDeliveries returns a subscriber's ledger rows, newest date first.
func (s *DeliveryStore) FindDeliveries(ctx context.Context, subscriberID int64) ([]*flashback.Delivery, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT local_date, state, attempts, lease_until,
		next_attempt_at, message_id, reason, created_at, updated_at FROM deliveries
		WHERE subscriber_id = ? ORDER BY local_date DESC`, subscriberID)
	if err != nil {
		return nil, fmt.Errorf("find deliveries: %w", err)
	}
	defer rows.Close()
	var out []*flashback.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		d.SubscriberID = subscriberID
		out = append(out, d)
	}
	return out, rows.Err()
}

func scanDelivery(r rowScanner) (*flashback.Delivery, error) {
	var d flashback.Delivery
	var date, state, created, updated string
	var lease, next sql.NullString
	if err := r.Scan(&date, &state, &d.Attempts, &lease, &next, &d.MessageID, &d.Reason, &created, &updated); err != nil {
		return nil, fmt.Errorf("scan delivery: %w", err)
	}
	d.State = flashback.DeliveryState(state)
	var errs []error
	var err error
	d.LocalDate, err = flashback.ParseCivilDate(date)
	errs = append(errs, err)
	d.LeaseUntil, err = parseNullTime(lease)
	errs = append(errs, err)
	d.NextAttemptAt, err = parseNullTime(next)
	errs = append(errs, err)
	d.CreatedAt, err = parseTime(created)
	errs = append(errs, err)
	d.UpdatedAt, err = parseTime(updated)
	errs = append(errs, err)
	return &d, errors.Join(errs...)
}
