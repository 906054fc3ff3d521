package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"flashback"
)

// DeliveryStore is the digest delivery ledger in a DB.
//
// Claims run in one IMMEDIATE transaction per batch, which serialises
// workers in this process and in others on the same file; a PostgreSQL
// store does the same with SELECT … FOR UPDATE SKIP LOCKED, behind the same
// interface.
type DeliveryStore struct {
	db    *DB
	zones zoneCache
}

var _ flashback.DeliveryStore = (*DeliveryStore)(nil)

// NewDeliveryStore returns a DeliveryStore on an open DB.
func NewDeliveryStore(db *DB) *DeliveryStore {
	return &DeliveryStore{db: db}
}

// ledgerRow is the part of a delivery row that decides what to do next.
type ledgerRow struct {
	found       bool
	state       flashback.DeliveryState
	attempts    int
	leaseUntil  time.Time
	nextAttempt time.Time
}

// ClaimDeliveries claims the digests due now; see flashback.DeliveryStore.
func (s *DeliveryStore) ClaimDeliveries(ctx context.Context, opts flashback.ClaimOptions) (*flashback.ClaimResult, error) {
	if opts.Limit <= 0 || opts.Lease <= 0 || opts.Cutoff <= 0 {
		return nil, errors.New("sqlite: claim needs a positive limit, lease and cut-off")
	}
	// One query checks the batch against the suppression list; keep its
	// parameters well below SQLite's limit.
	opts.Limit = min(opts.Limit, 10_000)
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	due, err := dueSubscribers(ctx, tx, opts.Limit)
	if err != nil {
		return nil, err
	}
	suppressed, err := suppressedAmong(ctx, tx, due)
	if err != nil {
		return nil, err
	}
	c, err := newClaimer(ctx, tx, opts, &s.zones)
	if err != nil {
		return nil, err
	}
	defer c.close()
	res := &flashback.ClaimResult{Examined: len(due)}
	for _, d := range due {
		sub := d.sub
		claim, skipped, err := c.examine(ctx, sub, d.ledger, suppressed[sub.ID])
		if err != nil {
			return nil, fmt.Errorf("claim digest of subscriber %d: %w", sub.ID, err)
		}
		if claim != nil {
			res.Claims = append(res.Claims, claim)
		}
		if skipped {
			res.Skipped++
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit claims: %w", err)
	}
	return res, nil
}

// claimer holds the statements one claim transaction runs per subscriber.
type claimer struct {
	tx            *Tx
	opts          flashback.ClaimOptions
	zones         *zoneCache
	upsert, nextQ *sql.Stmt
}

func newClaimer(ctx context.Context, tx *Tx, opts flashback.ClaimOptions, zones *zoneCache) (*claimer, error) {
	c := &claimer{tx: tx, opts: opts, zones: zones}
	var errs []error
	prep := func(q string) *sql.Stmt {
		st, err := tx.PrepareContext(ctx, q)
		errs = append(errs, err)
		return st
	}
	c.upsert = prep(`INSERT INTO deliveries (subscriber_id, local_date, state, attempts,
		lease_until, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (subscriber_id, local_date) DO UPDATE SET state = excluded.state,
		attempts = MAX(deliveries.attempts, excluded.attempts), lease_until = excluded.lease_until,
		reason = excluded.reason, updated_at = excluded.updated_at`)
	c.nextQ = prep(`UPDATE subscribers SET next_date = ?, next_due_at = ? WHERE id = ?`)
	if err := errors.Join(errs...); err != nil {
		c.close()
		return nil, fmt.Errorf("prepare claim: %w", err)
	}
	return c, nil
}

func (c *claimer) close() {
	for _, st := range []*sql.Stmt{c.upsert, c.nextQ} {
		if st != nil {
			st.Close()
		}
	}
}

// examine decides, for one due subscriber, whether to claim, wait, skip or
// move on to the next date.
func (c *claimer) examine(ctx context.Context, sub *flashback.Subscriber, row ledgerRow, suppressed bool) (*flashback.Claim, bool, error) {
	now, d := c.tx.now, sub.NextDate
	loc, err := c.zones.load(sub.TimeZone)
	if err != nil {
		// A zone the tz database no longer knows: try again in a day
		// rather than spin on it; the ledger says why.
		return nil, true, c.skipAndAdvance(ctx, sub, loc, "unknown time zone "+sub.TimeZone)
	}
	wake := flashback.WakeInstant(d, sub.WakeHour, loc)
	if now.Before(wake) {
		return nil, false, c.setNext(ctx, sub.ID, d, wake)
	}
	switch {
	case row.found && (row.state == flashback.DeliverySent || row.state == flashback.DeliverySkipped || row.state == flashback.DeliveryFailed):
		return nil, false, c.advance(ctx, sub, loc)
	case row.found && row.state == flashback.DeliverySending && row.leaseUntil.After(now):
		return nil, false, c.setNext(ctx, sub.ID, d, row.leaseUntil)
	case row.found && row.state == flashback.DeliveryRetry && row.nextAttempt.After(now):
		return nil, false, c.setNext(ctx, sub.ID, d, row.nextAttempt)
	}
	if end := wake.Add(c.opts.Cutoff); !now.Before(end) {
		reason := fmt.Sprintf("not sent between wake-up at %s and the cut-off at %s",
			wake.Format(time.RFC3339), end.Format(time.RFC3339))
		return nil, true, c.skipAndAdvance(ctx, sub, loc, reason)
	}
	if suppressed {
		return nil, true, c.skipSuppressed(ctx, sub)
	}
	lease := now.Add(c.opts.Lease)
	if err := c.write(ctx, sub.ID, d, flashback.DeliverySending, row.attempts+1, lease, ""); err != nil {
		return nil, false, err
	}
	if err := c.setNext(ctx, sub.ID, d, lease); err != nil {
		return nil, false, err
	}
	return &flashback.Claim{Subscriber: sub, LocalDate: d, Attempt: row.attempts + 1}, false, nil
}

func (c *claimer) write(ctx context.Context, id int64, d flashback.CivilDate, st flashback.DeliveryState, attempts int, lease time.Time, reason string) error {
	var leaseCol any
	if !lease.IsZero() {
		leaseCol = formatTime(lease)
	}
	now := formatTime(c.tx.now)
	_, err := c.upsert.ExecContext(ctx, id, d.String(), string(st), attempts, leaseCol, reason, now, now)
	if err != nil {
		return fmt.Errorf("write ledger: %w", err)
	}
	return nil
}

func (c *claimer) setNext(ctx context.Context, id int64, d flashback.CivilDate, due time.Time) error {
	if _, err := c.nextQ.ExecContext(ctx, d.String(), formatTime(due), id); err != nil {
		return fmt.Errorf("reschedule subscriber: %w", err)
	}
	return nil
}

// advance moves the subscriber on to the day after their next date.
func (c *claimer) advance(ctx context.Context, sub *flashback.Subscriber, loc *time.Location) error {
	next := sub.NextDate.AddDays(1)
	if loc == nil {
		return c.setNext(ctx, sub.ID, next, c.tx.now.Add(24*time.Hour))
	}
	return c.setNext(ctx, sub.ID, next, flashback.WakeInstant(next, sub.WakeHour, loc))
}

func (c *claimer) skipAndAdvance(ctx context.Context, sub *flashback.Subscriber, loc *time.Location, reason string) error {
	if err := c.write(ctx, sub.ID, sub.NextDate, flashback.DeliverySkipped, 0, time.Time{}, reason); err != nil {
		return err
	}
	return c.advance(ctx, sub, loc)
}

func (c *claimer) skipSuppressed(ctx context.Context, sub *flashback.Subscriber) error {
	if err := c.write(ctx, sub.ID, sub.NextDate, flashback.DeliverySkipped, 0, time.Time{}, "address suppressed"); err != nil {
		return err
	}
	_, err := c.tx.ExecContext(ctx, `UPDATE subscribers SET status = 'suppressed',
		status_reason = 'suppression list', updated_at = ? WHERE id = ?`, formatTime(c.tx.now), sub.ID)
	if err != nil {
		return fmt.Errorf("suppress subscriber: %w", err)
	}
	return nil
}
