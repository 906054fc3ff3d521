package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// searchTx is what a search's reads need of a transaction: a pgx.Tx, or a
// searchRead, which saves two of its round trips.
type searchTx interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// searchRead is a search's read-only transaction on one snapshot, as
// beginRead's, whose BEGIN goes with its first statement and whose end
// with its last, when Search knows which that is (endWithNext): a search
// of a million events took four to ten round trips, two of them for these
// alone, each a wait for the server on a busy machine.
type searchRead struct {
	conn *pgxpool.Conn
	// begun says the BEGIN was sent; ending, that the next statement is
	// the last and takes the end of the transaction with it.
	begun, ending bool
	// with are statements sent after the next, whose answers their
	// callbacks take when its results are closed.
	with []*pgx.QueuedQuery
}

// beginSearchRead takes a connection for a searchRead; close gives it back.
func (db *DB) beginSearchRead(ctx context.Context) (*searchRead, error) {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin read: %w", err)
	}
	return &searchRead{conn: conn}, nil
}

// endWithNext says that the next statement is the read's last.
func (r *searchRead) endWithNext() { r.ending = true }

// close ends the transaction if no statement ended it (an error, or a
// search that found nothing to read whole), and gives the connection back.
func (r *searchRead) close(ctx context.Context) {
	if r.conn.Conn().PgConn().TxStatus() != 'I' {
		// Should the rollback fail, the pool drops a connection
		// left in a transaction rather than hand it out again.
		_, _ = r.conn.Exec(ctx, "ROLLBACK")
	}
	r.conn.Release()
}

// sendWithNext has the next statement take qs along, in the same round
// trip, after it; each must have a callback (pgx.QueuedQuery.Query, say).
func (r *searchRead) sendWithNext(qs ...*pgx.QueuedQuery) { r.with = append(r.with, qs...) }

// SendBatch sends b, after the BEGIN if not sent yet, before the
// statements sendWithNext queued and before the end if b is the last.
func (r *searchRead) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	sent := b
	if !r.begun || len(r.with) > 0 {
		sent = &pgx.Batch{}
		if !r.begun {
			sent.BeginTx(pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
		}
		sent.QueuedQueries = append(sent.QueuedQueries, b.QueuedQueries...)
		sent.QueuedQueries = append(sent.QueuedQueries, r.with...)
		r.with = nil
	}
	if r.ending {
		// Read-only: a rollback ends it as a commit would.
		sent.Queue("ROLLBACK")
		r.ending = false
	}
	br := r.conn.SendBatch(ctx, sent)
	if !r.begun {
		// The BEGIN's own result comes first; an error in it is the
		// batch's, which the next result reports.
		_, _ = br.Exec()
		r.begun = true
	}
	return br
}

// Query runs sql as SendBatch would send it, a batch of one.
func (r *searchRead) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	b := &pgx.Batch{}
	b.Queue(sql, args...)
	br := r.SendBatch(ctx, b)
	rows, err := br.Query()
	if err != nil {
		_ = br.Close()
		return nil, err
	}
	return &batchRows{Rows: rows, br: br}, nil
}

// QueryRow runs sql as Query does, for one row.
func (r *searchRead) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	rows, err := r.Query(ctx, sql, args...)
	if err != nil {
		return errRow{err}
	}
	return rowOf{rows}
}

// batchRows are the rows of a statement sent in a batch, which they close
// when closed, reporting its error (that of the end, say) as theirs.
type batchRows struct {
	pgx.Rows
	br  pgx.BatchResults
	err error
}

func (r *batchRows) Close() {
	r.Rows.Close()
	if r.br != nil {
		r.err = r.br.Close()
		r.br = nil
	}
}

func (r *batchRows) Err() error {
	if err := r.Rows.Err(); err != nil {
		return err
	}
	return r.err
}

// rowOf is the first row of rows, as pgx.Conn.QueryRow returns it.
type rowOf struct{ rows pgx.Rows }

func (r rowOf) Scan(dest ...any) error {
	defer r.rows.Close()
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return pgx.ErrNoRows
	}
	if err := r.rows.Scan(dest...); err != nil {
		return err
	}
	r.rows.Close()
	return r.rows.Err()
}

// errRow is a row whose statement failed.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
