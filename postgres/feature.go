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

// FeaturePicks returns the picks for calendar dates from..to and every
// month-day pick (there are at most 366 of those).
func (s *DeskStore) FeaturePicks(ctx context.Context, from, to flashback.CivilDate) ([]*flashback.FeaturePick, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT year, month, day, event_id, COALESCE(editor_id, 0), note, created_at
		FROM featured_picks
		WHERE year = 0 OR (year * 10000 + month * 100 + day) BETWEEN $1 AND $2
		ORDER BY year, month, day`, dateNumber(from), dateNumber(to))
	if err != nil {
		return nil, fmt.Errorf("find featured picks: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*flashback.FeaturePick, error) {
		var p flashback.FeaturePick
		var month, day int16
		err := row.Scan(&p.Year, &month, &day, &p.EventID, &p.EditorID, &p.Note, &p.CreatedAt)
		p.Month, p.Day, p.CreatedAt = time.Month(month), int(day), p.CreatedAt.UTC()
		return &p, err
	})
	if err != nil {
		return nil, fmt.Errorf("find featured picks: %w", err)
	}
	return out, nil
}

func dateNumber(d flashback.CivilDate) int {
	return d.Year*10000 + int(d.Month)*100 + d.Day
}

// SetFeaturePick replaces the pick for p's day and records, on the event
// that loses the place and on the one that takes it, a revision saying so.
func (s *DeskStore) SetFeaturePick(ctx context.Context, p *flashback.FeaturePick) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := flashback.CleanNote("The note", &p.Note, flashback.MaxEditorNote); err != nil {
		return err
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	if p.EventID != 0 {
		if err := eventExists(ctx, tx, p.EventID); err != nil {
			return err
		}
	}
	// Two editors choosing for one day at once take turns on this lock, so
	// the revisions name what each really replaced.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('featured_pick'), $1::integer)`, dateNumber(
		flashback.CivilDate{Year: p.Year, Month: p.Month, Day: p.Day})); err != nil {
		return fmt.Errorf("lock featured pick: %w", err)
	}
	var old int64
	err = tx.QueryRow(ctx, `SELECT event_id FROM featured_picks WHERE year = $1 AND month = $2 AND day = $3`,
		p.Year, int(p.Month), p.Day).Scan(&old)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("find featured pick: %w", err)
	}
	if old == p.EventID {
		return nil // nothing changes, so nothing is recorded
	}
	if err := writePick(ctx, tx, p); err != nil {
		return err
	}
	if err := flashback.RecordPick(ctx, deskTx{tx}, p, old); err != nil {
		return err
	}
	return commit(ctx, tx)
}

func writePick(ctx context.Context, tx *Tx, p *flashback.FeaturePick) error {
	_, err := tx.Exec(ctx, `DELETE FROM featured_picks WHERE year = $1 AND month = $2 AND day = $3`,
		p.Year, int(p.Month), p.Day)
	if err == nil && p.EventID != 0 {
		p.CreatedAt = tx.now
		_, err = tx.Exec(ctx, `INSERT INTO featured_picks (year, month, day, event_id, editor_id, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, p.Year, int(p.Month), p.Day, p.EventID, nullID(p.EditorID),
			strings.TrimSpace(p.Note), tx.now)
	}
	if err != nil {
		return fmt.Errorf("save featured pick: %w", err)
	}
	return nil
}

// OpenIssues counts the open reports and conflicts of the events ids.
func (s *DeskStore) OpenIssues(ctx context.Context, ids []int64) (map[int64]flashback.EventIssues, error) {
	out := map[int64]flashback.EventIssues{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.pool.Query(ctx, `
		SELECT event_id, COUNT(*) FILTER (WHERE kind = 'r'), COUNT(*) FILTER (WHERE kind = 'c') FROM (
			SELECT event_id, 'r' AS kind FROM reports WHERE status = 'open' AND event_id = ANY ($1)
			UNION ALL
			SELECT event_id, 'c' FROM conflicts WHERE status = 'open' AND event_id = ANY ($1)
		) AS open GROUP BY event_id`, ids)
	if err != nil {
		return nil, fmt.Errorf("find open issues: %w", err)
	}
	_, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (struct{}, error) {
		var id int64
		var i flashback.EventIssues
		err := row.Scan(&id, &i.OpenReports, &i.OpenConflicts)
		out[id] = i
		return struct{}{}, err
	})
	if err != nil {
		return nil, fmt.Errorf("find open issues: %w", err)
	}
	return out, nil
}
