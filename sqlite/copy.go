package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"time"

	"flashback"
	"flashback/storecopy"
)

var _ storecopy.Database = (*DB)(nil)

// Snapshot starts a read transaction: in WAL mode it sees the database as
// of its first read, whatever is committed meanwhile.
func (db *DB) Snapshot(ctx context.Context) (storecopy.Snapshot, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	return &copyReader{q: tx, end: tx.Rollback}, nil
}

// BeginCopy starts the copy's write transaction.
func (db *DB) BeginCopy(ctx context.Context) (storecopy.Writer, error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	return &copyWriter{copyReader: copyReader{q: tx.Tx, end: tx.Rollback}, tx: tx, stmts: map[string]*sql.Stmt{}}, nil
}

// copyReader reads tables as canonical rows.
type copyReader struct {
	q interface {
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	}
	end func() error
}

func (r *copyReader) Close() error { return r.end() }

func (r *copyReader) Count(ctx context.Context, t storecopy.Table) (int64, error) {
	var n int64
	err := r.q.QueryRowContext(ctx, `SELECT count(*) FROM `+t.Name).Scan(&n)
	return n, err
}

func (r *copyReader) Rows(ctx context.Context, t storecopy.Table, fn func(storecopy.Row) error) error {
	rows, err := r.q.QueryContext(ctx, `SELECT `+columnList(t)+` FROM `+t.Name+` ORDER BY `+strings.Join(t.Key, ", "))
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]any, len(t.Columns))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
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

func columnList(t storecopy.Table) string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = `"` + c.Name + `"`
	}
	return strings.Join(names, ", ")
}

// fromColumn turns what the driver read into a canonical value.
func fromColumn(col storecopy.Column, v any) (any, error) {
	if b, ok := v.([]byte); ok && col.Kind != storecopy.Bytes {
		v = string(b) // text stored as a blob reads as one
	}
	if v == nil {
		if col.Kind == storecopy.JSON {
			return "", nil
		}
		return nil, nil
	}
	switch col.Kind {
	case storecopy.Bool:
		n, ok := v.(int64)
		return n != 0, wantType(ok, v)
	case storecopy.Float:
		if n, ok := v.(int64); ok {
			return float64(n), nil
		}
	case storecopy.Time:
		s, ok := v.(string)
		if !ok {
			return nil, wantType(ok, v)
		}
		return parseTime(s)
	case storecopy.Date:
		s, ok := v.(string)
		if !ok {
			return nil, wantType(ok, v)
		}
		return flashback.ParseCivilDate(s)
	case storecopy.Bytes:
		if s, ok := v.(string); ok {
			return []byte(s), nil
		}
	}
	return v, nil
}

func wantType(ok bool, v any) error {
	if ok {
		return nil
	}
	return fmt.Errorf("unexpected stored value of type %T", v)
}

// toColumn turns a canonical value into what this schema stores.
func toColumn(v any) any {
	switch v := v.(type) {
	case time.Time:
		return formatTime(v)
	case flashback.CivilDate:
		return v.String()
	case bool:
		if v {
			return 1
		}
		return 0
	}
	return v
}

// copyWriter is the copy's write transaction.
type copyWriter struct {
	copyReader
	tx    *Tx
	stmts map[string]*sql.Stmt
}

func (w *copyWriter) Clear(ctx context.Context, t storecopy.Table) error {
	_, err := w.tx.ExecContext(ctx, `DELETE FROM `+t.Name)
	return err
}

func (w *copyWriter) Insert(ctx context.Context, t storecopy.Table, rows []storecopy.Row) error {
	stmt, ok := w.stmts[t.Name]
	if !ok {
		marks := strings.Repeat(", ?", len(t.Columns))[2:]
		var err error
		if stmt, err = w.tx.PrepareContext(ctx, `INSERT INTO `+t.Name+` (`+columnList(t)+`) VALUES (`+marks+`)`); err != nil {
			return err
		}
		w.stmts[t.Name] = stmt
	}
	args := make([]any, len(t.Columns))
	for _, row := range rows {
		for i := range t.Columns {
			args[i] = toColumn(row[i])
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// SetCounter does nothing: SQLite numbers a new row past the largest key
// the table holds.
func (w *copyWriter) SetCounter(context.Context, storecopy.Table) error { return nil }

func (w *copyWriter) Commit() error {
	if err := w.tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func (w *copyWriter) Rollback() error { return w.tx.Rollback() }

// SameFile reports whether DSNs a and b name one existing database file,
// however each spells its path.
func SameFile(a, b string) bool {
	pa, errA := pathFromDSN(a)
	pb, errB := pathFromDSN(b)
	if errA != nil || errB != nil {
		return false
	}
	fa, errA := os.Stat(pa)
	fb, errB := os.Stat(pb)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}
