package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"flashback"
)

// dueRow is a due subscriber with the ledger row of their next date, if any.
type dueRow struct {
	sub    *flashback.Subscriber
	ledger *flashback.LedgerEntry // nil when there is none
}

// dueQuery lists the due subscribers (?1 is now), at most ?2; see
// dueSubscribers.
func dueQuery() string {
	return `SELECT ` + prefixed("s.", subscriberColumns) + `,
		d.state, d.attempts, d.lease_until, d.next_attempt_at,
		d.owner_id, d.owner_started, i.heartbeat_at
		FROM subscribers s LEFT JOIN deliveries d
			ON d.subscriber_id = s.id AND d.local_date = s.next_date
		LEFT JOIN instances i ON i.id = d.owner_id AND i.started_at = d.owner_started
		WHERE s.status = 'confirmed' AND s.next_due_at <= ?1
		ORDER BY s.next_due_at, s.id LIMIT ?2`
}

// dueSubscribers lists confirmed subscribers whose next_due_at has come, the
// longest waiting first, each with the ledger row of their next date. Every
// decision about a due subscriber moves their next_due_at into the future
// (a claim or a skip to the next day's wake-up) or suppresses them, so
// each call takes the next page without an offset.
func dueSubscribers(ctx context.Context, tx *Tx, stmts *stmtCache, limit int) ([]dueRow, error) {
	rows, err := stmts.query(ctx, tx, dueQuery(), formatTime(tx.now), limit)
	if err != nil {
		return nil, fmt.Errorf("find due subscribers: %w", err)
	}
	defer rows.Close()
	due := make([]dueRow, 0, limit)
	// Every Scan sets all of l, so one serves every row.
	var l ledgerCols
	scan := &multiScanner{r: rows, extra: l.dest()}
	for rows.Next() {
		var r dueRow
		if r.sub, err = scanSubscriber(scan); err != nil {
			return nil, err
		}
		if r.ledger, err = l.row(); err != nil {
			return nil, err
		}
		due = append(due, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find due subscribers: %w", err)
	}
	return due, nil
}

// ledgerCols are the ledger columns dueSubscribers and openDigests read
// after the subscriber's, all NULL when the row does not exist.
type ledgerCols struct {
	state, lease, next, ownerID, ownerStarted, heartbeat sql.NullString
	attempts                                             sql.NullInt64
}

func (l *ledgerCols) dest() []any {
	return []any{&l.state, &l.attempts, &l.lease, &l.next, &l.ownerID, &l.ownerStarted, &l.heartbeat}
}

func (l *ledgerCols) row() (*flashback.LedgerEntry, error) {
	if !l.state.Valid {
		return nil, nil
	}
	r := &flashback.LedgerEntry{State: flashback.DeliveryState(l.state.String), Attempts: int(l.attempts.Int64)}
	var errs [4]error
	r.LeaseUntil, errs[0] = parseNullTime(l.lease)
	r.NextAttempt, errs[1] = parseNullTime(l.next)
	if l.ownerID.Valid {
		r.Owner = &flashback.LeaseOwner{Instance: flashback.Instance{ID: l.ownerID.String}}
		r.Owner.StartedAt, errs[2] = parseNullTime(l.ownerStarted)
		r.Owner.Heartbeat, errs[3] = parseNullTime(l.heartbeat)
	}
	return r, errors.Join(errs[:]...)
}

// multiScanner appends extra destinations to every Scan, so that
// scanSubscriber can read rows with more columns after its own. It keeps
// the joined list for the next row, rather than allocate one per row.
type multiScanner struct {
	r     rowScanner
	extra []any
	all   []any
}

func (m *multiScanner) Scan(dest ...any) error {
	m.all = append(append(m.all[:0], dest...), m.extra...)
	return m.r.Scan(m.all...)
}

// prefixed qualifies each column of a comma-separated list.
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// suppressedAmong returns the IDs of the subscribers whose address is on
// the suppression list, with a few queries for the whole batch.
func suppressedAmong(ctx context.Context, tx *Tx, stmts *stmtCache, subs []*flashback.Subscriber) (map[int64]bool, error) {
	byHash := make(map[string]int64, len(subs))
	args := make([]any, len(subs))
	for i, sub := range subs {
		h := flashback.EmailHash(sub.Email)
		byHash[string(h)] = sub.ID
		args[i] = h
	}
	out := map[int64]bool{}
	for len(args) > 0 {
		n := chunkSize(len(args))
		st, err := stmts.in(ctx, tx, suppressedQuery(n))
		if err != nil {
			return nil, fmt.Errorf("check suppressions: %w", err)
		}
		if err := scanSuppressed(ctx, st, args[:n], byHash, out); err != nil {
			return nil, err
		}
		args = args[n:]
	}
	return out, nil
}

func scanSuppressed(ctx context.Context, st *sql.Stmt, args []any, byHash map[string]int64, out map[int64]bool) error {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return fmt.Errorf("check suppressions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h []byte
		if err := rows.Scan(&h); err != nil {
			return fmt.Errorf("check suppressions: %w", err)
		}
		out[byHash[string(h)]] = true
	}
	return rows.Err()
}
