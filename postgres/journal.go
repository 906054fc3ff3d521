package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// OutcomeJournal keeps the outcome journals of the instances delivering
// from this database, in the outcome_journal table. An instance's journal
// is held by a session lock of a connection of its own for as long as it
// is open: a journal whose lock can be taken belongs to a dead process,
// whose connection the server closed when it died.
//
// Appends commit without waiting for the server's disk, into an unlogged
// table (migration 023): they survive a crash of this process, not one of
// the server, which empties the table, as the journal files of the SQLite
// store survive a crash of the process only.
type OutcomeJournal struct {
	db *DB
}

var _ flashback.OutcomeJournal = (*OutcomeJournal)(nil)

// NewOutcomeJournal returns the journal of db.
func NewOutcomeJournal(db *DB) *OutcomeJournal { return &OutcomeJournal{db: db} }

// journalLock is the session lock that holds instance's journal.
const journalLock = `hashtextextended('flashback outcome journal ' || $1, 0)`

// Open takes inst's journal; it refuses one that a running process holds
// (for longer than a replay takes) or that still holds outcomes (Replay
// first).
func (j *OutcomeJournal) Open(inst flashback.Instance) (flashback.OutcomeLog, error) {
	if inst.ID == "" {
		return nil, errors.New("postgres: an outcome journal needs an instance ID")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := j.db.connect(ctx, "")
	if err != nil {
		return nil, err
	}
	l := &outcomeLog{db: j.db, conn: conn, instance: inst.ID}
	if err := l.take(ctx); err != nil {
		// Let go of the lock at once, not when the server notices the
		// closed connection, so that the Replay the error asks for can
		// take it.
		conn.Exec(ctx, `SELECT pg_advisory_unlock_all()`)
		conn.Close(ctx)
		return nil, err
	}
	l.carried = j.db.courier.attach(l)
	return l, nil
}

// outcomeLog is one instance's open journal; seqs lists the rows appended
// and not yet said applied, oldest first.
type outcomeLog struct {
	db       *DB
	mu       sync.Mutex
	conn     *pgx.Conn
	instance string
	// carried: the DB's courier carries the appends (and the DB's send
	// checks) on conn; only one open journal of a DB's is so.
	carried bool
	closed  bool
	seqs    []int64
	// forgotten is the last seq Applied removed: the rows below it are
	// gone, and a delete that starts past them need not walk their dead
	// index entries until a vacuum clears them.
	forgotten int64
	// forget, when above forgotten, is the last seq said applied whose
	// rows the courier deletes with the next round trip it carries (or
	// Close does).
	forget int64
}

var _ flashback.OutcomeLog = (*outcomeLog)(nil)

// openWait is how long Open waits for a journal's lock: another
// instance's Replay holds it for a moment, and a restart that found it so
// would otherwise fail its pass and wait for the next.
const openWait = 2 * time.Second

func (l *outcomeLog) take(ctx context.Context) error {
	var locked, left bool
	for deadline := time.Now().Add(openWait); ; time.Sleep(20 * time.Millisecond) {
		if err := l.conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(`+journalLock+`)`, l.instance).Scan(&locked); err != nil {
			return fmt.Errorf("postgres: lock outcome journal: %w", err)
		}
		if locked {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres: the outcome journal of instance %q is held by a running process", l.instance)
		}
	}
	if err := l.conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM outcome_journal WHERE instance_id = $1)`,
		l.instance).Scan(&left); err != nil {
		return fmt.Errorf("postgres: read outcome journal: %w", err)
	}
	if left {
		return fmt.Errorf("postgres: the outcome journal of instance %q holds outcomes not replayed", l.instance)
	}
	// The whole session: every append is a commit of its own. The table
	// holds few live rows among many dead ones between two vacuums, and
	// its statements find rows by key: only the indexes know where. The
	// session's statements (appends, send checks) are the same few, run
	// thousands of times a pass with arrays of a few elements: the
	// planner, left to choose, planned the send checks anew every time
	// (a plan for three elements looks cheaper than one for any number),
	// which cost the server three times what running them did.
	if _, err := l.conn.Exec(ctx, `SET synchronous_commit = off; SET enable_seqscan = off;
		SET plan_cache_mode = force_generic_plan`); err != nil {
		return fmt.Errorf("postgres: outcome journal: %w", err)
	}
	return nil
}

// Append writes the sent outcomes into the ledger and the others into the
// journal, in one round trip and one transaction, which the DB's courier
// sends with whatever else it carries at the time: a sent digest needs
// nothing more (its claim moved the schedule on), and its ledger row costs
// the server what its journal row and that row's later apply and delete
// did together. The other outcomes, few in a pass, wait in the journal
// for CompleteDeliveries, which also handles a hard bounce's suppression.
func (l *outcomeLog) Append(outcomes []flashback.Outcome) (sentInLedger bool, err error) {
	if len(outcomes) == 0 {
		return true, nil
	}
	sent, rest := flashback.SplitSent(outcomes)
	req := &appendReq{sent: sent, cols: outcomeColumns(rest), done: make(chan struct{})}
	if l.carried {
		l.db.courier.send(l.db, req)
		if req.err != nil {
			return false, fmt.Errorf("postgres: append to outcome journal: %w", req.err)
		}
		return true, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	batch := &pgx.Batch{}
	queueMarkSent(batch, sent, l.db.txNow())
	queueAppend(batch, l.instance, req.cols)
	results := l.conn.SendBatch(context.Background(), batch)
	seqs, err := readAppend(results, sent, req.cols)
	if cerr := results.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, fmt.Errorf("postgres: append to outcome journal: %w", err)
	}
	l.seqs = append(l.seqs, seqs...)
	return true, nil
}

// errJournalClosed is why an append that came after Close failed.
var errJournalClosed = errors.New("the journal is closed")

// queueAppend queues the insert of cols, if any, into instance's journal,
// which returns the rows' seqs in order.
func queueAppend(batch *pgx.Batch, instance string, cols outcomeCols) {
	if len(cols.ids) == 0 {
		return
	}
	batch.Queue(`INSERT INTO outcome_journal (instance_id, subscriber_id,
		local_date, attempt, state, message_id, reason, retry_at)
		SELECT $1, v.id, v.d::date, v.attempt, v.state, v.msg, v.reason, v.retry
		FROM unnest($2::bigint[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[],
			$8::timestamptz[]) WITH ORDINALITY AS v (id, d, attempt, state, msg, reason, retry, n)
		ORDER BY v.n RETURNING seq`,
		instance, cols.ids, cols.dates, cols.attempts, cols.states, cols.msgs, cols.reasons, cols.retries)
}

// readAppend reads the results of what queueMarkSent and queueAppend
// queued for sent and cols: the seqs of the journal's new rows.
func readAppend(results pgx.BatchResults, sent []flashback.Outcome, cols outcomeCols) ([]int64, error) {
	if len(sent) > 0 {
		if _, err := results.Exec(); err != nil {
			return nil, err
		}
	}
	if len(cols.ids) == 0 {
		return nil, nil
	}
	rows, err := results.Query()
	if err != nil {
		return nil, err
	}
	seqs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err == nil && len(seqs) != len(cols.ids) {
		err = fmt.Errorf("%d seqs for %d outcomes appended", len(seqs), len(cols.ids))
	}
	return seqs, err
}

// Applied forgets the n oldest outcomes not yet said applied. A journal
// the courier carries deletes them with its next round trip, which a pass
// makes within moments; until then a replay would apply them again, which
// applying allows.
func (l *outcomeLog) Applied(n int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n > len(l.seqs) {
		return fmt.Errorf("postgres: %d outcomes said applied, only %d appended", n, len(l.seqs))
	}
	if n <= 0 {
		return nil
	}
	l.seqs, l.forget = l.seqs[n:], l.seqs[n-1]
	if l.carried {
		return nil
	}
	return l.forgetApplied(context.Background())
}

// forgetApplied deletes what Applied forgot; l.mu is held.
func (l *outcomeLog) forgetApplied(ctx context.Context) error {
	if l.forget <= l.forgotten {
		return nil
	}
	batch := &pgx.Batch{}
	l.queueForget(batch)
	if err := l.conn.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("postgres: forget applied outcomes: %w", err)
	}
	l.forgotten = l.forget
	return nil
}

// queueForget queues the delete of the rows Applied forgot, if any; l.mu
// is held. The instance's rows are those this log appended, in seq order
// (Open refuses a journal with rows left), so they are a range of the
// (instance_id, seq) index.
func (l *outcomeLog) queueForget(batch *pgx.Batch) bool {
	if l.forget <= l.forgotten {
		return false
	}
	batch.Queue(`DELETE FROM outcome_journal WHERE instance_id = $1 AND seq > $2 AND seq <= $3`,
		l.instance, l.forgotten, l.forget)
	return true
}

// Close lets the journal go: what was not applied stays for Replay.
func (l *outcomeLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	if l.carried {
		l.db.courier.detach(l)
	}
	ctx := context.Background()
	if err := l.forgetApplied(ctx); err != nil {
		return errors.Join(err, l.conn.Close(ctx))
	}
	// Closing the session would end its lock too, but only once the
	// server notices; unlocking first lets a Replay right after it in.
	_, err := l.conn.Exec(ctx, `SELECT pg_advisory_unlock(`+journalLock+`)`, l.instance)
	return errors.Join(err, l.conn.Close(ctx))
}

// Replay applies and removes each journal no running process holds.
func (j *OutcomeJournal) Replay(ctx context.Context, apply func(context.Context, []flashback.Outcome) error) error {
	// One index probe per instance rather than a read of every row: a
	// pass asks before each claim, and the table holds a running
	// instance's rows not yet applied, and the dead ones of those that were.
	rows, err := j.db.pool.Query(ctx, `WITH RECURSIVE journals (id) AS (
			(SELECT instance_id FROM outcome_journal ORDER BY instance_id LIMIT 1)
			UNION ALL
			SELECT (SELECT o.instance_id FROM outcome_journal o WHERE o.instance_id > j.id
				ORDER BY o.instance_id LIMIT 1)
			FROM journals j WHERE j.id IS NOT NULL)
		SELECT id FROM journals WHERE id IS NOT NULL`)
	if err != nil {
		return fmt.Errorf("postgres: list outcome journals: %w", err)
	}
	instances, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(instances) == 0 {
		return err
	}
	conn, err := j.db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	for _, inst := range instances {
		if err := replayOne(ctx, conn.Conn(), inst, apply); err != nil {
			return err
		}
	}
	return nil
}

// replayOne applies instance's journal if its holder is gone, then removes
// it, holding its lock meanwhile so that no process opens it.
func replayOne(ctx context.Context, conn *pgx.Conn, instance string, apply func(context.Context, []flashback.Outcome) error) error {
	var locked bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(`+journalLock+`)`, instance).Scan(&locked); err != nil {
		return fmt.Errorf("postgres: lock outcome journal: %w", err)
	}
	if !locked {
		return nil // a live process's
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock(`+journalLock+`)`, instance)
	rows, err := conn.Query(ctx, `SELECT seq, subscriber_id, local_date::text, attempt, state, message_id,
		reason, retry_at FROM outcome_journal WHERE instance_id = $1 ORDER BY seq`, instance)
	if err != nil {
		return fmt.Errorf("postgres: read outcome journal: %w", err)
	}
	var last int64
	outcomes, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (flashback.Outcome, error) {
		var o flashback.Outcome
		var date, state string
		var attempt int32
		var retry *time.Time
		if err := row.Scan(&last, &o.SubscriberID, &date, &attempt, &state, &o.MessageID, &o.Reason, &retry); err != nil {
			return o, err
		}
		o.Attempt, o.State, o.RetryAt = int(attempt), flashback.DeliveryState(state), utc(retry)
		var err error
		o.LocalDate, err = flashback.ParseCivilDate(date)
		return o, err
	})
	if err != nil {
		return fmt.Errorf("postgres: read outcome journal: %w", err)
	}
	if err := apply(ctx, outcomes); err != nil {
		return fmt.Errorf("postgres: replay %d outcomes of instance %q: %w", len(outcomes), instance, err)
	}
	if _, err := conn.Exec(ctx, `DELETE FROM outcome_journal WHERE instance_id = $1 AND seq <= $2`,
		instance, last); err != nil {
		return fmt.Errorf("postgres: remove replayed journal: %w", err)
	}
	return nil
}

// outcomeCols are outcomes column by column, for one unnest.
type outcomeCols struct {
	ids                          []int64
	dates, states, msgs, reasons []string
	attempts                     []int32
	retries                      []*time.Time
}

// add appends o's rows to c's.
func (c *outcomeCols) add(o outcomeCols) {
	c.ids = append(c.ids, o.ids...)
	c.dates, c.states = append(c.dates, o.dates...), append(c.states, o.states...)
	c.msgs, c.reasons = append(c.msgs, o.msgs...), append(c.reasons, o.reasons...)
	c.attempts, c.retries = append(c.attempts, o.attempts...), append(c.retries, o.retries...)
}

func outcomeColumns(outcomes []flashback.Outcome) outcomeCols {
	var c outcomeCols
	for _, o := range outcomes {
		c.ids = append(c.ids, o.SubscriberID)
		c.dates = append(c.dates, o.LocalDate.String())
		c.attempts = append(c.attempts, int32(o.Attempt))
		c.states = append(c.states, string(o.State))
		c.msgs = append(c.msgs, o.MessageID)
		c.reasons = append(c.reasons, o.Reason)
		var retry *time.Time
		if !o.RetryAt.IsZero() {
			r := o.RetryAt
			retry = &r
		}
		c.retries = append(c.retries, retry)
	}
	return c
}
