package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// maxChunk is the most rows one multi-row statement carries, keeping its
// parameters far below SQLite's limit of 32766.
const maxChunk = 256

// chunkSize is the largest power of two up to maxChunk and n: cutting a
// batch into such chunks needs at most a handful of distinct statements,
// each parsed once and then reused (parsing a statement with hundreds of
// rows costs as much as running it).
func chunkSize(n int) int {
	size := maxChunk
	for size > n {
		size /= 2
	}
	return size
}

// stmtCache keeps the statements of claims and outcomes prepared on the
// writer connection: the multi-row ones and the reads every claim runs,
// which cost as much to parse as to run on a small batch. They are
// prepared outside any transaction (ready), because the writer pool has a
// single connection, which a transaction holds.
type stmtCache struct {
	db *DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// ready prepares every statement the ledger's claims and batches use,
// once.
func (c *stmtCache) ready(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m != nil {
		return nil
	}
	qs := []string{openFreeQuery(), openDeadQuery(), dueQuery()}
	for size := 1; size <= maxChunk; size *= 2 {
		qs = append(qs, chunkQueries(size)...)
	}
	m := map[string]*sql.Stmt{}
	for _, q := range qs {
		st, err := c.db.write.PrepareContext(ctx, q)
		if err != nil {
			for _, st := range m {
				st.Close()
			}
			return fmt.Errorf("prepare ledger statements: %w", err)
		}
		m[q] = st
	}
	c.m = m
	return nil
}

// chunkQueries are the statements for chunks of size rows.
func chunkQueries(size int) []string {
	qs := []string{suppressedQuery(size)}
	for _, b := range []*rowBatch{newLedgerBatch(), newClaimBatch(), newNextBatch(), newMoveBatch(),
		newReclaimBatch(), newCloseBatch(), newSentBatch()} {
		qs = append(qs, b.query(size))
	}
	return qs
}

// in returns q as a statement of tx: the prepared one when ready made it,
// else prepared for tx alone.
func (c *stmtCache) in(ctx context.Context, tx *Tx, q string) (*sql.Stmt, error) {
	c.mu.Lock()
	st, ok := c.m[q]
	c.mu.Unlock()
	if !ok {
		return tx.PrepareContext(ctx, q)
	}
	return tx.StmtContext(ctx, st), nil
}

// query runs q in tx, as a statement of in.
func (c *stmtCache) query(ctx context.Context, tx *Tx, q string, args ...any) (*sql.Rows, error) {
	st, err := c.in(ctx, tx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// rowBatch gathers rows for multi-row statements, so that a batch of
// claims or outcomes costs a few statements instead of a few per row: in
// this driver each statement's bind, step and reset costs as much as the
// B-tree work it does.
type rowBatch struct {
	head, tail string // the statement before and after its VALUES rows
	cols       int
	// shared are the values every row has in common, bound once per
	// statement as ?1, ?2, … (which head names before any row's "?", so
	// that the rows' parameters are numbered after them).
	shared []any
	args   []any
}

func (b *rowBatch) add(vals ...any) { b.args = append(b.args, vals...) }

func (b *rowBatch) rows() int { return len(b.args) / b.cols }

func (b *rowBatch) query(rows int) string { return b.head + valueRows(rows, b.cols) + b.tail }

// exec runs the statement over the gathered rows, in chunks, and empties
// the batch.
func (b *rowBatch) exec(ctx context.Context, tx *Tx, stmts *stmtCache) error {
	for len(b.args) > 0 {
		rows := chunkSize(b.rows())
		st, err := stmts.in(ctx, tx, b.query(rows))
		if err != nil {
			return err
		}
		args := append(slices.Clip(b.shared), b.args[:rows*b.cols]...)
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return err
		}
		b.args = b.args[rows*b.cols:]
	}
	b.args = nil
	return nil
}

// valueRows is "(?, ?), (?, ?)" for rows rows of cols values.
func valueRows(rows, cols int) string {
	row := "(?" + strings.Repeat(", ?", cols-1) + ")"
	return row + strings.Repeat(", "+row, rows-1)
}

// placeholders is "?, ?, ?" for n values.
func placeholders(n int) string { return "?" + strings.Repeat(", ?", n-1) }

// newLedgerBatch inserts ledger rows: (subscriber_id, local_date, state,
// attempts, lease_until, owner_id, owner_started, reason, created_at,
// updated_at). The due path writes rows only for dates that have none
// (flashback.DecideDue), so a conflict is a bug, and fails the claim.
func newLedgerBatch() *rowBatch {
	return &rowBatch{cols: 10,
		head: `INSERT INTO deliveries (subscriber_id, local_date, state, attempts,
		lease_until, owner_id, owner_started, reason, created_at, updated_at) VALUES `}
}

// newClaimBatch inserts the ledger rows of claims that share their lease,
// owner and time, bound once (shared: lease_until, owner_id,
// owner_started, now): rows of (subscriber_id, local_date, attempts).
// Binding a value costs about as much as the B-tree work of a row, so the
// claims of one transaction, which differ in these three only, bind three.
func newClaimBatch() *rowBatch {
	return &rowBatch{cols: 3,
		head: `INSERT INTO deliveries (subscriber_id, local_date, state, attempts,
		lease_until, owner_id, owner_started, reason, created_at, updated_at)
		SELECT column1, column2, 'sending', column3, ?1, ?2, ?3, '', ?4, ?4 FROM (VALUES `,
		tail: `)`}
}

// newReclaimBatch claims open ledger rows again (shared: owner_id,
// owner_started, now): rows of (subscriber_id, local_date, attempts,
// lease_until). The claim transaction read each row itself, and nobody
// else writes meanwhile, so it needs no guard on the row's state.
func newReclaimBatch() *rowBatch {
	return &rowBatch{cols: 4,
		head: `UPDATE deliveries SET state = 'sending', attempts = v.column3, lease_until = v.column4,
		owner_id = ?1, owner_started = ?2, reason = '', updated_at = ?3 FROM (VALUES `,
		tail: `) AS v WHERE deliveries.subscriber_id = v.column1 AND deliveries.local_date = v.column2`}
}

// newCloseBatch skips open ledger rows (shared: updated_at): rows of
// (subscriber_id, local_date, reason). The row keeps its attempt count
// and owner, as a skip recorded by a worker does.
func newCloseBatch() *rowBatch {
	return &rowBatch{cols: 3,
		head: `UPDATE deliveries SET state = 'skipped', reason = v.column3, lease_until = NULL,
		next_attempt_at = NULL, updated_at = ?1 FROM (VALUES `,
		tail: `) AS v WHERE deliveries.subscriber_id = v.column1 AND deliveries.local_date = v.column2`}
}

// newNextBatch reschedules subscribers: rows of (id, next_date,
// next_due_at, expected next_date). A subscriber whose next date is no
// longer the expected one has moved on meanwhile and is left alone.
func newNextBatch() *rowBatch {
	return &rowBatch{cols: 4,
		head: `WITH v (id, next_date, next_due_at, cur) AS (VALUES `,
		tail: `) UPDATE subscribers SET next_date = v.next_date, next_due_at = v.next_due_at
		FROM v WHERE subscribers.id = v.id AND subscribers.next_date IS v.cur`}
}

// newMoveBatch moves subscribers to one next date and due time (shared:
// next_date, next_due_at): rows of (id). A claim transaction needs no
// guard on the date it moves from, which it read itself and which nobody
// else writes meanwhile.
func newMoveBatch() *rowBatch {
	return &rowBatch{cols: 1, head: `UPDATE subscribers SET next_date = ?1, next_due_at = ?2 WHERE id IN (`, tail: `)`}
}

// newSentBatch marks ledger rows sent at one time (shared: updated_at):
// rows of (subscriber_id, local_date, message_id).
func newSentBatch() *rowBatch {
	return &rowBatch{cols: 3,
		head: `UPDATE deliveries SET state = 'sent', message_id = v.column3, reason = '',
		lease_until = NULL, next_attempt_at = NULL, updated_at = ?1 FROM (VALUES `,
		tail: `) AS v WHERE deliveries.subscriber_id = v.column1 AND deliveries.local_date = v.column2
		AND deliveries.state <> 'sent'`}
}

func execBatches(ctx context.Context, tx *Tx, stmts *stmtCache, batches ...*rowBatch) error {
	for _, b := range batches {
		n := b.rows()
		if err := b.exec(ctx, tx, stmts); err != nil {
			return fmt.Errorf("batch of %d rows: %w", n, err)
		}
	}
	return nil
}

func suppressedQuery(n int) string {
	return `SELECT email_hash FROM suppressions WHERE email_hash IN (` + placeholders(n) + `)`
}
