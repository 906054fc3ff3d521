package sqlite

import (
	"context"
	"fmt"

	"flashback"
)

// reduceToHash deletes the subscribers that where selects (it takes one
// argument, the cut-off) through SubscriberStore.DeleteSubscriber, the path
// a reader's "delete me" takes, so that what survives a deletion (the
// address's hash, a bounce outranking a deletion) is decided in one place.
// Each deletion is its own short write transaction.
func (s *RetentionStore) reduceToHash(ctx context.Context, where, cutoff string) (int, error) {
	limit, total := s.batchSize(), 0
	var after int64
	for {
		ids, err := s.candidates(ctx, where, cutoff, after, limit)
		if err != nil {
			return total, err
		}
		for _, id := range ids {
			n, err := s.reduceOne(ctx, where, cutoff, id)
			total += n
			if err != nil {
				return total, err
			}
		}
		if len(ids) < limit {
			return total, nil
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
		after = ids[len(ids)-1]
	}
}

// candidates lists, in ID order from after, the subscribers where selects.
func (s *RetentionStore) candidates(ctx context.Context, where, cutoff string, after int64, limit int) ([]int64, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT id FROM subscribers
		WHERE id > ? AND `+where+` ORDER BY id LIMIT ?`, after, cutoff, limit)
	if err != nil {
		return nil, fmt.Errorf("list subscribers: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list subscribers: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// reduceOne deletes subscriber id if where still selects it. The check
// narrows, but cannot close, the gap in which the reader might sign up
// again: DeleteSubscriber owns its transaction. Losing that race costs the
// reader one confirmation link, which then reads as expired.
func (s *RetentionStore) reduceOne(ctx context.Context, where, cutoff string, id int64) (int, error) {
	var n int
	if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM subscribers
		WHERE id = ? AND `+where, id, cutoff).Scan(&n); err != nil {
		return 0, fmt.Errorf("recheck subscriber %d: %w", id, err)
	}
	if n == 0 {
		return 0, nil
	}
	err := s.subscribers.DeleteSubscriber(ctx, id)
	switch {
	case flashback.ErrorCode(err) == flashback.ENOTFOUND:
		return 0, nil // its owner deleted it meanwhile
	case err != nil:
		return 0, fmt.Errorf("delete subscriber %d: %w", id, err)
	}
	return 1, nil
}
