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
// subscribers it reads with FOR UPDATE SKIP LOCKED, so two claims never
// take the same subscriber (nor its (subscriber, date) row), and neither
// waits for the other. A claim moves the subscriber's schedule on to the
// next day (flashback.DecideDue), so the next claim, here or elsewhere,
// passes it by, and a digest sent needs only its ledger row marked. A
// claimed date that stays open is found again by its ledger row
// (openDigests).
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
	c := &claimer{tx: tx, opts: opts, res: &flashback.ClaimResult{}}
	// Open dates first: they were due before anything waiting now.
	open, err := openDigests(ctx, tx, opts.Owner, opts.Limit)
	if err != nil {
		return nil, err
	}
	var due []dueRow
	if rest := opts.Limit - len(open); rest > 0 {
		if due, err = dueSubscribers(ctx, tx, rest); err != nil {
			return nil, err
		}
	}
	subs := make([]*flashback.Subscriber, 0, len(open)+len(due))
	for _, o := range open {
		subs = append(subs, o.sub)
	}
	for _, d := range due {
		subs = append(subs, d.sub)
	}
	suppressed, err := suppressedAmong(ctx, tx, subs)
	if err != nil {
		return nil, err
	}
	for _, o := range open {
		loc, _ := s.zones.Load(o.sub.TimeZone) // nil, for an unknown zone, is for DecideOpen
		c.applyOpen(o, flashback.DecideOpen(flashback.OpenDigest{Subscriber: o.sub, Location: loc, Date: o.date,
			Ledger: o.ledger, Suppressed: suppressed[o.sub.ID]}, opts, tx.now))
	}
	for _, d := range due {
		sub := d.sub
		loc, _ := s.zones.Load(sub.TimeZone) // nil, for an unknown zone, is for DecideDue
		c.apply(sub, flashback.DecideDue(flashback.DueDigest{Subscriber: sub, Location: loc, Ledger: d.ledger,
			Suppressed: suppressed[sub.ID]}, opts, tx.now))
	}
	if err := c.flush(ctx); err != nil {
		return nil, err
	}
	if err := commit(ctx, tx); err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	c.res.Examined = len(open) + len(due)
	s.db.watch.claimed(mark, c.res.Claims)
	return c.res, nil
}

// claimer gathers the ledger rows, reschedules and suppressions of one
// claim transaction and writes each kind in one statement at the end.
type claimer struct {
	tx   *Tx
	opts flashback.ClaimOptions
	res  *flashback.ClaimResult
	// added are the ledger rows of due subscribers' next dates, which did
	// not exist when the claim read them and cannot meanwhile: every
	// writer that adds a subscriber's ledger row holds their schedule
	// row, which the claim has locked.
	added ledgerRows
	// reopened rewrites open rows; their claims (and whether each took
	// over a live lease) wait in reclaims until the rewrite says which
	// took.
	reopened reopenedRows
	reclaims []reclaim
	fresh    []*flashback.Claim // the due subscribers' claims
	next     nextRows
	suppress []int64
}

type reclaim struct {
	claim     *flashback.Claim
	takenOver bool
}

// owner is the claims' owner, nil for claims without one.
func (c *claimer) owner() *flashback.Instance {
	if o := c.opts.Owner; !o.IsZero() {
		return &o
	}
	return nil
}

// apply records what flashback.DecideDue decided for one due subscriber.
func (c *claimer) apply(sub *flashback.Subscriber, dec flashback.DueDecision) {
	if cl := dec.Claim; cl != nil {
		c.added.add(sub.ID, cl.LocalDate, flashback.DeliverySending, cl.Attempt, &cl.LeaseUntil, c.owner(), "")
		c.fresh = append(c.fresh, cl)
	}
	if dec.Skip != "" {
		c.added.add(sub.ID, sub.NextDate, flashback.DeliverySkipped, 0, nil, nil, dec.Skip)
		c.res.Skipped++
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

// applyOpen records what flashback.DecideOpen decided for one open date.
func (c *claimer) applyOpen(o openRow, dec flashback.DueDecision) {
	if cl := dec.Claim; cl != nil {
		c.reopened.add(o, flashback.DeliverySending, cl.Attempt, &cl.LeaseUntil, c.owner(), "")
		c.reclaims = append(c.reclaims, reclaim{cl, dec.TakenOver})
	}
	if dec.Skip != "" {
		c.reopened.add(o, flashback.DeliverySkipped, o.ledger.Attempts, nil, nil, dec.Skip)
		c.res.Skipped++
	}
	if dec.Suppress {
		c.suppress = append(c.suppress, o.sub.ID)
	}
}

// flush writes what apply and applyOpen gathered, and lists the claims in
// the result: the open dates' claims that took, then the due ones.
func (c *claimer) flush(ctx context.Context) error {
	took, err := c.reopened.write(ctx, c.tx)
	if err != nil {
		return err
	}
	defer func() { c.res.Claims = append(c.res.Claims, c.fresh...) }()
	for _, r := range c.reclaims {
		if took[openKey{r.claim.Subscriber.ID, r.claim.LocalDate.String()}] {
			c.res.Claims = append(c.res.Claims, r.claim)
			if r.takenOver {
				c.res.TakenOver++
			}
		}
	}
	if err := c.added.insert(ctx, c.tx); err != nil {
		return err
	}
	if err := c.next.write(ctx, c.tx); err != nil {
		return err
	}
	if len(c.suppress) == 0 {
		return nil
	}
	_, err = c.tx.Exec(ctx, `UPDATE subscribers SET status = 'suppressed',
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
