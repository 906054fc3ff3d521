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
// whose digests earlier runs of the same ID had claimed due at once, ahead
// of every digest waiting: those runs are dead, and their claims free
// (flashback.ClaimFreeAt).
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
// left claimed (due at once, first in line), forgets those runs, and
// forgets instances long silent.
func register(ctx context.Context, tx *Tx, inst flashback.Instance) error {
	if err := awaitEarlierJournal(ctx, tx, inst); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO instances (id, started_at, heartbeat_at) VALUES ($1, $2, $3)
		ON CONFLICT (id, started_at) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
		inst.ID, inst.StartedAt, tx.now); err != nil {
		return fmt.Errorf("register instance: %w", err)
	}
	// Ahead of the queue (flashback.AheadOfQueue): they were due before
	// anything waiting now, and behind a long backlog they would wait for
	// all of it. Not those with an outcome in the journal: any instance may
	// take what is freed here before the journal is replayed, and would
	// send them again; the replay that every pass makes first settles them.
	var head *time.Time
	if err := tx.QueryRow(ctx, `SELECT MIN(next_due_at) FROM subscriber_schedule WHERE confirmed`).
		Scan(&head); err != nil {
		return fmt.Errorf("find the head of the due queue: %w", err)
	}
	// The journal is read once, not once per claim: its key finds an
	// instance's rows by seq, among the dead rows of every outcome applied
	// since the last vacuum.
	if _, err := tx.Exec(ctx, `WITH journaled AS MATERIALIZED (
			SELECT subscriber_id, local_date FROM outcome_journal WHERE instance_id = $2)
		UPDATE subscriber_schedule SET next_due_at = $1
		WHERE subscriber_id IN (SELECT d.subscriber_id FROM deliveries d
			WHERE d.state = 'sending' AND d.owner_id = $2 AND d.owner_started < $3
			AND NOT EXISTS (SELECT 1 FROM journaled j
				WHERE j.subscriber_id = d.subscriber_id AND j.local_date = d.local_date))`,
		flashback.AheadOfQueue(tx.now, utc(head)), inst.ID, inst.StartedAt); err != nil {
		return fmt.Errorf("free the claims of earlier runs: %w", err)
	}
	// The earlier runs are dead for certain; without their records, every
	// instance knows it (flashback.ClaimFreeAt), not only this one.
	if _, err := tx.Exec(ctx, `DELETE FROM instances WHERE (id = $1 AND started_at < $2) OR heartbeat_at < $3`,
		inst.ID, inst.StartedAt, tx.now.Add(-forgetInstancesAfter)); err != nil {
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
// flashback.DeliveryStore. The subscriber_schedule_due partial index
// answers it.
func (s *DeliveryStore) DueQueue(ctx context.Context) (flashback.DueQueue, error) {
	var q flashback.DueQueue
	var oldest *time.Time
	err := s.db.pool.QueryRow(ctx, `SELECT COUNT(*), MIN(next_due_at) FROM subscriber_schedule
		WHERE confirmed AND next_due_at <= $1`, s.db.txNow()).Scan(&q.Depth, &oldest)
	if err != nil {
		return q, fmt.Errorf("count due digests: %w", err)
	}
	q.Oldest = utc(oldest)
	return q, nil
}
