package sqlite

import (
	"context"
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
	stmts *stmtCache
	// sendable is Sendable's statement, prepared on first use.
	sendable readStmt
}

var _ flashback.DeliveryStore = (*DeliveryStore)(nil)

// NewDeliveryStore returns a DeliveryStore on an open DB.
func NewDeliveryStore(db *DB) *DeliveryStore {
	return &DeliveryStore{db: db, stmts: &stmtCache{db: db}}
}

// ledgerRow is the part of a delivery row that decides what to do next.
type ledgerRow struct {
	found       bool
	state       flashback.DeliveryState
	attempts    int
	leaseUntil  time.Time
	nextAttempt time.Time
	owner       *flashback.LeaseOwner // nil when the row names none
}

// leased reports a claim whose lease still runs at now.
func (r ledgerRow) leased(now time.Time) bool {
	return r.found && r.state == flashback.DeliverySending && r.leaseUntil.After(now)
}

// freeAt is when self may take the row's claim over; see ClaimFreeAt.
func (r ledgerRow) freeAt(self flashback.Instance) time.Time {
	return flashback.ClaimFreeAt(r.leaseUntil, r.owner, self)
}

// recheckAt is when a claim made at now is next examined: when its lease
// ends or, for a claim with an owner, when the owner could be dead, so that
// a dead owner's claim is taken over in time.
func recheckAt(now, lease time.Time, owner flashback.Instance) time.Time {
	if owner.IsZero() {
		return lease
	}
	if dead := now.Add(flashback.OwnerDeadAfter); dead.Before(lease) {
		return dead
	}
	return lease
}

// ClaimDeliveries claims the digests due now; see flashback.DeliveryStore.
func (s *DeliveryStore) ClaimDeliveries(ctx context.Context, opts flashback.ClaimOptions) (*flashback.ClaimResult, error) {
	if opts.Limit <= 0 || opts.Lease <= 0 || opts.Cutoff <= 0 {
		return nil, errors.New("sqlite: claim needs a positive limit, lease and cut-off")
	}
	// A claim holds the only writer for its whole batch: keep it short.
	opts.Limit = min(opts.Limit, 10_000)
	if err := s.stmts.ready(ctx); err != nil {
		return nil, err
	}
	tx, commit, err := s.db.beginOwing(ctx, opts.Limit, SyncEvery)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	due, err := dueSubscribers(ctx, tx, opts.Limit)
	if err != nil {
		return nil, err
	}
	suppressed, err := suppressedAmong(ctx, tx, s.stmts, due)
	if err != nil {
		return nil, err
	}
	c := newClaimer(tx, opts, &s.zones, s.stmts)
	res := &flashback.ClaimResult{Examined: len(due)}
	for _, d := range due {
		sub := d.sub
		claim, skipped, err := c.examine(ctx, sub, d.ledger, suppressed[sub.ID])
		if err != nil {
			return nil, fmt.Errorf("claim digest of subscriber %d: %w", sub.ID, err)
		}
		if claim != nil {
			res.Claims = append(res.Claims, claim)
			if d.ledger.leased(tx.now) { // and so its owner was dead
				res.TakenOver++
			}
		}
		if skipped {
			res.Skipped++
		}
	}
	if err := c.flush(ctx); err != nil {
		return nil, err
	}
	if err := commit(); err != nil {
		return nil, fmt.Errorf("commit claims: %w", err)
	}
	return res, nil
}

// claimer gathers the ledger rows and reschedules of one claim
// transaction and writes them in a few multi-row statements at the end.
type claimer struct {
	tx          *Tx
	opts        flashback.ClaimOptions
	zones       *zoneCache
	stmts       *stmtCache
	ledger, nxt *rowBatch
}

func newClaimer(tx *Tx, opts flashback.ClaimOptions, zones *zoneCache, stmts *stmtCache) *claimer {
	return &claimer{tx: tx, opts: opts, zones: zones, stmts: stmts, ledger: newLedgerBatch(), nxt: newNextBatch()}
}

// flush writes what examine decided.
func (c *claimer) flush(ctx context.Context) error {
	if err := execBatches(ctx, c.tx, c.stmts, c.ledger, c.nxt); err != nil {
		return fmt.Errorf("write claims: %w", err)
	}
	return nil
}

// examine decides, for one due subscriber, whether to claim, wait, skip or
// move on to the next date. Its writes wait in the claimer until flush.
func (c *claimer) examine(ctx context.Context, sub *flashback.Subscriber, row ledgerRow, suppressed bool) (*flashback.Claim, bool, error) {
	now, d := c.tx.now, sub.NextDate
	loc, err := c.zones.load(sub.TimeZone)
	if err != nil {
		// A zone the tz database no longer knows: try again in a day
		// rather than spin on it; the ledger says why.
		c.skipAndAdvance(sub, nil, "unknown time zone "+sub.TimeZone)
		return nil, true, nil
	}
	wake := flashback.WakeInstant(d, sub.WakeHour, loc)
	switch {
	case now.Before(wake):
		c.setNext(sub, d, wake)
		return nil, false, nil
	case row.found && (row.state == flashback.DeliverySent || row.state == flashback.DeliverySkipped || row.state == flashback.DeliveryFailed):
		c.advance(sub, loc)
		return nil, false, nil
	case row.leased(now) && row.freeAt(c.opts.Owner).After(now):
		c.setNext(sub, d, row.freeAt(c.opts.Owner))
		return nil, false, nil
	case row.found && row.state == flashback.DeliveryRetry && row.nextAttempt.After(now):
		c.setNext(sub, d, row.nextAttempt)
		return nil, false, nil
	}
	if end := wake.Add(c.opts.Cutoff); !now.Before(end) {
		reason := fmt.Sprintf("not sent between wake-up at %s and the cut-off at %s",
			wake.Format(time.RFC3339), end.Format(time.RFC3339))
		c.skipAndAdvance(sub, loc, reason)
		return nil, true, nil
	}
	if suppressed {
		return nil, true, c.skipSuppressed(ctx, sub)
	}
	lease := now.Add(c.opts.Lease)
	c.claim(sub.ID, d, row.attempts+1, lease)
	c.setNext(sub, d, recheckAt(now, lease, c.opts.Owner))
	return &flashback.Claim{Subscriber: sub, LocalDate: d, Attempt: row.attempts + 1, LeaseUntil: lease}, false, nil
}

// claim writes the row of a claim, with its owner when it has one.
func (c *claimer) claim(id int64, d flashback.CivilDate, attempts int, lease time.Time) {
	var ownerID, ownerStarted any
	if o := c.opts.Owner; !o.IsZero() {
		ownerID, ownerStarted = o.ID, formatTime(o.StartedAt)
	}
	now := formatTime(c.tx.now)
	c.ledger.add(id, d.String(), string(flashback.DeliverySending), attempts, formatTime(lease),
		ownerID, ownerStarted, "", now, now)
}

// skip writes the row of a digest that will not be sent, and why.
func (c *claimer) skip(id int64, d flashback.CivilDate, reason string) {
	now := formatTime(c.tx.now)
	c.ledger.add(id, d.String(), string(flashback.DeliverySkipped), 0, nil, nil, nil, reason, now, now)
}

// setNext reschedules a subscriber. The guard on the next date always
// holds here: this transaction read it, and nobody else writes meanwhile.
func (c *claimer) setNext(sub *flashback.Subscriber, d flashback.CivilDate, due time.Time) {
	var cur any
	if sub.NextDate != (flashback.CivilDate{}) {
		cur = sub.NextDate.String()
	}
	c.nxt.add(sub.ID, d.String(), formatTime(due), cur)
}

// advance moves the subscriber on to the day after their next date.
func (c *claimer) advance(sub *flashback.Subscriber, loc *time.Location) {
	next := sub.NextDate.AddDays(1)
	if loc == nil {
		c.setNext(sub, next, c.tx.now.Add(24*time.Hour))
		return
	}
	c.setNext(sub, next, flashback.WakeInstant(next, sub.WakeHour, loc))
}

func (c *claimer) skipAndAdvance(sub *flashback.Subscriber, loc *time.Location, reason string) {
	c.skip(sub.ID, sub.NextDate, reason)
	c.advance(sub, loc)
}

func (c *claimer) skipSuppressed(ctx context.Context, sub *flashback.Subscriber) error {
	c.skip(sub.ID, sub.NextDate, "address suppressed")
	_, err := c.tx.ExecContext(ctx, `UPDATE subscribers SET status = 'suppressed',
		status_reason = 'suppression list', updated_at = ? WHERE id = ?`, formatTime(c.tx.now), sub.ID)
	if err != nil {
		return fmt.Errorf("suppress subscriber: %w", err)
	}
	return nil
}
