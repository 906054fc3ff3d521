package postgres

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
// commit waits for the server's disk, and so makes the claims and outcomes
// committed before it durable too.
//
// The first heartbeat of a run registers it and makes the subscribers
// whose digests earlier runs of the same ID had claimed due at once: those
// runs are dead, and their claims free (flashback.ClaimFreeAt).
func (s *DeliveryStore) Heartbeat(ctx context.Context, inst flashback.Instance) error {
	if inst.IsZero() {
		return errors.New("postgres: heartbeat of an instance without an ID")
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	tag, err := tx.Exec(ctx, `UPDATE instances SET heartbeat_at = $1 WHERE id = $2 AND started_at = $3`,
		tx.now, inst.ID, inst.StartedAt)
	if err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	if tag.RowsAffected() == 0 {
		if err := register(ctx, tx, inst); err != nil {
			return err
		}
	}
	return commit(ctx, tx)
}

// register records a new run of an instance, frees what its earlier runs
// left claimed, and forgets instances long silent.
func register(ctx context.Context, tx *Tx, inst flashback.Instance) error {
	if _, err := tx.Exec(ctx, `INSERT INTO instances (id, started_at, heartbeat_at) VALUES ($1, $2, $3)
		ON CONFLICT (id, started_at) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
		inst.ID, inst.StartedAt, tx.now); err != nil {
		return fmt.Errorf("register instance: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE subscribers SET next_due_at = $1 WHERE id IN (
		SELECT subscriber_id FROM deliveries WHERE state = 'sending' AND owner_id = $2 AND owner_started < $3)`,
		tx.now, inst.ID, inst.StartedAt); err != nil {
		return fmt.Errorf("free the claims of earlier runs: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM instances WHERE heartbeat_at < $1`,
		tx.now.Add(-forgetInstancesAfter)); err != nil {
		return fmt.Errorf("forget silent instances: %w", err)
	}
	return nil
}

// DueQueue counts the digests due and unclaimed; see
// flashback.DeliveryStore. The subscribers_due partial index answers it.
func (s *DeliveryStore) DueQueue(ctx context.Context) (flashback.DueQueue, error) {
	var q flashback.DueQueue
	var oldest *time.Time
	err := s.db.pool.QueryRow(ctx, `SELECT COUNT(*), MIN(next_due_at) FROM subscribers
		WHERE status = 'confirmed' AND next_due_at <= $1`, s.db.txNow()).Scan(&q.Depth, &oldest)
	if err != nil {
		return q, fmt.Errorf("count due digests: %w", err)
	}
	q.Oldest = utc(oldest)
	return q, nil
}
