package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

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
	defer rollback(ctx, tx)
	if err := eventExists(ctx, tx, r.EventID); err != nil {
		return err
	}
	r.CreatedAt = tx.now
	err = tx.QueryRow(ctx, `INSERT INTO reports
		(event_id, problem, correction, source, email, status, created_at)
		VALUES ($1, $2, $3, $4, $5, 'open', $6) RETURNING id`,
		r.EventID, r.Problem, r.Correction, r.Source, r.Email, r.CreatedAt).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("insert report: %w", err)
	}
	return commit(ctx, tx)
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
	w := &where{conds: []string{"true"}}
	if f.ID != nil {
		w.add("r.id = ?", *f.ID)
	}
	if f.EventID != nil {
		w.add("r.event_id = ?", *f.EventID)
	}
	if f.Status != "" {
		w.add("r.status = ?", string(f.Status))
	}
	rows, err := s.db.pool.Query(ctx, `SELECT r.id, r.event_id, r.problem, r.correction,
		r.source, r.email, r.status, r.note, COALESCE(r.resolved_by, 0), r.created_at,
		r.resolved_at, e.headline, COUNT(*) OVER ()
		FROM reports r JOIN events e ON e.id = r.event_id
		WHERE `+strings.Join(w.conds, " AND ")+` ORDER BY r.id DESC`+pageClause(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find reports: %w", err)
	}
	total := 0
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*flashback.Report, error) {
		return scanReport(row, &total)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find reports: %w", err)
	}
	return out, total, nil
}

func scanReport(row pgx.Row, total *int) (*flashback.Report, error) {
	var (
		r        flashback.Report
		status   string
		resolved *time.Time
	)
	err := row.Scan(&r.ID, &r.EventID, &r.Problem, &r.Correction, &r.Source, &r.Email,
		&status, &r.Note, &r.ResolvedBy, &r.CreatedAt, &resolved, &r.EventHeadline, total)
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	r.Status = flashback.ReportStatus(status)
	r.CreatedAt, r.ResolvedAt = r.CreatedAt.UTC(), utc(resolved)
	return &r, nil
}

// DeclineReport closes an open report as declined.
func (s *DeskStore) DeclineReport(ctx context.Context, id, editorID int64, note string) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	if err := closeReport(ctx, tx, id, flashback.ReportDeclined, editorID, note); err != nil {
		return err
	}
	return commit(ctx, tx)
}

// closeReport moves an open report to status; ENOTFOUND or ECONFLICT when
// there is no such report or it was already decided. The row lock makes
// two editors deciding at once take turns, so the second sees the first's
// decision.
func closeReport(ctx context.Context, tx *Tx, id int64, status flashback.ReportStatus, editorID int64, note string) error {
	if err := flashback.CleanNote("The note", &note, flashback.MaxEditorNote); err != nil {
		return err
	}
	var current string
	err := tx.QueryRow(ctx, `SELECT status FROM reports WHERE id = $1 FOR UPDATE`, id).Scan(&current)
	if errors.Is(err, pgx.ErrNoRows) {
		return flashback.Errorf(flashback.ENOTFOUND, "There is no report %d.", id)
	} else if err != nil {
		return fmt.Errorf("find report %d: %w", id, err)
	}
	if current != string(flashback.ReportOpen) {
		return flashback.Errorf(flashback.ECONFLICT, "Report %d was already %s.", id, current)
	}
	_, err = tx.Exec(ctx, `UPDATE reports SET status = $1, note = $2, resolved_by = $3,
		resolved_at = $4 WHERE id = $5`, string(status), note, nullID(editorID), tx.now, id)
	if err != nil {
		return fmt.Errorf("close report %d: %w", id, err)
	}
	return nil
}
