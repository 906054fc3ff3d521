package sqlite

import (
	"context"
	"fmt"
	"time"

	"flashback"
)

var _ flashback.EventIndexer = (*EventStore)(nil)

// EventIndex lists published events by id, reading only the columns a
// site map needs: articles and sources stay on disk.
func (s *EventStore) EventIndex(ctx context.Context, after int64, limit int) ([]flashback.EventStamp, error) {
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, slug, year, month, day, precision, calendar, category, updated_at
		FROM events WHERE published = 1 AND id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("event index: %w", err)
	}
	defer rows.Close()
	out := []flashback.EventStamp{}
	for rows.Next() {
		var (
			st               flashback.EventStamp
			month, prec, cal int
			updated          string
		)
		if err := rows.Scan(&st.ID, &st.Slug, &st.Date.Year, &month, &st.Date.Day, &prec, &cal, &st.Category, &updated); err != nil {
			return nil, fmt.Errorf("event index: %w", err)
		}
		st.Date.Month, st.Date.Precision, st.Date.Calendar = time.Month(month), flashback.Precision(prec), flashback.Calendar(cal)
		if st.UpdatedAt, err = parseTime(updated); err != nil {
			return nil, fmt.Errorf("event index: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("event index: %w", err)
	}
	return out, nil
}
