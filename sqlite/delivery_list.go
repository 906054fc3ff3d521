package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"flashback"
)

var _ flashback.DeliveryLister = (*DeliveryStore)(nil)

// ledgerListColumns are read by scanLedgerEntry, in this order.
const ledgerListColumns = `d.subscriber_id, s.email, d.local_date, d.state, d.attempts,
	d.lease_until, d.next_attempt_at, d.message_id, d.reason, d.created_at, d.updated_at`

// ListDeliveries returns a page of the ledger, newest date first; see
// flashback.DeliveryLister.
func (s *DeliveryStore) ListDeliveries(ctx context.Context, f flashback.DeliveryFilter) ([]*flashback.DeliveryEntry, int, error) {
	where, args, err := deliveryWhere(f)
	if err != nil {
		return nil, 0, err
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, deliveryListQuery(where)+pageClause(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list deliveries: %w", err)
	}
	out, err := collectRows(rows, "list deliveries", scanLedgerEntry)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := tx.QueryRowContext(ctx, deliveryCountQuery(where), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count deliveries: %w", err)
	}
	return out, total, nil
}

// deliveryListQuery lists the ledger rows where selects, in the order of
// the index deliveries_recent (migration 020).
func deliveryListQuery(where string) string {
	return `SELECT ` + ledgerListColumns + `
		FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id WHERE ` + where + `
		ORDER BY d.local_date DESC, d.updated_at DESC, d.subscriber_id DESC`
}

// deliveryCountQuery counts the ledger rows where selects. Every ledger
// row has its subscriber (ON DELETE CASCADE), so it needs no join.
func deliveryCountQuery(where string) string {
	return `SELECT COUNT(*) FROM deliveries d WHERE ` + where
}

// countByStateQuery counts a date's ledger rows in each state.
const countByStateQuery = `SELECT state, COUNT(*) FROM deliveries WHERE local_date = ? GROUP BY state`

// troubleCondition is the condition of the index deliveries_trouble
// (migration 020), which SQLite uses only for a query that repeats it.
const troubleCondition = "d.state IN ('retry', 'failed', 'skipped')"

func deliveryWhere(f flashback.DeliveryFilter) (string, []any, error) {
	conds, args := []string{"1 = 1"}, []any{}
	if f.SubscriberID != 0 {
		conds, args = append(conds, "d.subscriber_id = ?"), append(args, f.SubscriberID)
	}
	if !f.LocalDate.IsZero() {
		conds, args = append(conds, "d.local_date = ?"), append(args, f.LocalDate.String())
	}
	if f.State != "" {
		if !f.State.Valid() {
			return "", nil, flashback.Errorf(flashback.EINVALID, "%q is not a delivery state.", f.State)
		}
		conds, args = append(conds, "d.state = ?"), append(args, string(f.State))
		if f.State.Trouble() {
			conds = append(conds, troubleCondition) // for deliveries_trouble
		}
	}
	return strings.Join(conds, " AND "), args, nil
}

// scanLedgerEntry reads one row of ledgerListColumns.
func scanLedgerEntry(r rowScanner) (*flashback.DeliveryEntry, error) {
	var (
		e                       flashback.DeliveryEntry
		date, state             string
		created, updated        string
		leaseUntil, nextAttempt sql.NullString
	)
	if err := r.Scan(&e.SubscriberID, &e.Email, &date, &state, &e.Attempts, &leaseUntil, &nextAttempt,
		&e.MessageID, &e.Reason, &created, &updated); err != nil {
		return nil, fmt.Errorf("read delivery: %w", err)
	}
	e.State = flashback.DeliveryState(state)
	var errs []error
	var err error
	e.LocalDate, err = flashback.ParseCivilDate(date)
	errs = append(errs, err)
	e.LeaseUntil, err = parseNullTime(leaseUntil)
	errs = append(errs, err)
	e.NextAttemptAt, err = parseNullTime(nextAttempt)
	errs = append(errs, err)
	e.CreatedAt, err = parseTime(created)
	errs = append(errs, err)
	e.UpdatedAt, err = parseTime(updated)
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("delivery of subscriber %d on %s: %w", e.SubscriberID, date, err)
	}
	return &e, nil
}

// CountDeliveries returns the number of ledger rows per state on date d.
func (s *DeliveryStore) CountDeliveries(ctx context.Context, d flashback.CivilDate) (map[flashback.DeliveryState]int, error) {
	rows, err := s.db.read.QueryContext(ctx, countByStateQuery, d.String())
	if err != nil {
		return nil, fmt.Errorf("count deliveries: %w", err)
	}
	return countRows[flashback.DeliveryState](rows, "count deliveries")
}
