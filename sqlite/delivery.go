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
	zones flashback.ZoneCache
	stmts *stmtCache
	// sendable is Sendable's statement, prepared on first use.
	sendable readStmt
}

var _ flashback.DeliveryStore = (*DeliveryStore)(nil)

// NewDeliveryStore returns a DeliveryStore on an open DB.
func NewDeliveryStore(db *DB) *DeliveryStore {
	return &DeliveryStore{db: db, stmts: &stmtCache{db: db}}
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
	c := newClaimer(tx, opts, s.stmts)
	res := &flashback.ClaimResult{Examined: len(due)}
	for _, d := range due {
		sub := d.sub
		loc, _ := s.zones.Load(sub.TimeZone) // nil, for an unknown zone, is for DecideDue
		dec := flashback.DecideDue(flashback.DueDigest{Subscriber: sub, Location: loc, Ledger: d.ledger,
			Suppressed: suppressed[sub.ID]}, opts, tx.now)
		if err := c.apply(ctx, sub, dec); err != nil {
			return nil, fmt.Errorf("claim digest of subscriber %d: %w", sub.ID, err)
		}
		if dec.Claim != nil {
			res.Claims = append(res.Claims, dec.Claim)
		}
		if dec.TakenOver {
			res.TakenOver++
		}
		if dec.Skip != "" {
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
// The claims, which share their lease, owner and recheck time, go in
// batches that bind those once (claims, dues); the rest in general ones.
type claimer struct {
	tx                        *Tx
	opts                      flashback.ClaimOptions
	stmts                     *stmtCache
	ledger, nxt, claims, dues *rowBatch
}

func newClaimer(tx *Tx, opts flashback.ClaimOptions, stmts *stmtCache) *claimer {
	return &claimer{tx: tx, opts: opts, stmts: stmts, ledger: newLedgerBatch(), nxt: newNextBatch(),
		claims: newClaimBatch(), dues: newDueBatch()}
}

// flush writes what apply gathered.
func (c *claimer) flush(ctx context.Context) error {
	if err := execBatches(ctx, c.tx, c.stmts, c.ledger, c.claims, c.nxt, c.dues); err != nil {
		return fmt.Errorf("write claims: %w", err)
	}
	return nil
}

// apply writes what flashback.DecideDue decided for one due subscriber.
// Its ledger rows and reschedules wait in the claimer until flush.
func (c *claimer) apply(ctx context.Context, sub *flashback.Subscriber, dec flashback.DueDecision) error {
	if cl := dec.Claim; cl != nil {
		c.claim(sub.ID, cl.LocalDate, cl.Attempt, cl.LeaseUntil)
	}
	if dec.Skip != "" {
		c.skip(sub.ID, sub.NextDate, dec.Skip)
	}
	switch {
	case dec.Reschedule && dec.Claim != nil && dec.NextDate == sub.NextDate:
		c.recheck(sub, dec.NextDue)
	case dec.Reschedule:
		c.setNext(sub, dec.NextDate, dec.NextDue)
	}
	if dec.Suppress {
		return c.suppress(ctx, sub)
	}
	return nil
}

// claim writes the row of a claim, with its owner when it has one: in
// the claims batch when its lease is the batch's (the first claim's),
// else on its own.
func (c *claimer) claim(id int64, d flashback.CivilDate, attempts int, lease time.Time) {
	var ownerID, ownerStarted any
	if o := c.opts.Owner; !o.IsZero() {
		ownerID, ownerStarted = o.ID, formatTime(o.StartedAt)
	}
	now, until := formatTime(c.tx.now), formatTime(lease)
	if c.claims.shared == nil {
		c.claims.shared = []any{until, ownerID, ownerStarted, now}
	}
	if c.claims.shared[0] == until {
		c.claims.add(id, d.String(), attempts)
		return
	}
	c.ledger.add(id, d.String(), string(flashback.DeliverySending), attempts, until,
		ownerID, ownerStarted, "", now, now)
}

// recheck reschedules a claimed subscriber, whose date stays, to be looked
// at again at due: in the dues batch when due is the batch's (the first
// claim's), else on its own.
func (c *claimer) recheck(sub *flashback.Subscriber, due time.Time) {
	at := formatTime(due)
	if c.dues.shared == nil {
		c.dues.shared = []any{at}
	}
	if c.dues.shared[0] != at {
		c.setNext(sub, sub.NextDate, due)
		return
	}
	c.dues.add(sub.ID)
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

// suppress stops the digests of a subscriber whose address is on the
// suppression list.
func (c *claimer) suppress(ctx context.Context, sub *flashback.Subscriber) error {
	_, err := c.tx.ExecContext(ctx, `UPDATE subscribers SET status = 'suppressed',
		status_reason = 'suppression list', updated_at = ? WHERE id = ?`, formatTime(c.tx.now), sub.ID)
	if err != nil {
		return fmt.Errorf("suppress subscriber: %w", err)
	}
	return nil
}
