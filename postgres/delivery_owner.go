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
// The first heartbeat of a run registers it and marks earlier runs of the
// same ID dead: their claims are free (flashback.ClaimFreeAt) at once, for
// every instance.
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

// register records a new run of an instance, marks its earlier runs dead,
// and forgets instances long silent.
func register(ctx context.Context, tx *Tx, inst flashback.Instance) error {
	if err := awaitEarlierJournal(ctx, tx, inst); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO instances (id, started_at, heartbeat_at) VALUES ($1, $2, $3)
		ON CONFLICT (id, started_at) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
		inst.ID, inst.StartedAt, tx.now); err != nil {
		return fmt.Errorf("register instance: %w", err)
	}
	// The earlier runs are dead for certain. Their records say so to every
	// instance (flashback.ClaimFreeAt), not only to this one: their last
	// heartbeat is moved back to OwnerDeadAfter ago, so that the next claim
	// anywhere finds their claims among the open dates (which go ahead of
	// every digest waiting, being due before it), and counts them taken
	// over. Instances long silent are forgotten.
	if _, err := tx.Exec(ctx, `UPDATE instances SET heartbeat_at = $3
		WHERE id = $1 AND started_at < $2 AND heartbeat_at > $3`,
		inst.ID, inst.StartedAt, tx.now.Add(-flashback.OwnerDeadAfter)); err != nil {
		return fmt.Errorf("mark earlier runs dead: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM instances WHERE heartbeat_at < $1`,
		tx.now.Add(-forgetInstancesAfter)); err != nil {
		return fmt.Errorf("forget dead instances: %w", err)
	}
	return nil
}

// earlierJournalWait bounds awaitEarlierJournal: the server notices a
// dead client's connection within moments, however busy; a lock held longer
// belongs to a process that is alive.
const earlierJournalWait = "30s"

// awaitEarlierJournal waits until no earlier run of inst holds its outcome
// journal. A killed process's journal stays locked until the server notices
// its connection closed, which a busy server may take a second or more to
// do, while the process's restart can be quicker. Claims freed before then
// would be taken before the journal can be replayed, and a digest sent and
// journaled would go out again; and the restart could not open its journal.
func awaitEarlierJournal(ctx context.Context, tx *Tx, inst flashback.Instance) error {
	var earlier bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM instances WHERE id = $1 AND started_at < $2)`,
		inst.ID, inst.StartedAt).Scan(&earlier); err != nil {
		return fmt.Errorf("find earlier runs: %w", err)
	}
	if !earlier {
		return nil
	}
	if _, err := tx.Exec(ctx, `SET LOCAL lock_timeout = '`+earlierJournalWait+`'`); err != nil {
		return fmt.Errorf("wait for the outcome journal of earlier runs: %w", err)
	}
	// The lock ends with the transaction, leaving the journal to the
	// replay that every pass makes before it claims.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(`+journalLock+`)`, inst.ID); err != nil {
		return fmt.Errorf("wait for the outcome journal of earlier runs: %w", err)
	}
	return nil
}

// DueQueue counts the digests due and unclaimed; see
// flashback.DeliveryStore: the subscribers due (the subscriber_schedule_due
// partial index answers that) and the open dates free by their own columns,
// a lease that ended or a retry whose time came (deliveries_open). A dead
// owner's claims whose lease still runs are not counted: finding them
// takes a join with the instances, and they are few and brief (a claim is
// taken over OwnerDeadAfter after its owner's last heartbeat).
func (s *DeliveryStore) DueQueue(ctx context.Context) (flashback.DueQueue, error) {
	var q flashback.DueQueue
	var dueN, openN int
	var dueOldest, openOldest *time.Time
	err := s.db.pool.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM subscriber_schedule WHERE confirmed AND next_due_at <= $1),
		(SELECT MIN(next_due_at) FROM subscriber_schedule WHERE confirmed AND next_due_at <= $1),
		(SELECT COUNT(*) FROM deliveries WHERE state IN ('sending', 'retry') AND `+openFreeAt+` <= $1),
		(SELECT MIN(`+openFreeAt+`) FROM deliveries WHERE state IN ('sending', 'retry') AND `+openFreeAt+` <= $1)`,
		s.db.txNow()).Scan(&dueN, &dueOldest, &openN, &openOldest)
	if err != nil {
		return q, fmt.Errorf("count due digests: %w", err)
	}
	q.Depth = dueN + openN
	for _, t := range []*time.Time{dueOldest, openOldest} {
		if t != nil && (q.Oldest.IsZero() || t.Before(q.Oldest)) {
			q.Oldest = t.UTC()
		}
	}
	return q, nil
}
