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
//
// A claim moves its subscriber's schedule on to the next day at once
// (flashback.DecideDue), so a digest sent needs its ledger row written and
// nothing else. A claimed date that stays open (a retry, a lease that
// ended, an owner that died) is found again by its ledger row, on the
// indexes of migration 023, and decided by flashback.DecideOpen.
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
// It looks at the dates claims left open first, since they were due before
// anything still waiting on its schedule, and then at the due schedules,
// opts.Limit digests in all.
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
	c := newClaimer(tx, opts, s.stmts)
	res := &flashback.ClaimResult{}
	if err := s.claimOpen(ctx, c, res); err != nil {
		return nil, err
	}
	// A subscriber the open path suppressed is no longer confirmed, and so
	// no longer among the due: suppress writes at once, not at flush.
	if left := opts.Limit - res.Examined; left > 0 {
		if err := s.claimDue(ctx, c, left, res); err != nil {
			return nil, err
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

// claimOpen decides the open dates that are free now, up to the claim's
// limit.
func (s *DeliveryStore) claimOpen(ctx context.Context, c *claimer, res *flashback.ClaimResult) error {
	open, err := openDigests(ctx, c.tx, s.stmts, c.opts)
	if err != nil {
		return err
	}
	subs := make([]*flashback.Subscriber, len(open))
	for i, o := range open {
		subs[i] = o.sub
	}
	suppressed, err := suppressedAmong(ctx, c.tx, s.stmts, subs)
	if err != nil {
		return err
	}
	res.Examined += len(open)
	for _, o := range open {
		loc, _ := s.zones.Load(o.sub.TimeZone) // nil, for an unknown zone, is for DecideOpen
		dec := flashback.DecideOpen(flashback.OpenDigest{Subscriber: o.sub, Location: loc, Date: o.date,
			Ledger: o.ledger, Suppressed: suppressed[o.sub.ID]}, c.opts, c.tx.now)
		if err := c.applyOpen(ctx, o, dec); err != nil {
			return fmt.Errorf("claim open digest of subscriber %d for %s: %w", o.sub.ID, o.date, err)
		}
		tally(res, dec)
	}
	return nil
}

// claimDue decides the next dates of up to limit due subscribers.
func (s *DeliveryStore) claimDue(ctx context.Context, c *claimer, limit int, res *flashback.ClaimResult) error {
	due, err := dueSubscribers(ctx, c.tx, s.stmts, limit)
	if err != nil {
		return err
	}
	subs := make([]*flashback.Subscriber, len(due))
	for i, d := range due {
		subs[i] = d.sub
	}
	suppressed, err := suppressedAmong(ctx, c.tx, s.stmts, subs)
	if err != nil {
		return err
	}
	res.Examined += len(due)
	for _, d := range due {
		sub := d.sub
		loc, _ := s.zones.Load(sub.TimeZone) // nil, for an unknown zone, is for DecideDue
		dec := flashback.DecideDue(flashback.DueDigest{Subscriber: sub, Location: loc, Ledger: d.ledger,
			Suppressed: suppressed[sub.ID]}, c.opts, c.tx.now)
		if err := c.applyDue(ctx, sub, dec); err != nil {
			return fmt.Errorf("claim digest of subscriber %d: %w", sub.ID, err)
		}
		tally(res, dec)
	}
	return nil
}

// tally counts one decision in res.
func tally(res *flashback.ClaimResult, dec flashback.DueDecision) {
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

// claimer gathers the ledger rows and reschedules of one claim
// transaction and writes them in a few multi-row statements at the end.
// The due path inserts rows (its dates have none yet) and moves schedules;
// the open path updates the rows it read. What most rows of a batch share
// (the lease, owner and time of the claims, the next date and due time the
// claims move to) is bound once per statement (claims, moves, reclaims,
// closes); the rest goes in general batches (ledger, nxt).
type claimer struct {
	tx    *Tx
	opts  flashback.ClaimOptions
	stmts *stmtCache
	// now, ownerID and ownerStarted as the claims' rows hold them.
	now, ownerID, ownerStarted any

	ledger, claims, nxt, moves *rowBatch // the due path's
	reclaims, closes           *rowBatch // the open path's
}

func newClaimer(tx *Tx, opts flashback.ClaimOptions, stmts *stmtCache) *claimer {
	c := &claimer{tx: tx, opts: opts, stmts: stmts, now: formatTime(tx.now),
		ledger: newLedgerBatch(), claims: newClaimBatch(), nxt: newNextBatch(), moves: newMoveBatch(),
		reclaims: newReclaimBatch(), closes: newCloseBatch()}
	if o := opts.Owner; !o.IsZero() {
		c.ownerID, c.ownerStarted = o.ID, formatTime(o.StartedAt)
	}
	c.reclaims.shared = []any{c.ownerID, c.ownerStarted, c.now}
	c.closes.shared = []any{c.now}
	return c
}

// flush writes what applyDue and applyOpen gathered.
func (c *claimer) flush(ctx context.Context) error {
	if err := execBatches(ctx, c.tx, c.stmts, c.ledger, c.claims, c.reclaims, c.closes, c.nxt, c.moves); err != nil {
		return fmt.Errorf("write claims: %w", err)
	}
	return nil
}

// applyDue writes what flashback.DecideDue decided for one due subscriber:
// a new row for a claim or a skip of their next date, and the move of
// their schedule. The rows and moves wait in the claimer until flush.
func (c *claimer) applyDue(ctx context.Context, sub *flashback.Subscriber, dec flashback.DueDecision) error {
	if cl := dec.Claim; cl != nil {
		c.claim(sub.ID, cl.LocalDate, cl.Attempt, cl.LeaseUntil)
	}
	if dec.Skip != "" {
		c.skip(sub.ID, sub.NextDate, dec.Skip)
	}
	if dec.Reschedule {
		c.reschedule(sub, dec.NextDate, dec.NextDue)
	}
	if dec.Suppress {
		return c.suppress(ctx, sub)
	}
	return nil
}

// applyOpen writes what flashback.DecideOpen decided for one open row: an
// update of that row to a claim or a skip. It never reschedules.
func (c *claimer) applyOpen(ctx context.Context, o openRow, dec flashback.DueDecision) error {
	if cl := dec.Claim; cl != nil {
		c.reclaims.add(o.sub.ID, cl.LocalDate.String(), cl.Attempt, formatTime(cl.LeaseUntil))
	}
	if dec.Skip != "" {
		c.closes.add(o.sub.ID, o.date.String(), dec.Skip)
	}
	if dec.Suppress {
		return c.suppress(ctx, o.sub)
	}
	return nil
}

// claim inserts the row of a claim, with its owner when it has one: in
// the claims batch when its lease is the batch's (the first claim's),
// else on its own.
func (c *claimer) claim(id int64, d flashback.CivilDate, attempts int, lease time.Time) {
	until := formatTime(lease)
	if c.claims.shared == nil {
		c.claims.shared = []any{until, c.ownerID, c.ownerStarted, c.now}
	}
	if c.claims.shared[0] == until {
		c.claims.add(id, d.String(), attempts)
		return
	}
	c.ledger.add(id, d.String(), string(flashback.DeliverySending), attempts, until,
		c.ownerID, c.ownerStarted, "", c.now, c.now)
}

// skip inserts the row of a digest that will not be sent, and why.
func (c *claimer) skip(id int64, d flashback.CivilDate, reason string) {
	c.ledger.add(id, d.String(), string(flashback.DeliverySkipped), 0, nil, nil, nil, reason, c.now, c.now)
}

// reschedule moves a subscriber's next digest to d, due at due: in the
// moves batch when both are the batch's (the first reschedule's), as they
// are for every subscriber of a zone and hour claimed together, else on
// its own.
func (c *claimer) reschedule(sub *flashback.Subscriber, d flashback.CivilDate, due time.Time) {
	date, at := d.String(), formatTime(due)
	if c.moves.shared == nil {
		c.moves.shared = []any{date, at}
	}
	if c.moves.shared[0] == date && c.moves.shared[1] == at {
		c.moves.add(sub.ID)
		return
	}
	var cur any
	if sub.NextDate != (flashback.CivilDate{}) {
		cur = sub.NextDate.String()
	}
	c.nxt.add(sub.ID, date, at, cur)
}

// suppress stops the digests of a subscriber whose address is on the
// suppression list.
func (c *claimer) suppress(ctx context.Context, sub *flashback.Subscriber) error {
	_, err := c.tx.ExecContext(ctx, `UPDATE subscribers SET status = 'suppressed',
		status_reason = 'suppression list', updated_at = ? WHERE id = ?`, c.now, sub.ID)
	if err != nil {
		return fmt.Errorf("suppress subscriber: %w", err)
	}
	return nil
}
