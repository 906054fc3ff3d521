package sqlite

import (
	"context"
	"fmt"
	"strings"

	"flashback"
)

var _ flashback.SubscriberLister = (*SubscriberStore)(nil)

// ListSubscribers returns a page of subscribers, newest first; see
// flashback.SubscriberLister.
func (s *SubscriberStore) ListSubscribers(ctx context.Context, f flashback.SubscriberFilter) ([]*flashback.Subscriber, int, error) {
	where, args, err := subscriberWhere(f)
	if err != nil {
		return nil, 0, err
	}
	// One read transaction, so that the page and its total agree.
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT `+subscriberColumns+` FROM subscribers WHERE `+where+
		` ORDER BY id DESC`+pageClause(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list subscribers: %w", err)
	}
	out, err := collectRows(rows, "list subscribers", scanSubscriber)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM subscribers WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count subscribers: %w", err)
	}
	return out, total, nil
}

// subscriberWhere turns a filter into a WHERE clause. The search uses
// instr rather than LIKE so that "%" and "_" in it are plain characters;
// addresses are stored lower-case, so lowering the search ignores case.
func subscriberWhere(f flashback.SubscriberFilter) (string, []any, error) {
	conds, args := []string{"1 = 1"}, []any{}
	if f.Status != "" {
		if !f.Status.Valid() {
			return "", nil, flashback.Errorf(flashback.EINVALID, "%q is not a subscriber status.", f.Status)
		}
		conds, args = append(conds, "status = ?"), append(args, string(f.Status))
	}
	if q := strings.ToLower(strings.TrimSpace(f.Search)); q != "" {
		conds, args = append(conds, "instr(email, ?) > 0"), append(args, q)
	}
	return strings.Join(conds, " AND "), args, nil
}

// CountSubscribers returns the number of subscribers per status.
func (s *SubscriberStore) CountSubscribers(ctx context.Context) (map[flashback.SubscriberStatus]int, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT status, COUNT(*) FROM subscribers GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("count subscribers: %w", err)
	}
	return countRows[flashback.SubscriberStatus](rows, "count subscribers")
}
