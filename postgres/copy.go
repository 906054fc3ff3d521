package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
	"flashback/storecopy"
)

var _ storecopy.Database = (*DB)(nil)

// Snapshot starts a repeatable-read transaction: every table is read as of
// the same moment.
func (db *DB) Snapshot(ctx context.Context) (storecopy.Snapshot, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	return &copyReader{tx: tx}, nil
}

// BeginCopy starts the copy's write transaction.
func (db *DB) BeginCopy(ctx context.Context) (storecopy.Writer, error) {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin write: %w", err)
	}
	return &copyWriter{copyReader{tx: tx}}, nil
}

// copyReader reads tables as canonical rows.
type copyReader struct {
	tx pgx.Tx
}

func (r *copyReader) Close() error { return r.tx.Rollback(context.Background()) }

func (r *copyReader) Count(ctx context.Context, t storecopy.Table) (int64, error) {
	var n int64
	err := r.tx.QueryRow(ctx, `SELECT count(*) FROM `+t.Name).Scan(&n)
	return n, err
}

func (r *copyReader) Rows(ctx context.Context, t storecopy.Table, fn func(storecopy.Row) error) error {
	rows, err := r.tx.Query(ctx, selectCopy(t))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return err
		}
		row, err := t.Row(vals, fromColumn)
		if err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return rows.Err()
}

// selectCopy reads JSON and dates as text, the form canonical values take,
// and orders text keys by their bytes, as SQLite does, rather than by the
// database's collation.
func selectCopy(t storecopy.Table) string {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = `"` + c.Name + `"`
		if c.Kind == storecopy.JSON || c.Kind == storecopy.Date {
			cols[i] += `::text`
		}
	}
	keys := make([]string, len(t.Key))
	for i, k := range t.Key {
		keys[i] = `"` + k + `"`
		if t.Column(k).Kind == storecopy.Text {
			keys[i] += ` COLLATE "C"`
		}
	}
	return `SELECT ` + strings.Join(cols, ", ") + ` FROM ` + copySource(t) + ` ORDER BY ` + strings.Join(keys, ", ")
}

// The copy's subscribers table holds each subscriber's schedule, as
// SQLite's does; this schema keeps it in subscriber_schedule (see its
// migration), a row for each subscriber with a next date.
const (
	copySubscribers = "subscribers"
	scheduleDate    = "next_date"
	scheduleDue     = "next_due_at"
)

// copySource is what the copy reads as table t.
func copySource(t storecopy.Table) string {
	if t.Name == copySubscribers {
		return `(SELECT s.*, sc.next_date, sc.next_due_at FROM subscribers s
			LEFT JOIN subscriber_schedule sc ON sc.subscriber_id = s.id) AS subscribers`
	}
	return t.Name
}

// fromColumn turns what pgx read into a canonical value.
func fromColumn(col storecopy.Column, v any) (any, error) {
	switch v := v.(type) {
	case nil:
		if col.Kind == storecopy.JSON {
			return "", nil
		}
		return nil, nil
	case int16:
		return int64(v), nil
	case int32:
		return int64(v), nil
	case time.Time:
		return v.UTC(), nil
	case string:
		if col.Kind == storecopy.Date {
			return flashback.ParseCivilDate(v)
		}
	}
	return v, nil
}

// toColumn turns a canonical value into what this schema stores.
func toColumn(col storecopy.Column, v any) any {
	switch v := v.(type) {
	case flashback.CivilDate:
		return time.Date(v.Year, v.Month, v.Day, 0, 0, 0, 0, time.UTC)
	case string:
		if col.Kind == storecopy.JSON && v == "" {
			return nil
		}
	}
	return v
}

// copyWriter is the copy's write transaction.
type copyWriter struct {
	copyReader
}

func (w *copyWriter) Clear(ctx context.Context, t storecopy.Table) error {
	_, err := w.tx.Exec(ctx, `DELETE FROM `+t.Name)
	return err
}

// Insert sends rows with COPY: one round trip a batch, not one a row.
func (w *copyWriter) Insert(ctx context.Context, t storecopy.Table, rows []storecopy.Row) error {
	if t.Name == copySubscribers {
		return w.insertSubscribers(ctx, t, rows)
	}
	return w.copyRows(ctx, t.Name, t.Columns, rows)
}

// copyRows sends rows of canonical values, one for each of cols, to table.
func (w *copyWriter) copyRows(ctx context.Context, table string, cols []storecopy.Column, rows []storecopy.Row) error {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	in := make([][]any, len(rows))
	for r, row := range rows {
		vals := make([]any, len(row))
		for i, col := range cols {
			vals[i] = toColumn(col, row[i])
		}
		in[r] = vals
	}
	_, err := w.tx.CopyFrom(ctx, pgx.Identifier{table}, names, pgx.CopyFromRows(in))
	return err
}

// insertSubscribers sends the subscribers to their table and their next
// dates to subscriber_schedule; confirmed follows the status, as the
// schema's trigger keeps it.
func (w *copyWriter) insertSubscribers(ctx context.Context, t storecopy.Table, rows []storecopy.Row) error {
	var subCols []storecopy.Column
	var subIdx []int
	id, status, date, due := -1, -1, -1, -1
	for i, c := range t.Columns {
		switch c.Name {
		case scheduleDate:
			date = i
			continue
		case scheduleDue:
			due = i
			continue
		case "id":
			id = i
		case "status":
			status = i
		}
		subCols, subIdx = append(subCols, c), append(subIdx, i)
	}
	if id < 0 || status < 0 || date < 0 || due < 0 {
		return errors.New("postgres: the copy's subscribers lack id, status, next_date or next_due_at")
	}
	subs := make([]storecopy.Row, len(rows))
	var scheds []storecopy.Row
	for r, row := range rows {
		sub := make(storecopy.Row, len(subIdx))
		for i, j := range subIdx {
			sub[i] = row[j]
		}
		subs[r] = sub
		if row[date] != nil {
			scheds = append(scheds, storecopy.Row{row[id], row[date], row[due], row[status] == string(flashback.SubscriberConfirmed)})
		}
	}
	if err := w.copyRows(ctx, "subscribers", subCols, subs); err != nil {
		return err
	}
	schedCols := []storecopy.Column{{Name: "subscriber_id", Kind: storecopy.Int}, t.Column(scheduleDate),
		t.Column(scheduleDue), {Name: "confirmed", Kind: storecopy.Bool}}
	return w.copyRows(ctx, "subscriber_schedule", schedCols, scheds)
}

// SetCounter moves the identity sequence of t's Serial column past the
// largest key copied; an empty table starts again at 1.
func (w *copyWriter) SetCounter(ctx context.Context, t storecopy.Table) error {
	_, err := w.tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX("`+t.Serial+`"), 0) + 1, false) FROM `+t.Name,
		t.Name, t.Serial)
	return err
}

func (w *copyWriter) Commit() error { return commit(context.Background(), w.tx) }

func (w *copyWriter) Rollback() error {
	err := w.tx.Rollback(context.Background())
	if errors.Is(err, pgx.ErrTxClosed) {
		return nil
	}
	return err
}
