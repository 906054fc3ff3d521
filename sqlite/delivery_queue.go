package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"flashback"
)

// dueQueueQuery counts the due schedules and the open ledger rows free now
// (?1), each with the instant its longest waiting one became claimable. The
// schedules are answered from the subscribers_due partial index and the
// rows from deliveries_open (migration 023), whose conditions and
// expression the WHERE clauses repeat, without reading either table.
const dueQueueQuery = `SELECT * FROM
	(SELECT COUNT(*), MIN(next_due_at) FROM subscribers WHERE status = 'confirmed' AND next_due_at <= ?1)
	CROSS JOIN (SELECT COUNT(*), MIN(` + freeAt + `) FROM deliveries d
		WHERE d.state IN ('sending', 'retry') AND ` + freeAt + ` <= ?1)`

// DueQueue counts the digests due and unclaimed; see
// flashback.DeliveryStore: the subscribers whose next digest is due, and
// the dates claims left open that are free now, a lease that ended counted
// from its end and a retry from its time. The claims of an owner dead by
// its heartbeat whose lease still runs are free too (openDigests), but are
// left out: counting them needs the instances' heartbeats, more than an
// index read, and they are few and free for less than a lease. It reads
// through the read pool, so a scrape never waits for a claim.
func (s *DeliveryStore) DueQueue(ctx context.Context) (flashback.DueQueue, error) {
	now := time.Now
	if s.db.Now != nil {
		now = s.db.Now
	}
	var q flashback.DueQueue
	var open int
	var dueOldest, openOldest sql.NullString
	err := s.db.read.QueryRowContext(ctx, dueQueueQuery, formatTime(now())).Scan(&q.Depth, &dueOldest,
		&open, &openOldest)
	if err != nil {
		return q, fmt.Errorf("count due digests: %w", err)
	}
	q.Depth += open
	if openOldest.Valid && (!dueOldest.Valid || openOldest.String < dueOldest.String) {
		dueOldest = openOldest
	}
	if q.Oldest, err = parseNullTime(dueOldest); err != nil {
		return q, err
	}
	return q, nil
}
