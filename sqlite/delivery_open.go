package sqlite

import (
	"context"
	"fmt"

	"flashback"
)

// openRow is a ledger row a claim left open, with its subscriber as they
// are now.
type openRow struct {
	sub    *flashback.Subscriber
	date   flashback.CivilDate
	ledger flashback.LedgerEntry
}

// freeAt is the instant an open row becomes free, as the deliveries_open
// index holds it (migration 023): a query's expression must be the index's
// for SQLite to use the index.
const freeAt = `(CASE d.state WHEN 'retry' THEN d.next_attempt_at ELSE d.lease_until END)`

// openColumns are what openDigests reads per row: the subscriber's
// columns, the date and ledgerCols.
func openColumns() string {
	return prefixed("s.", subscriberColumns) + `, d.local_date, d.state, d.attempts, d.lease_until,
		d.next_attempt_at, d.owner_id, d.owner_started, i.heartbeat_at`
}

// openFreeQuery lists the open rows whose lease ended or whose retry time
// came (?1 is now), the longest free first, at most ?2. CROSS JOIN keeps
// SQLite on the range of deliveries_open, whatever it guesses of the
// tables' sizes.
func openFreeQuery() string {
	return `SELECT ` + openColumns() + ` FROM deliveries d
		CROSS JOIN subscribers s ON s.id = d.subscriber_id
		LEFT JOIN instances i ON i.id = d.owner_id AND i.started_at = d.owner_started
		WHERE d.state IN ('sending', 'retry') AND ` + freeAt + ` <= ?1
		ORDER BY ` + freeAt + `, d.state, d.subscriber_id, d.local_date LIMIT ?2`
}

// openDeadQuery lists the claims whose lease still runs (?2 is now) but
// whose owner's latest heartbeat is at or before ?1, longest dead first, at
// most ?5: the owner is dead (flashback.ClaimFreeAt). The claiming run
// itself (?3, ?4) is left out: its own claims are never free before their
// lease ends, and a pass would read them again and again. The instances
// table holds a row per run of the last day, so reading it whole is cheap;
// each dead run's claims come from deliveries_sending.
func openDeadQuery() string {
	return `SELECT ` + openColumns() + ` FROM instances i
		CROSS JOIN deliveries d ON d.owner_id = i.id AND d.owner_started = i.started_at AND d.state = 'sending'
		CROSS JOIN subscribers s ON s.id = d.subscriber_id
		WHERE i.heartbeat_at <= ?1 AND d.lease_until > ?2 AND NOT (i.id IS ?3 AND i.started_at IS ?4)
		ORDER BY i.heartbeat_at, d.subscriber_id, d.local_date LIMIT ?5`
}

// openDigests lists the open ledger rows free now, at most opts.Limit:
// first those whose lease ended or whose retry time came, then the claims
// of owners dead by their heartbeat (a restart marks its earlier runs so,
// see register). A claim whose owner has no record is free too, but is not
// looked for: a record goes a day after its last heartbeat, long after
// the lease.
//
// Each row found leaves the set once decided: it is claimed again with a
// new lease (owned by the claiming run, or by none), or skipped.
func openDigests(ctx context.Context, tx *Tx, stmts *stmtCache, opts flashback.ClaimOptions) ([]openRow, error) {
	now := formatTime(tx.now)
	open, err := readOpen(ctx, tx, stmts, openFreeQuery(), now, opts.Limit)
	if err != nil {
		return nil, err
	}
	left := opts.Limit - len(open)
	if left == 0 {
		return open, nil
	}
	var self, selfStarted any
	if o := opts.Owner; !o.IsZero() {
		self, selfStarted = o.ID, formatTime(o.StartedAt)
	}
	dead, err := readOpen(ctx, tx, stmts, openDeadQuery(),
		formatTime(tx.now.Add(-flashback.OwnerDeadAfter)), now, self, selfStarted, left)
	if err != nil {
		return nil, err
	}
	return append(open, dead...), nil
}

// readOpen runs one of the open queries.
func readOpen(ctx context.Context, tx *Tx, stmts *stmtCache, q string, args ...any) ([]openRow, error) {
	rows, err := stmts.query(ctx, tx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find open digests: %w", err)
	}
	defer rows.Close()
	var out []openRow
	// Every Scan sets all of date and l, so one of each serves every row.
	var date string
	var l ledgerCols
	scan := &multiScanner{r: rows, extra: append([]any{&date}, l.dest()...)}
	for rows.Next() {
		r, err := scanOpen(scan, &date, &l)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find open digests: %w", err)
	}
	return out, nil
}

// scanOpen reads one row of the open queries into an openRow.
func scanOpen(scan *multiScanner, date *string, l *ledgerCols) (openRow, error) {
	var r openRow
	var err error
	if r.sub, err = scanSubscriber(scan); err != nil {
		return r, fmt.Errorf("find open digests: %w", err)
	}
	if r.date, err = flashback.ParseCivilDate(*date); err != nil {
		return r, err
	}
	entry, err := l.row()
	if err != nil {
		return r, err
	}
	r.ledger = *entry // never nil: the queries read existing rows
	return r, nil
}
