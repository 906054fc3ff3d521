package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// openRow is a date a claim left open (a 'sending' or 'retry' ledger row)
// with its subscriber as they are now.
type openRow struct {
	sub    *flashback.Subscriber
	date   flashback.CivilDate
	ledger flashback.LedgerEntry
}

// openFreeAt is when an open ledger row is free by its own columns: a
// retry at its time, a claim at its lease's end. The deliveries_open index
// (migration 024) is on this expression, for rows in those two states.
const openFreeAt = `(CASE WHEN state = 'retry' THEN next_attempt_at ELSE lease_until END)`

// openDigests finds, locks and reads up to limit dates that claims left
// open and that are free now: a lease that ended, a retry whose time came,
// a claim of an owner whose heartbeat is OwnerDeadAfter old (not self's
// run, whose claims end with their lease), the longest free first. A dead
// owner's claim whose outcome is in its journal waits for the replay that
// every pass makes before it claims: claimed now, it would go out again,
// or a retry before its time.
//
// The rows are found without locks, by the deliveries_open index and, for
// the few dead owners, by deliveries_sending. Their subscribers' schedules
// are then locked as a due claim locks them, passing by those another
// claim holds, and the rows read again under the locks: a row sent
// meanwhile reads as sent, and flashback.DecideOpen leaves it alone.
func openDigests(ctx context.Context, tx *Tx, self flashback.Instance, limit int) ([]openRow, error) {
	rows, err := tx.Query(ctx, `SELECT subscriber_id, local_date::text FROM (
			(SELECT subscriber_id, local_date, `+openFreeAt+` AS free_at FROM deliveries
				WHERE state IN ('sending', 'retry') AND `+openFreeAt+` <= $1
				ORDER BY `+openFreeAt+` LIMIT $2)
			UNION
			(SELECT d.subscriber_id, d.local_date, i.heartbeat_at + $3::interval FROM instances i
				JOIN deliveries d ON d.owner_id = i.id AND d.owner_started = i.started_at AND d.state = 'sending'
				WHERE i.heartbeat_at <= $1 - $3::interval AND NOT (i.id = $4 AND i.started_at = $5)
					AND NOT EXISTS (SELECT 1 FROM outcome_journal j WHERE j.instance_id = i.id
						AND j.subscriber_id = d.subscriber_id AND j.local_date = d.local_date)
				LIMIT $2)) AS open
		ORDER BY free_at, subscriber_id, local_date LIMIT $2`,
		tx.now, limit, flashback.OwnerDeadAfter, self.ID, self.StartedAt)
	if err != nil {
		return nil, fmt.Errorf("find open digests: %w", err)
	}
	var ids []int64
	var dates []string
	var id int64
	var date string
	if _, err := pgx.ForEachRow(rows, []any{&id, &date}, func() error {
		ids, dates = append(ids, id), append(dates, date)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("find open digests: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err = tx.Query(ctx, `SELECT subscriber_id FROM subscriber_schedule
		WHERE subscriber_id = ANY ($1) ORDER BY subscriber_id FOR UPDATE SKIP LOCKED`, ids)
	if err != nil {
		return nil, fmt.Errorf("lock the schedules of open digests: %w", err)
	}
	locked, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(locked) == 0 {
		return nil, err
	}
	rows, err = tx.Query(ctx, `SELECT `+prefixed("s.", subscriberFields)+`, sc.next_date::text,
		d.local_date::text, d.state, d.attempts, d.lease_until, d.next_attempt_at,
		d.owner_id, d.owner_started, i.heartbeat_at
		FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY AS v (id, d, n)
		JOIN subscriber_schedule sc ON sc.subscriber_id = v.id
		JOIN deliveries d ON d.subscriber_id = v.id AND d.local_date = v.d::date
		JOIN subscribers s ON s.id = v.id
		LEFT JOIN instances i ON i.id = d.owner_id AND i.started_at = d.owner_started
		WHERE v.id = ANY ($3)
		ORDER BY v.n`, ids, dates, locked)
	if err != nil {
		return nil, fmt.Errorf("read open digests: %w", err)
	}
	open, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (openRow, error) {
		var l ledgerCols
		var date string
		sub, err := scanSubscriber(row, append([]any{&date}, l.dest()...)...)
		if err != nil {
			return openRow{}, err
		}
		o := openRow{sub: sub, ledger: *l.entry()}
		o.date, err = flashback.ParseCivilDate(date)
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("read open digests: %w", err)
	}
	return open, nil
}

// reopenedRows are open ledger rows a claim rewrites, each only while it
// is still as the claim read it (state and attempt count): the outcome of
// a send may land in the ledger without the subscriber's schedule lock
// (OutcomeLog.Append writes sent outcomes directly), and a sent digest
// stays sent.
type reopenedRows struct {
	ids          []int64
	dates        []string
	wasStates    []string
	wasAttempts  []int32
	states       []string
	attempts     []int32
	leases       []*time.Time
	ownerIDs     []*string
	ownerStarted []*time.Time
	reasons      []string
}

type openKey struct {
	id   int64
	date string
}

func (r *reopenedRows) add(o openRow, state flashback.DeliveryState, attempts int, lease *time.Time,
	owner *flashback.Instance, reason string) {
	r.ids, r.dates = append(r.ids, o.sub.ID), append(r.dates, o.date.String())
	r.wasStates, r.wasAttempts = append(r.wasStates, string(o.ledger.State)), append(r.wasAttempts, int32(o.ledger.Attempts))
	r.states, r.attempts = append(r.states, string(state)), append(r.attempts, int32(attempts))
	r.leases, r.reasons = append(r.leases, lease), append(r.reasons, reason)
	if owner != nil {
		r.ownerIDs, r.ownerStarted = append(r.ownerIDs, &owner.ID), append(r.ownerStarted, &owner.StartedAt)
	} else {
		r.ownerIDs, r.ownerStarted = append(r.ownerIDs, nil), append(r.ownerStarted, nil)
	}
}

// write rewrites the rows and returns the claims among them that took: a
// row that changed since the claim read it keeps its change.
func (r *reopenedRows) write(ctx context.Context, tx *Tx) (map[openKey]bool, error) {
	if len(r.ids) == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `UPDATE deliveries d SET state = v.state, attempts = v.attempts,
		lease_until = v.lease, next_attempt_at = NULL, owner_id = v.owner_id, owner_started = v.owner_started,
		reason = v.reason, updated_at = $11
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::integer[],
			$7::timestamptz[], $8::text[], $9::timestamptz[], $10::text[])
			AS v (id, d, was_state, was_attempts, state, attempts, lease, owner_id, owner_started, reason)
		WHERE d.subscriber_id = v.id AND d.local_date = v.d::date
			AND d.state = v.was_state AND d.attempts = v.was_attempts
		RETURNING d.subscriber_id, d.local_date::text`,
		r.ids, r.dates, r.wasStates, r.wasAttempts, r.states, r.attempts, r.leases, r.ownerIDs,
		r.ownerStarted, r.reasons, tx.now)
	if err != nil {
		return nil, fmt.Errorf("rewrite open ledger rows: %w", err)
	}
	took := map[openKey]bool{}
	var k openKey
	if _, err := pgx.ForEachRow(rows, []any{&k.id, &k.date}, func() error {
		took[k] = true
		return nil
	}); err != nil {
		return nil, fmt.Errorf("rewrite open ledger rows: %w", err)
	}
	return took, nil
}
