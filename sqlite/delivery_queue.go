package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"flashback"
)

// dueQueueQuery is answered from the subscribers_due partial index, whose
// condition the WHERE clause repeats, without reading the table.
const dueQueueQuery = `SELECT COUNT(*), MIN(next_due_at) FROM subscribers
	WHERE status = 'confirmed' AND next_due_at <= ?`

// DueQueue counts the digests due and unclaimed; see
// flashback.DeliveryStore. It reads through the read pool, so a scrape
// never waits for a claim.
func (s *DeliveryStore) DueQueue(ctx context.Context) (flashback.DueQueue, error) {
	now := time.Now
	if s.db.Now != nil {
		now = s.db.Now
	}
	var q flashback.DueQueue
	var oldest sql.NullString
	err := s.db.read.QueryRowContext(ctx, dueQueueQuery, formatTime(now())).Scan(&q.Depth, &oldest)
	if err != nil {
		return q, fmt.Errorf("count due digests: %w", err)
	}
	if q.Oldest, err = parseNullTime(oldest); err != nil {
		return q, err
	}
	return q, nil
}
