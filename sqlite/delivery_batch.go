package sqlite

import (
	"context"
	"fmt"
	"strings"
)

// maxBatchRows bounds the rows of one multi-row statement, keeping its
// parameters far below SQLite's limit of 32766.
const maxBatchRows = 500

// rowBatch gathers rows for one multi-row statement, so that a batch of
// claims or outcomes costs a few statements instead of a few per row: in
// this driver each statement's bind, step and reset costs as much as the
// B-tree work it does.
type rowBatch struct {
	head, tail string // the statement before and after its VALUES rows
	cols       int
	args       []any
}

func (b *rowBatch) add(vals ...any) { b.args = append(b.args, vals...) }

func (b *rowBatch) rows() int { return len(b.args) / b.cols }

// exec runs the statement over the gathered rows, maxBatchRows at a time,
// and empties the batch.
func (b *rowBatch) exec(ctx context.Context, tx *Tx) error {
	for len(b.args) > 0 {
		n := min(len(b.args), b.cols*maxBatchRows)
		q := b.head + valueRows(n/b.cols, b.cols) + b.tail
		if _, err := tx.ExecContext(ctx, q, b.args[:n]...); err != nil {
			return err
		}
		b.args = b.args[n:]
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

// newLedgerBatch writes ledger rows: (subscriber_id, local_date, state,
// attempts, lease_until, reason, created_at, updated_at). A row that exists
// keeps the larger attempt count.
func newLedgerBatch() *rowBatch {
	return &rowBatch{cols: 8,
		head: `INSERT INTO deliveries (subscriber_id, local_date, state, attempts,
		lease_until, reason, created_at, updated_at) VALUES `,
		tail: ` ON CONFLICT (subscriber_id, local_date) DO UPDATE SET state = excluded.state,
		attempts = MAX(deliveries.attempts, excluded.attempts), lease_until = excluded.lease_until,
		reason = excluded.reason, updated_at = excluded.updated_at`}
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

// newSentBatch marks ledger rows sent: (subscriber_id, local_date,
// message_id, updated_at).
func newSentBatch() *rowBatch {
	return &rowBatch{cols: 4,
		head: `WITH v (sid, local_date, message_id, now) AS (VALUES `,
		tail: `) UPDATE deliveries SET state = 'sent', message_id = v.message_id, reason = '',
		lease_until = NULL, next_attempt_at = NULL, updated_at = v.now
		FROM v WHERE deliveries.subscriber_id = v.sid AND deliveries.local_date = v.local_date
		AND deliveries.state <> 'sent'`}
}

func execBatches(ctx context.Context, tx *Tx, batches ...*rowBatch) error {
	for _, b := range batches {
		n := b.rows()
		if err := b.exec(ctx, tx); err != nil {
			return fmt.Errorf("batch of %d rows: %w", n, err)
		}
	}
	return nil
}
