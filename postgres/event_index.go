package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

var _ flashback.EventIndexer = (*EventStore)(nil)

// EventIndex lists published events by id, reading only the columns a
// site map needs: articles and sources stay on disk.
func (s *EventStore) EventIndex(ctx context.Context, after int64, limit int) ([]flashback.EventStamp, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT id, slug, year, month, day, precision, calendar, category, updated_at
		FROM events WHERE published AND id > $1 ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("event index: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (flashback.EventStamp, error) {
		var st flashback.EventStamp
		var month, day, prec, cal int16
		err := row.Scan(&st.ID, &st.Slug, &st.Date.Year, &month, &day, &prec, &cal, &st.Category, &st.UpdatedAt)
		st.Date.Month, st.Date.Day = time.Month(month), int(day)
		st.Date.Precision, st.Date.Calendar = flashback.Precision(prec), flashback.Calendar(cal)
		st.UpdatedAt = st.UpdatedAt.UTC()
		return st, err
	})
	if err != nil {
		return nil, fmt.Errorf("event index: %w", err)
	}
	return out, nil
}
