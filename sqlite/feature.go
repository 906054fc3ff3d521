package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"flashback"
)

var _ flashback.FeatureStore = (*DeskStore)(nil)

// FeaturePicks returns the picks for calendar dates from..to and every
// month-day pick (there are at most 366 of those).
func (s *DeskStore) FeaturePicks(ctx context.Context, from, to flashback.CivilDate) ([]*flashback.FeaturePick, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT year, month, day, event_id, COALESCE(editor_id, 0), note, created_at
		FROM featured_picks
		WHERE year = 0 OR (year * 10000 + month * 100 + day) BETWEEN ? AND ?
		ORDER BY year, month, day`, dateNumber(from), dateNumber(to))
	if err != nil {
		return nil, fmt.Errorf("find featured picks: %w", err)
	}
	defer rows.Close()
	var out []*flashback.FeaturePick
	for rows.Next() {
		var p flashback.FeaturePick
		var month int
		var created string
		if err := rows.Scan(&p.Year, &month, &p.Day, &p.EventID, &p.EditorID, &p.Note, &created); err != nil {
			return nil, fmt.Errorf("read featured pick: %w", err)
		}
		p.Month = time.Month(month)
		if p.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, &p)
	}
	return out, rows.Err()
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
	defer tx.Rollback()
	if p.EventID != 0 {
		if err := eventExists(ctx, tx, p.EventID); err != nil {
			return err
		}
	}
	var old int64
	err = tx.QueryRowContext(ctx, `SELECT event_id FROM featured_picks WHERE year = ? AND month = ? AND day = ?`,
		p.Year, int(p.Month), p.Day).Scan(&old)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
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
	return tx.Commit()
}

func writePick(ctx context.Context, tx *Tx, p *flashback.FeaturePick) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM featured_picks WHERE year = ? AND month = ? AND day = ?`,
		p.Year, int(p.Month), p.Day)
	if err == nil && p.EventID != 0 {
		p.CreatedAt = tx.now
		_, err = tx.ExecContext(ctx, `INSERT INTO featured_picks (year, month, day, event_id, editor_id, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, p.Year, int(p.Month), p.Day, p.EventID, nullID(p.EditorID),
			strings.TrimSpace(p.Note), formatTime(tx.now))
	}
	if err != nil {
		return fmt.Errorf("save featured pick: %w", err)
	}
	return nil
}

// OpenIssues counts the open reports and conflicts of the events ids.
//
// Open issues are usually few and the events asked about many (the
// editors' calendar asks about its 66 days, 168,589 events on a site of a
// million): SQLite then built a table of every id to test the few open
// rows against, 0.37 s with no issue open at all. So the open rows are
// read first, up to one more than there are ids, and matched here; only
// past that bound, when the ids are the fewer, are they sent to SQLite.
func (s *DeskStore) OpenIssues(ctx context.Context, ids []int64) (map[int64]flashback.EventIssues, error) {
	if len(ids) == 0 {
		return map[int64]flashback.EventIssues{}, nil
	}
	open, complete, err := s.openIssues(ctx, len(ids))
	if err != nil {
		return nil, err
	}
	if complete {
		out := map[int64]flashback.EventIssues{}
		for _, id := range ids {
			if i, ok := open[id]; ok {
				out[id] = i
			}
		}
		return out, nil
	}
	return s.openIssuesOf(ctx, ids)
}

// openIssues reads the open issues of every event, up to limit rows of
// reports and conflicts; complete is false when there were more.
func (s *DeskStore) openIssues(ctx context.Context, limit int) (open map[int64]flashback.EventIssues, complete bool, err error) {
	rows, err := s.db.read.QueryContext(ctx, `
		SELECT event_id, 'r' FROM reports WHERE status = 'open' AND event_id IS NOT NULL
		UNION ALL
		SELECT event_id, 'c' FROM conflicts WHERE status = 'open'
		LIMIT ?`, limit+1)
	if err != nil {
		return nil, false, fmt.Errorf("find open issues: %w", err)
	}
	defer rows.Close()
	open = map[int64]flashback.EventIssues{}
	n := 0
	for rows.Next() {
		if n++; n > limit {
			return nil, false, rows.Close()
		}
		var id int64
		var kind string
		if err := rows.Scan(&id, &kind); err != nil {
			return nil, false, fmt.Errorf("read open issues: %w", err)
		}
		i := open[id]
		if kind == "r" {
			i.OpenReports++
		} else {
			i.OpenConflicts++
		}
		open[id] = i
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("read open issues: %w", err)
	}
	return open, true, nil
}

// openIssuesOf counts the open issues of ids in SQLite.
func (s *DeskStore) openIssuesOf(ctx context.Context, ids []int64) (map[int64]flashback.EventIssues, error) {
	out := map[int64]flashback.EventIssues{}
	// The ids go as one JSON array: a week of a large site's editions
	// holds tens of thousands, past SQLite's bound on a statement's
	// parameters (32,766).
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `
		WITH ids (id) AS MATERIALIZED (SELECT value FROM json_each(?))
		SELECT event_id, SUM(kind = 'r'), SUM(kind = 'c') FROM (
			SELECT event_id, 'r' AS kind FROM reports WHERE status = 'open' AND event_id IN ids
			UNION ALL
			SELECT event_id, 'c' FROM conflicts WHERE status = 'open' AND event_id IN ids
		) GROUP BY event_id`, string(list))
	if err != nil {
		return nil, fmt.Errorf("find open issues: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var i flashback.EventIssues
		if err := rows.Scan(&id, &i.OpenReports, &i.OpenConflicts); err != nil {
			return nil, fmt.Errorf("read open issues: %w", err)
		}
		out[id] = i
	}
	return out, rows.Err()
}
