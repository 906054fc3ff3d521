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
// commit is synced to disk, so it also makes the outcomes recorded before
// it durable (see CompleteDeliveries).
func (s *DeliveryStore) Heartbeat(ctx context.Context, inst flashback.Instance) error {
	if inst.IsZero() {
		return errors.New("sqlite: heartbeat of an instance without an ID")
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := formatTime(tx.now)
	if _, err := tx.ExecContext(ctx, `INSERT INTO instances (id, started_at, heartbeat_at)
		VALUES (?, ?, ?) ON CONFLICT (id, started_at) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
		inst.ID, formatTime(inst.StartedAt), now); err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM instances WHERE heartbeat_at < ?`,
		formatTime(tx.now.Add(-forgetInstancesAfter))); err != nil {
		return fmt.Errorf("forget silent instances: %w", err)
	}
	return s.db.commitSynced(tx)
}
