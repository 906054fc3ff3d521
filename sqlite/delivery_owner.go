package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"flashback"
)

// forgetInstancesAfter is how long an instance's record outlives its last
// heartbeat. Its claims ended long before (the lease is minutes); a claim
// whose owner has no record is free, see flashback.ClaimFreeAt.
const forgetInstancesAfter = 24 * time.Hour

// Heartbeat records that inst is running; see flashback.DeliveryStore. Its
// commit is synced to disk, so it also makes the ledger rows written
// before it durable (see SyncEvery).
//
// The first heartbeat of a run registers it and makes the subscribers
// whose digests earlier runs of the same ID had claimed due at once, ahead
// of every digest waiting: those runs are dead, and their claims free
// (flashback.ClaimFreeAt).
func (s *DeliveryStore) Heartbeat(ctx context.Context, inst flashback.Instance) error {
	if inst.IsZero() {
		return errors.New("sqlite: heartbeat of an instance without an ID")
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now, started := formatTime(tx.now), formatTime(inst.StartedAt)
	res, err := tx.ExecContext(ctx, `UPDATE instances SET heartbeat_at = ? WHERE id = ? AND started_at = ?`,
		now, inst.ID, started)
	if err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err := register(ctx, tx, inst); err != nil {
			return err
		}
	}
	return s.db.commitSynced(tx)
}

// register records a new run of an instance, frees what its earlier runs
// left claimed (due at once, first in line), forgets those runs, and
// forgets instances long silent.
func register(ctx context.Context, tx *Tx, inst flashback.Instance) error {
	now, started := formatTime(tx.now), formatTime(inst.StartedAt)
	if _, err := tx.ExecContext(ctx, `INSERT INTO instances (id, started_at, heartbeat_at) VALUES (?, ?, ?)`,
		inst.ID, started, now); err != nil {
		return fmt.Errorf("register instance: %w", err)
	}
	// A claim with an owner keeps its subscriber waiting until at most
	// OwnerDeadAfter after the claim (flashback.DecideDue rechecks it then,
	// for a dead owner), so the due index holds every claim of an earlier
	// run between now and OwnerDeadAfter from now, and those due already
	// need nothing. (After a step back of the clock, a claim beyond that
	// comes due on its own, at most that step later.)
	// They go ahead of the queue (flashback.AheadOfQueue): they were due
	// before anything waiting now, and behind a long backlog they would
	// wait for all of it.
	due, err := aheadOfQueue(ctx, tx)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE subscribers SET next_due_at = ?5
		WHERE status = 'confirmed' AND next_due_at > ?1 AND next_due_at <= ?2 AND EXISTS (
			SELECT 1 FROM deliveries d WHERE d.subscriber_id = subscribers.id
			AND d.local_date = subscribers.next_date AND d.state = 'sending'
			AND d.owner_id = ?3 AND d.owner_started < ?4)`,
		now, formatTime(tx.now.Add(flashback.OwnerDeadAfter)), inst.ID, started, formatTime(due)); err != nil {
		return fmt.Errorf("free the claims of earlier runs: %w", err)
	}
	// The earlier runs are dead for certain; without their records, every
	// instance knows it (flashback.ClaimFreeAt), not only this one.
	if _, err := tx.ExecContext(ctx, `DELETE FROM instances WHERE (id = ? AND started_at < ?) OR heartbeat_at < ?`,
		inst.ID, started, formatTime(tx.now.Add(-forgetInstancesAfter))); err != nil {
		return fmt.Errorf("forget dead instances: %w", err)
	}
	return nil
}

// aheadOfQueue is when the digests a restart frees are due: see
// flashback.AheadOfQueue.
func aheadOfQueue(ctx context.Context, tx *Tx) (time.Time, error) {
	var head sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT MIN(next_due_at) FROM subscribers WHERE status = 'confirmed'`).
		Scan(&head); err != nil {
		return time.Time{}, fmt.Errorf("find the head of the due queue: %w", err)
	}
	var at time.Time
	if head.Valid {
		var err error
		if at, err = parseTime(head.String); err != nil {
			return time.Time{}, err
		}
	}
	return flashback.AheadOfQueue(tx.now, at), nil
}
