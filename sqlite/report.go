package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"flashback"
)

// CreateReport stores an open report about an existing event.
func (s *DeskStore) CreateReport(ctx context.Context, r *flashback.Report) error {
	r.Status = flashback.ReportOpen
	if err := r.Validate(); err != nil {
		return err
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := eventExists(ctx, tx, r.EventID); err != nil {
		return err
	}
	r.CreatedAt = tx.now
	err = tx.QueryRowContext(ctx, `INSERT INTO reports
		(event_id, problem, correction, source, email, status, created_at)
		VALUES (?, ?, ?, ?, ?, 'open', ?) RETURNING id`,
		r.EventID, r.Problem, r.Correction, r.Source, r.Email, formatTime(r.CreatedAt)).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("insert report: %w", err)
	}
	return tx.Commit()
}

func eventExists(ctx context.Context, tx *Tx, id int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE id = ?`, id).Scan(&n); err != nil {
		return fmt.Errorf("find event %d: %w", id, err)
	}
	if n == 0 {
		return flashback.Errorf(flashback.ENOTFOUND, "There is no event %d.", id)
	}
	return nil
}

// FindReportByID returns the report with id or ENOTFOUND.
func (s *DeskStore) FindReportByID(ctx context.Context, id int64) (*flashback.Report, error) {
	rs, _, err := s.FindReports(ctx, flashback.ReportFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no report %d.", id)
	}
	return rs[0], nil
}

// FindReports returns matching reports, newest first, and the total.
func (s *DeskStore) FindReports(ctx context.Context, f flashback.ReportFilter) ([]*flashback.Report, int, error) {
	conds, args := []string{"1 = 1"}, []any{}
	if f.ID != nil {
		conds, args = append(conds, "r.id = ?"), append(args, *f.ID)
	}
	if f.EventID != nil {
		conds, args = append(conds, "r.event_id = ?"), append(args, *f.EventID)
	}
	if f.Status != "" {
		conds, args = append(conds, "r.status = ?"), append(args, string(f.Status))
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT r.id, r.event_id, r.problem, r.correction,
		r.source, r.email, r.status, r.note, COALESCE(r.resolved_by, 0), r.created_at,
		r.resolved_at, e.headline, COUNT(*) OVER ()
		FROM reports r JOIN events e ON e.id = r.event_id
		WHERE `+strings.Join(conds, " AND ")+` ORDER BY r.id DESC`+pageClause(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find reports: %w", err)
	}
	var total int
	out, err := collectRows(rows, "find reports", func(row rowScanner) (*flashback.Report, error) {
		return scanReport(row, &total)
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

func scanReport(row rowScanner, total *int) (*flashback.Report, error) {
	var (
		r               flashback.Report
		status, created string
		resolved        sql.NullString
	)
	err := row.Scan(&r.ID, &r.EventID, &r.Problem, &r.Correction, &r.Source, &r.Email,
		&status, &r.Note, &r.ResolvedBy, &created, &resolved, &r.EventHeadline, total)
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	r.Status = flashback.ReportStatus(status)
	if r.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if r.ResolvedAt, err = scanNullTime(resolved); err != nil {
		return nil, err
	}
	return &r, nil
}

// DeclineReport closes an open report as declined.
func (s *DeskStore) DeclineReport(ctx context.Context, id, editorID int64, note string) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := closeReport(ctx, tx, id, flashback.ReportDeclined, editorID, note); err != nil {
		return err
	}
	return tx.Commit()
}

// closeReport moves an open report to status; ENOTFOUND or ECONFLICT when
// there is no such report or it was already decided.
func closeReport(ctx context.Context, tx *Tx, id int64, status flashback.ReportStatus, editorID int64, note string) error {
	if err := flashback.CleanNote("The note", &note, flashback.MaxEditorNote); err != nil {
		return err
	}
	var current string
	err := tx.QueryRowContext(ctx, `SELECT status FROM reports WHERE id = ?`, id).Scan(&current)
	if err == sql.ErrNoRows {
		return flashback.Errorf(flashback.ENOTFOUND, "There is no report %d.", id)
	} else if err != nil {
		return fmt.Errorf("find report %d: %w", id, err)
	}
	if current != string(flashback.ReportOpen) {
		return flashback.Errorf(flashback.ECONFLICT, "Report %d was already %s.", id, current)
	}
	_, err = tx.ExecContext(ctx, `UPDATE reports SET status = ?, note = ?, resolved_by = ?,
		resolved_at = ? WHERE id = ?`, string(status), note, nullID(editorID), formatTime(tx.now), id)
	if err != nil {
		return fmt.Errorf("close report %d: %w", id, err)
	}
	return nil
}
