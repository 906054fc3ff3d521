package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"flashback"
)

// DeliveryStore is the digest delivery ledger in a DB.
//
// Several instances claim at once: each claim locks the schedules of the
// due subscribers it reads with FOR UPDATE SKIP LOCKED, so two claims
// never take the same subscriber (nor its (subscriber, date) row), and
// neither waits for the other; a claim then moves the subscriber's
// next_due_at to its lease's end, so the next claim, here or elsewhere,
// passes it by.
//
// Claims and outcomes commit without waiting for the server's disk
// (synchronous_commit off): they survive a crash of this process, and a
// crash of the PostgreSQL server can undo at most its last few hundred
// milliseconds of them (three times wal_writer_delay) — a digest undone is
// claimed and sent again with the same Message-ID, never lost. Heartbeat
// commits synchronously, which makes everything before it durable.
type DeliveryStore struct {
	db    *DB
	zones flashback.ZoneCache
}

var _ flashback.DeliveryStore = (*DeliveryStore)(nil)

// NewDeliveryStore returns a DeliveryStore on an open DB.
func NewDeliveryStore(db *DB) *DeliveryStore {
	return &DeliveryStore{db: db}
}

// maxClaim bounds one claim's batch, so that its locks are held briefly.
const maxClaim = 10_000

// ClaimDeliveries claims the digests due now; see flashback.DeliveryStore.
func (s *DeliveryStore) ClaimDeliveries(ctx context.Context, opts flashback.ClaimOptions) (*flashback.ClaimResult, error) {
	if opts.Limit <= 0 || opts.Lease <= 0 || opts.Cutoff <= 0 {
		return nil, errors.New("postgres: claim needs a positive limit, lease and cut-off")
	}
	opts.Limit = min(opts.Limit, maxClaim)
	mark := s.db.watch.before(ctx, s.db)
	tx, err := s.db.beginLedger(ctx)
	if err != nil {
		return nil, err
	}
	defer rollback(ctx, tx)
	due, err := dueSubscribers(ctx, tx, opts.Limit)
	if err != nil {
		return nil, err
	}
	suppressed, err := suppressedAmong(ctx, tx, due)
	if err != nil {
		return nil, err
	}
	c := &claimer{tx: tx, opts: opts}
	res := &flashback.ClaimResult{Examined: len(due)}
	for _, d := range due {
		sub := d.sub
		loc, _ := s.zones.Load(sub.TimeZone) // nil, for an unknown zone, is for DecideDue
		dec := flashback.DecideDue(flashback.DueDigest{Subscriber: sub, Location: loc, Ledger: d.ledger,
			Suppressed: suppressed[sub.ID]}, opts, tx.now)
		c.apply(sub, dec, d.ledger != nil)
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
	if err := commit(ctx, tx); err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	s.db.watch.claimed(mark, res.Claims)
	return res, nil
}

// claimer gathers the ledger rows, reschedules and suppressions of one
// claim transaction and writes each kind in one statement at the end.
type claimer struct {
	tx   *Tx
	opts flashback.ClaimOptions
	// The ledger rows of the next dates: those that did not exist when
	// the claim read them, and cannot meanwhile (every writer of a
	// subscriber's ledger holds their schedule row, which the claim has
	// locked), and those that did.
	added, changed ledgerRows
	next           nextRows
	suppress       []int64
}

// apply records what flashback.DecideDue decided for one due subscriber,
// whose next date has a ledger row if exists.
func (c *claimer) apply(sub *flashback.Subscriber, dec flashback.DueDecision, exists bool) {
	rows := &c.added
	if exists {
		rows = &c.changed
	}
	if cl := dec.Claim; cl != nil {
		var owner *flashback.Instance
		if o := c.opts.Owner; !o.IsZero() {
			owner = &o
		}
		rows.add(sub.ID, cl.LocalDate, flashback.DeliverySending, cl.Attempt, &cl.LeaseUntil, owner, "")
	}
	if dec.Skip != "" {
		rows.add(sub.ID, sub.NextDate, flashback.DeliverySkipped, 0, nil, nil, dec.Skip)
	}
	if dec.Reschedule {
		// The guard on the current date always holds here: this
		// transaction locked the subscriber when it read it.
		c.next.add(sub.ID, dec.NextDate, dec.NextDue, sub.NextDate)
	}
	if dec.Suppress {
		c.suppress = append(c.suppress, sub.ID)
	}
}

// flush writes what apply gathered.
func (c *claimer) flush(ctx context.Context) error {
	if err := c.added.insert(ctx, c.tx); err != nil {
		return err
	}
	if err := c.changed.update(ctx, c.tx); err != nil {
		return err
	}
	if err := c.next.write(ctx, c.tx); err != nil {
		return err
	}
	if len(c.suppress) == 0 {
		return nil
	}
	_, err := c.tx.Exec(ctx, `UPDATE subscribers SET status = 'suppressed',
		status_reason = 'suppression list', updated_at = $1 WHERE id = ANY ($2)`, c.tx.now, c.suppress)
	if err != nil {
		return fmt.Errorf("suppress subscribers: %w", err)
	}
	return nil
}

// ledgerRows are ledger rows to write, column by column, for one unnest.
type ledgerRows struct {
	ids          []int64
	dates        []string
	states       []string
	attempts     []int32
	leases       []*time.Time
	ownerIDs     []*string
	ownerStarted []*time.Time
	reasons      []string
}

func (r *ledgerRows) add(id int64, d flashback.CivilDate, state flashback.DeliveryState, attempts int,
	lease *time.Time, owner *flashback.Instance, reason string) {
	r.ids = append(r.ids, id)
	r.dates = append(r.dates, d.String())
	r.states = append(r.states, string(state))
	r.attempts = append(r.attempts, int32(attempts))
	r.leases = append(r.leases, lease)
	if owner != nil {
		r.ownerIDs = append(r.ownerIDs, &owner.ID)
		r.ownerStarted = append(r.ownerStarted, &owner.StartedAt)
	} else {
		r.ownerIDs, r.ownerStarted = append(r.ownerIDs, nil), append(r.ownerStarted, nil)
	}
	r.reasons = append(r.reasons, reason)
}

// insert adds the rows, which do not exist.
func (r *ledgerRows) insert(ctx context.Context, tx *Tx) error {
	if len(r.ids) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO deliveries (subscriber_id, local_date, state, attempts,
		lease_until, owner_id, owner_started, reason, created_at, updated_at)
		SELECT v.id, v.d::date, v.state, v.attempts, v.lease, v.owner_id, v.owner_started, v.reason, $9, $9
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::timestamptz[], $6::text[],
			$7::timestamptz[], $8::text[]) AS v (id, d, state, attempts, lease, owner_id, owner_started, reason)`,
		r.ids, r.dates, r.states, r.attempts, r.leases, r.ownerIDs, r.ownerStarted, r.reasons, tx.now)
	if err != nil {
		return fmt.Errorf("add ledger rows: %w", err)
	}
	return nil
}

// update rewrites the rows, which exist; a row keeps the larger attempt
// count.
func (r *ledgerRows) update(ctx context.Context, tx *Tx) error {
	if len(r.ids) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `UPDATE deliveries d SET state = v.state,
		attempts = GREATEST(d.attempts, v.attempts), lease_until = v.lease,
		owner_id = v.owner_id, owner_started = v.owner_started, reason = v.reason, updated_at = $9
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::timestamptz[], $6::text[],
			$7::timestamptz[], $8::text[]) AS v (id, d, state, attempts, lease, owner_id, owner_started, reason)
		WHERE d.subscriber_id = v.id AND d.local_date = v.d::date`,
		r.ids, r.dates, r.states, r.attempts, r.leases, r.ownerIDs, r.ownerStarted, r.reasons, tx.now)
	if err != nil {
		return fmt.Errorf("update ledger rows: %w", err)
	}
	return nil
}

// nextRows reschedule subscribers. A subscriber whose next date is no
// longer the expected one (cur) has moved on meanwhile and is left alone.
type nextRows struct {
	ids   []int64
	dates []string
	dues  []time.Time
	curs  []*string
}

func (r *nextRows) add(id int64, d flashback.CivilDate, due time.Time, cur flashback.CivilDate) {
	r.ids, r.dates, r.dues = append(r.ids, id), append(r.dates, d.String()), append(r.dues, due)
	var c *string
	if !cur.IsZero() {
		s := cur.String()
		c = &s
	}
	r.curs = append(r.curs, c)
}

func (r *nextRows) write(ctx context.Context, tx *Tx) error {
	if len(r.ids) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `UPDATE subscriber_schedule s SET next_date = v.d::date, next_due_at = v.due
		FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[]) AS v (id, d, due, cur)
		WHERE s.subscriber_id = v.id AND s.next_date IS NOT DISTINCT FROM v.cur::date`,
		r.ids, r.dates, r.dues, r.curs)
	if err != nil {
		return fmt.Errorf("reschedule subscribers: %w", err)
	}
	return nil
}
