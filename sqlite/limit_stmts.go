package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"flashback"
)

// limitEntry is one key of a batch: its bucket as read, then as the ops
// left it.
type limitEntry struct {
	key    flashback.LimitKey
	bucket flashback.Bucket
	dirty  bool
}

// limitSizes are the numbers of keys the batch's read statements are
// prepared for, largest first: a batch's keys are read in as few
// statements as these sizes add up to (21 keys: 16, 4 and 1), each
// prepared once, rather than a statement of its own length parsed anew
// every time.
var limitSizes = [...]int{64, 16, 4, 1}

// limitStmts are the batch's statements, prepared once on the writer and
// kept: parsing them again for every transaction was a third of its cost.
// read[i] takes limitSizes[i] keys.
type limitStmts struct {
	read          [len(limitSizes)]*sql.Stmt
	write, forget *sql.Stmt
}

// readBucketsSQL reads the buckets of n keys; a key never seen has no row.
func readBucketsSQL(n int) string {
	return `SELECT key, tokens, at FROM rate_limits WHERE key IN (` + strings.Repeat("?, ", n-1) + `?)`
}

// writeBucketSQL writes one key's bucket.
const writeBucketSQL = `INSERT INTO rate_limits (key, tokens, at, full_at) VALUES (?, ?, ?, ?)
	ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, at = excluded.at, full_at = excluded.full_at`

// prepare makes the statements on first use, on db, before a transaction
// holds its one connection; a failure is tried again by the next batch.
func (st *limitStmts) prepare(ctx context.Context, db *sql.DB) error {
	if st.forget != nil {
		return nil
	}
	var all []*sql.Stmt
	queries := []string{forgetFullBucketsSQL, writeBucketSQL}
	for _, n := range limitSizes {
		queries = append(queries, readBucketsSQL(n))
	}
	for _, q := range queries {
		p, err := db.PrepareContext(ctx, q)
		if err != nil {
			for _, p := range all {
				p.Close()
			}
			return fmt.Errorf("prepare rate limits: %w", err)
		}
		all = append(all, p)
	}
	st.forget, st.write = all[0], all[1]
	copy(st.read[:], all[2:])
	return nil
}

// sized returns the index in limitSizes of the largest statement that n
// keys fill.
func sized(n int) int {
	for i, size := range limitSizes {
		if size <= n {
			return i
		}
	}
	panic("sqlite: no statement for no keys")
}

// readBuckets reads the buckets of entries, which are distinct, into
// them; byKey finds an entry by its key.
func (st *limitStmts) readBuckets(ctx context.Context, tx *Tx, entries []*limitEntry, byKey map[string]*limitEntry) error {
	args := make([]any, 0, min(len(entries), limitSizes[0]))
	for rest := entries; len(rest) > 0; {
		i := sized(len(rest))
		args = args[:0]
		for _, e := range rest[:limitSizes[i]] {
			args = append(args, e.key.Key)
		}
		rest = rest[limitSizes[i]:]
		// The statement of the writer connection the transaction holds,
		// which database/sql finds already prepared there.
		if err := scanBuckets(ctx, tx.StmtContext(ctx, st.read[i]), args, byKey); err != nil {
			return err
		}
	}
	return nil
}

func scanBuckets(ctx context.Context, read *sql.Stmt, args []any, byKey map[string]*limitEntry) error {
	defer read.Close()
	rows, err := read.QueryContext(ctx, args...)
	if err != nil {
		return fmt.Errorf("read rate limits: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key []byte
		var at string
		var b flashback.Bucket
		if err := rows.Scan(&key, &b.Tokens, &at); err != nil {
			return fmt.Errorf("read rate limits: %w", err)
		}
		if b.At, err = parseTime(at); err != nil {
			return err
		}
		if e := byKey[string(key)]; e != nil {
			e.bucket = b
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read rate limits: %w", err)
	}
	return nil
}

// writeBuckets writes the buckets of entries, one statement each: a
// statement of many rows, which SQLite must be able to undo alone, had it
// copy every page it changed to a statement journal first, which cost
// more than the statements it saved.
func (st *limitStmts) writeBuckets(ctx context.Context, tx *Tx, entries []*limitEntry) error {
	if len(entries) == 0 {
		return nil
	}
	write := tx.StmtContext(ctx, st.write)
	defer write.Close()
	for _, e := range entries {
		_, err := write.ExecContext(ctx, e.key.Key, e.bucket.Tokens, formatTime(e.bucket.At), formatTime(e.key.Rate.FullAt(e.bucket)))
		if err != nil {
			return fmt.Errorf("write rate limit: %w", err)
		}
	}
	return nil
}
