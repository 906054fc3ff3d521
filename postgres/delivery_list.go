package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

var _ flashback.DeliveryLister = (*DeliveryStore)(nil)

// ListDeliveries returns a page of the ledger, newest date first; see
// flashback.DeliveryLister.
func (s *DeliveryStore) ListDeliveries(ctx context.Context, f flashback.DeliveryFilter) ([]*flashback.DeliveryEntry, int, error) {
	w := &where{conds: []string{"true"}}
	if f.SubscriberID != 0 {
		w.add("d.subscriber_id = ?", f.SubscriberID)
	}
	if !f.LocalDate.IsZero() {
		w.add("d.local_date = ?::text::date", f.LocalDate.String())
	}
	if f.State != "" {
		if !f.State.Valid() {
			return nil, 0, flashback.Errorf(flashback.EINVALID, "%q is not a delivery state.", f.State)
		}
		w.add("d.state = ?", string(f.State))
		if f.State.Trouble() {
			// The condition of deliveries_trouble (migration 019), which a
			// generic plan, not knowing the state, could not prove.
			w.conds = append(w.conds, "d.state IN ('retry', 'failed', 'skipped')")
		}
	}
	cond := strings.Join(w.conds, " AND ")
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer rollback(ctx, tx)
	rows, err := tx.Query(ctx, `SELECT d.subscriber_id, s.email, d.local_date::text, d.state, d.attempts,
		d.lease_until, d.next_attempt_at, d.message_id, d.reason, d.created_at, d.updated_at
		FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id WHERE `+cond+`
		ORDER BY d.local_date DESC, d.updated_at DESC, d.subscriber_id DESC`+pageClause(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list deliveries: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*flashback.DeliveryEntry, error) {
		var e flashback.DeliveryEntry
		var date, state string
		var attempts int32
		var lease, next *time.Time
		if err := row.Scan(&e.SubscriberID, &e.Email, &date, &state, &attempts, &lease, &next,
			&e.MessageID, &e.Reason, &e.CreatedAt, &e.UpdatedAt); err != nil {
			return nil, err
		}
		e.State, e.Attempts = flashback.DeliveryState(state), int(attempts)
		e.LeaseUntil, e.NextAttemptAt = utc(lease), utc(next)
		e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
		var err error
		e.LocalDate, err = flashback.ParseCivilDate(date)
		return &e, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list deliveries: %w", err)
	}
	// Every ledger row has its subscriber (ON DELETE CASCADE), so the
	// count needs no join.
	var total int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM deliveries d WHERE `+cond, w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count deliveries: %w", err)
	}
	return out, total, nil
}

// CountDeliveries returns the number of ledger rows per state on date d.
func (s *DeliveryStore) CountDeliveries(ctx context.Context, d flashback.CivilDate) (map[flashback.DeliveryState]int, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT state, COUNT(*) FROM deliveries
		WHERE local_date = $1::text::date GROUP BY state`, d.String())
	if err != nil {
		return nil, fmt.Errorf("count deliveries: %w", err)
	}
	out := map[flashback.DeliveryState]int{}
	_, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (struct{}, error) {
		var state string
		var n int
		err := row.Scan(&state, &n)
		out[flashback.DeliveryState(state)] = n
		return struct{}{}, err
	})
	if err != nil {
		return nil, fmt.Errorf("count deliveries: %w", err)
	}
	return out, nil
}
