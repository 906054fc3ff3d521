package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// dueRow is a due subscriber with the ledger row of their next date, if any.
type dueRow struct {
	sub    *flashback.Subscriber
	ledger *flashback.LedgerEntry // nil when there is none
}

// dueSubscribers lists and locks the schedules of confirmed subscribers
// whose next_due_at has come, the longest waiting first, and reads each
// subscriber with the ledger row of their next date. Schedules another
// claim has locked are skipped, not waited for: that claim is handling
// them.
//
// The lock is taken by a query of the schedule table alone, the plain
// shape of a queue that PostgreSQL handles well under contention; the
// subscribers and their ledger rows are read after it, for the rows it
// locked. The subscribers rows are not locked: every writer that changes
// one the claim depends on locks its schedule row first (lockSchedule).
//
// Claimed subscribers leave this set (a claim moves them on to the next
// day, flashback.DecideDue), so each call takes the next page without an
// offset.
func dueSubscribers(ctx context.Context, tx *Tx, limit int) ([]dueRow, error) {
	rows, err := tx.Query(ctx, `SELECT subscriber_id FROM subscriber_schedule
		WHERE confirmed AND next_due_at <= $1
		ORDER BY next_due_at, subscriber_id LIMIT $2
		FOR UPDATE SKIP LOCKED`, tx.now, limit)
	if err != nil {
		return nil, fmt.Errorf("claim due subscribers: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	rows, err = tx.Query(ctx, `SELECT `+prefixed("s.", subscriberFields)+`, sc.next_date::text,
		d.state, d.attempts, d.lease_until, d.next_attempt_at,
		d.owner_id, d.owner_started, i.heartbeat_at
		FROM subscriber_schedule sc JOIN subscribers s ON s.id = sc.subscriber_id
		LEFT JOIN deliveries d ON d.subscriber_id = sc.subscriber_id AND d.local_date = sc.next_date
		LEFT JOIN instances i ON i.id = d.owner_id AND i.started_at = d.owner_started
		WHERE sc.subscriber_id = ANY ($1)
		ORDER BY sc.next_due_at, sc.subscriber_id`, ids)
	if err != nil {
		return nil, fmt.Errorf("find due subscribers: %w", err)
	}
	due, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (dueRow, error) {
		var l ledgerCols
		sub, err := scanSubscriber(row, l.dest()...)
		if err != nil {
			return dueRow{}, err
		}
		return dueRow{sub: sub, ledger: l.entry()}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("find due subscribers: %w", err)
	}
	return due, nil
}

// ledgerCols are the ledger columns dueSubscribers reads after the
// subscriber's, all NULL when the row does not exist.
type ledgerCols struct {
	state, ownerID                       *string
	attempts                             *int32
	lease, next, ownerStarted, heartbeat *time.Time
}

func (l *ledgerCols) dest() []any {
	return []any{&l.state, &l.attempts, &l.lease, &l.next, &l.ownerID, &l.ownerStarted, &l.heartbeat}
}

func (l *ledgerCols) entry() *flashback.LedgerEntry {
	if l.state == nil {
		return nil
	}
	e := &flashback.LedgerEntry{State: flashback.DeliveryState(*l.state), LeaseUntil: utc(l.lease),
		NextAttempt: utc(l.next)}
	if l.attempts != nil {
		e.Attempts = int(*l.attempts)
	}
	if l.ownerID != nil {
		e.Owner = &flashback.LeaseOwner{Instance: flashback.Instance{ID: *l.ownerID, StartedAt: utc(l.ownerStarted)},
			Heartbeat: utc(l.heartbeat)}
	}
	return e
}

// suppressedAmong returns the IDs of the subscribers whose address is on
// the suppression list, in one query for a claim's whole batch.
func suppressedAmong(ctx context.Context, tx *Tx, subs []*flashback.Subscriber) (map[int64]bool, error) {
	byHash := make(map[string]int64, len(subs))
	hashes := make([][]byte, len(subs))
	for i, sub := range subs {
		h := flashback.EmailHash(sub.Email)
		byHash[string(h)] = sub.ID
		hashes[i] = h
	}
	out := map[int64]bool{}
	if len(hashes) == 0 {
		return out, nil
	}
	rows, err := tx.Query(ctx, `SELECT email_hash FROM suppressions WHERE email_hash = ANY ($1)`, hashes)
	if err != nil {
		return nil, fmt.Errorf("check suppressions: %w", err)
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		return nil, fmt.Errorf("check suppressions: %w", err)
	}
	for _, h := range found {
		out[byHash[string(h)]] = true
	}
	return out, nil
}

// prefixed qualifies each column of a comma-separated list.
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}
