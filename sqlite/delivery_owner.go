package sqlite

import (
	"context"
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
// The first heartbeat of a run registers it and marks earlier runs of the
// same ID dead: their claims are free (flashback.ClaimFreeAt) at once, for
// every instance, and the next claim takes them first.
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

// register records a new run of an instance, marks its earlier runs dead,
// and forgets instances long silent.
func register(ctx context.Context, tx *Tx, inst flashback.Instance) error {
	now, started := formatTime(tx.now), formatTime(inst.StartedAt)
	if _, err := tx.ExecContext(ctx, `INSERT INTO instances (id, started_at, heartbeat_at) VALUES (?, ?, ?)`,
		inst.ID, started, now); err != nil {
		return fmt.Errorf("register instance: %w", err)
	}
	// The earlier runs are dead for certain. Their records say so to every
	// instance (flashback.ClaimFreeAt), not only to this one: their last
	// heartbeat moves back to OwnerDeadAfter ago, so that the next claim
	// anywhere finds their claims among the open dates (openDigests),
	// which go ahead of every digest waiting (they were due before it),
	// and counts them taken over.
	dead := formatTime(tx.now.Add(-flashback.OwnerDeadAfter))
	if _, err := tx.ExecContext(ctx, `UPDATE instances SET heartbeat_at = ?3
		WHERE id = ?1 AND started_at < ?2 AND heartbeat_at > ?3`, inst.ID, started, dead); err != nil {
		return fmt.Errorf("mark earlier runs dead: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM instances WHERE heartbeat_at < ?`,
		formatTime(tx.now.Add(-forgetInstancesAfter))); err != nil {
		return fmt.Errorf("forget dead instances: %w", err)
	}
	return nil
}
