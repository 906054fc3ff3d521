package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// CompleteDeliveries records send outcomes in one transaction, so a worker
// pool can group-commit its marks; see flashback.DeliveryStore and the
// durability note on DeliveryStore.
func (s *DeliveryStore) CompleteDeliveries(ctx context.Context, outcomes []flashback.Outcome) error {
	if len(outcomes) == 0 {
		return nil
	}
	tx, err := s.db.beginLedger(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	prefs, err := lockSchedules(ctx, tx, outcomes)
	if err != nil {
		return err
	}
	c := &completer{tx: tx, zones: &s.zones}
	sent, rest := flashback.SplitSent(outcomes)
	if err := c.completeSent(ctx, sent, prefs); err != nil {
		return fmt.Errorf("complete %d sent digests: %w", len(sent), err)
	}
	for _, o := range rest {
		if err := c.complete(ctx, o); err != nil {
			return fmt.Errorf("complete digest of subscriber %d for %s: %w", o.SubscriberID, o.LocalDate, err)
		}
	}
	if err := commit(ctx, tx); err != nil {
		return fmt.Errorf("outcomes: %w", err)
	}
	return nil
}

// lockSchedules locks the schedules of the subscribers of outcomes, in one
// order, before any ledger row is touched, and returns what scheduling
// their next digest depends on. Every writer of a subscriber's ledger rows
// holds the subscriber's schedule row first (claims too), so two writers
// never wait on each other in opposite orders.
//
// The preferences are read by a second statement, sent with the first in
// one round trip: it starts once the locks are held, so it sees a change of
// zone that committed while this waited for one of them, which the locking
// statement itself, reading the subscribers row as of its start, would
// not.
func lockSchedules(ctx context.Context, tx *Tx, outcomes []flashback.Outcome) (map[int64]schedulePref, error) {
	ids := make([]int64, len(outcomes))
	for i, o := range outcomes {
		ids[i] = o.SubscriberID
	}
	batch := &pgx.Batch{}
	batch.Queue(`SELECT subscriber_id FROM subscriber_schedule
		WHERE subscriber_id = ANY ($1) ORDER BY subscriber_id FOR UPDATE`, ids)
	batch.Queue(`SELECT s.id, s.time_zone, s.wake_hour, sc.next_date::text
		FROM subscriber_schedule sc JOIN subscribers s ON s.id = sc.subscriber_id
		WHERE sc.subscriber_id = ANY ($1)`, ids)
	results := tx.SendBatch(ctx, batch)
	defer results.Close()
	if _, err := results.Exec(); err != nil {
		return nil, fmt.Errorf("lock schedules: %w", err)
	}
	rows, err := results.Query()
	if err != nil {
		return nil, fmt.Errorf("read schedules: %w", err)
	}
	prefs := map[int64]schedulePref{}
	_, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (struct{}, error) {
		var id int64
		var p schedulePref
		var hour int16
		err := row.Scan(&id, &p.zone, &hour, &p.next)
		p.hour = int(hour)
		prefs[id] = p
		return struct{}{}, err
	})
	if err != nil {
		return nil, fmt.Errorf("read schedules: %w", err)
	}
	if err := results.Close(); err != nil {
		return nil, fmt.Errorf("lock schedules: %w", err)
	}
	return prefs, nil
}

type completer struct {
	tx    *Tx
	zones *flashback.ZoneCache
}

// completeSent marks the ledger rows of sent outcomes sent, whoever's lease
// it was, and schedules the day after in each subscriber's current zone
// (prefs, as read under the lock) unless they moved past that date: one
// statement per step for the group.
func (c *completer) completeSent(ctx context.Context, sent []flashback.Outcome, prefs map[int64]schedulePref) error {
	if len(sent) == 0 {
		return nil
	}
	ids := make([]int64, len(sent))
	dates := make([]string, len(sent))
	msgIDs := make([]string, len(sent))
	for i, o := range sent {
		ids[i], dates[i], msgIDs[i] = o.SubscriberID, o.LocalDate.String(), o.MessageID
	}
	if _, err := c.tx.Exec(ctx, `UPDATE deliveries d SET state = 'sent', message_id = v.msg, reason = '',
		lease_until = NULL, next_attempt_at = NULL, updated_at = $4
		FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v (id, d, msg)
		WHERE d.subscriber_id = v.id AND d.local_date = v.d::date AND d.state <> 'sent'`,
		ids, dates, msgIDs, c.tx.now); err != nil {
		return err
	}
	var next nextRows
	for _, o := range sent {
		p, ok := prefs[o.SubscriberID]
		if !ok || p.next != o.LocalDate.String() {
			continue // deleted, or already past this date
		}
		loc, err := c.zones.Load(p.zone)
		if err != nil {
			return err
		}
		tomorrow, due := flashback.NextWake(o.LocalDate, p.hour, loc)
		next.add(o.SubscriberID, tomorrow, due, o.LocalDate)
	}
	return next.write(ctx, c.tx)
}

// schedulePref is what scheduling a subscriber's next digest depends on.
type schedulePref struct {
	zone, next string
	hour       int
}

// complete records one outcome that need not be sent.
func (c *completer) complete(ctx context.Context, o flashback.Outcome) error {
	date := o.LocalDate.String()
	switch o.State {
	case flashback.DeliverySent:
		// A copy went out: that is true whoever's lease it was.
		if _, err := c.tx.Exec(ctx, `UPDATE deliveries SET state = 'sent', message_id = $1, reason = '',
			lease_until = NULL, next_attempt_at = NULL, updated_at = $2
			WHERE subscriber_id = $3 AND local_date = $4::text::date AND state <> 'sent'`,
			o.MessageID, c.tx.now, o.SubscriberID, date); err != nil {
			return err
		}
		return c.advance(ctx, o.SubscriberID, o.LocalDate)
	case flashback.DeliveryRetry, flashback.DeliveryFailed, flashback.DeliverySkipped:
	default:
		return fmt.Errorf("outcome state %q is not sent, retry, failed or skipped", o.State)
	}
	var retryAt *time.Time
	if o.State == flashback.DeliveryRetry {
		retryAt = &o.RetryAt
	}
	// A retry, failure or skip applies only while the row is still the
	// claim's own attempt: if the lease ran out and another worker took
	// over, or a copy was sent meanwhile, the outcome is stale.
	tag, err := c.tx.Exec(ctx, `UPDATE deliveries SET state = $1, reason = $2, next_attempt_at = $3,
		lease_until = NULL, updated_at = $4
		WHERE subscriber_id = $5 AND local_date = $6::text::date AND state = 'sending' AND attempts = $7`,
		string(o.State), o.Reason, retryAt, c.tx.now, o.SubscriberID, date, o.Attempt)
	if err != nil || tag.RowsAffected() == 0 {
		return err
	}
	switch o.State {
	case flashback.DeliveryRetry:
		var next nextRows
		next.add(o.SubscriberID, o.LocalDate, o.RetryAt, o.LocalDate)
		return next.write(ctx, c.tx)
	case flashback.DeliveryFailed:
		if err := suppress(ctx, c.tx, o.SubscriberID, flashback.SuppressBounce); err != nil {
			return err
		}
	}
	return c.advance(ctx, o.SubscriberID, o.LocalDate)
}

// advance schedules the day after d, in the subscriber's current zone,
// unless the subscriber has already moved past d (or was deleted while the
// digest was on its way).
func (c *completer) advance(ctx context.Context, id int64, d flashback.CivilDate) error {
	var zone string
	var hour int16
	var next string
	err := c.tx.QueryRow(ctx, `SELECT s.time_zone, s.wake_hour, sc.next_date::text
		FROM subscriber_schedule sc JOIN subscribers s ON s.id = sc.subscriber_id
		WHERE sc.subscriber_id = $1`, id).Scan(&zone, &hour, &next)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && next != d.String()) {
		return nil
	}
	if err != nil {
		return err
	}
	loc, err := c.zones.Load(zone)
	if err != nil {
		return err
	}
	tomorrow, due := flashback.NextWake(d, int(hour), loc)
	var nr nextRows
	nr.add(id, tomorrow, due, d)
	return nr.write(ctx, c.tx)
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
