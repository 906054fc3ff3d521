package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"flashback"
)

var _ flashback.SubscriberLister = (*SubscriberStore)(nil)

// ListSubscribers returns a page of subscribers, newest first; see
// flashback.SubscriberLister.
func (s *SubscriberStore) ListSubscribers(ctx context.Context, f flashback.SubscriberFilter) ([]*flashback.Subscriber, int, error) {
	w := &where{conds: []string{"true"}}
	if f.Status != "" {
		if !f.Status.Valid() {
			return nil, 0, flashback.Errorf(flashback.EINVALID, "%q is not a subscriber status.", f.Status)
		}
		w.add("status = ?", string(f.Status))
	}
	// strpos rather than LIKE, so that "%" and "_" in the search are plain
	// characters; addresses are stored lower-case.
	if q := strings.ToLower(strings.TrimSpace(f.Search)); q != "" {
		w.add("strpos(email, ?) > 0", q)
	}
	cond := strings.Join(w.conds, " AND ")
	// One read transaction, so that the page and its total agree.
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer rollback(ctx, tx)
	rows, err := tx.Query(ctx, `SELECT `+subscriberColumns+` FROM subscribers WHERE `+cond+
		` ORDER BY id DESC`+pageClause(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list subscribers: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*flashback.Subscriber, error) {
		return scanSubscriber(row)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list subscribers: %w", err)
	}
	var total int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM subscribers WHERE `+cond, w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count subscribers: %w", err)
	}
	return out, total, nil
}

// CountSubscribers returns the number of subscribers per status.
func (s *SubscriberStore) CountSubscribers(ctx context.Context) (map[flashback.SubscriberStatus]int, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT status, COUNT(*) FROM subscribers GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("count subscribers: %w", err)
	}
	out := map[flashback.SubscriberStatus]int{}
	_, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (struct{}, error) {
		var status string
		var n int
		err := row.Scan(&status, &n)
		out[flashback.SubscriberStatus(status)] = n
		return struct{}{}, err
	})
	if err != nil {
		return nil, fmt.Errorf("count subscribers: %w", err)
	}
	return out, nil
}
