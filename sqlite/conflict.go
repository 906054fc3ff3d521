package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"flashback"
	"flashback/storejson"
)

// AddConflicts stores the conflicts not recorded before.
func (s *DeskStore) AddConflicts(ctx context.Context, cs []*flashback.Conflict) (int, error) {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	added := 0
	for _, c := range cs {
		ok, err := addConflict(ctx, tx, c)
		if err != nil {
			return 0, err
		}
		if ok {
			added++
		}
	}
	return added, tx.Commit()
}

func addConflict(ctx context.Context, tx *Tx, c *flashback.Conflict) (bool, error) {
	if err := eventExists(ctx, tx, c.EventID); err != nil {
		return false, err
	}
	in, err := storejson.EncodeIncoming(&c.Incoming)
	if err != nil {
		return false, err
	}
	c.Status, c.CreatedAt = flashback.ConflictOpen, tx.now
	err = tx.QueryRowContext(ctx, `INSERT INTO conflicts (event_id, incoming, incoming_key,
		incoming_date, stored_date, reason, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?)
		ON CONFLICT (event_id, incoming_key, incoming_date) DO NOTHING RETURNING id`,
		c.EventID, in, storejson.IncomingKey(&c.Incoming), storejson.DateKey(c.Incoming.Date), storejson.DateKey(c.StoredDate),
		c.Reason, formatTime(tx.now)).Scan(&c.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // recorded by an earlier run
	} else if err != nil {
		return false, fmt.Errorf("insert conflict: %w", err)
	}
	return true, nil
}

// FindConflictByID returns the conflict or ENOTFOUND.
func (s *DeskStore) FindConflictByID(ctx context.Context, id int64) (*flashback.Conflict, error) {
	cs, _, err := s.FindConflicts(ctx, flashback.ConflictFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no conflict %d.", id)
	}
	return cs[0], nil
}

// FindConflicts returns matching conflicts, newest first, and the total.
func (s *DeskStore) FindConflicts(ctx context.Context, f flashback.ConflictFilter) ([]*flashback.Conflict, int, error) {
	conds, args := []string{"1 = 1"}, []any{}
	if f.ID != nil {
		conds, args = append(conds, "id = ?"), append(args, *f.ID)
	}
	if f.EventID != nil {
		conds, args = append(conds, "event_id = ?"), append(args, *f.EventID)
	}
	if f.Status != "" {
		conds, args = append(conds, "status = ?"), append(args, string(f.Status))
	}
	where := strings.Join(conds, " AND ")
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, event_id, incoming, stored_date, reason,
		status, note, COALESCE(resolved_by, 0), created_at, resolved_at FROM conflicts
		WHERE `+where+` ORDER BY id DESC`+pageClause(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find conflicts: %w", err)
	}
	out, err := collectRows(rows, "find conflicts", scanConflict)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM conflicts WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count conflicts: %w", err)
	}
	return out, total, nil
}

func scanConflict(row rowScanner) (*flashback.Conflict, error) {
	var (
		c                         flashback.Conflict
		in, stored, status, creat string
		resolved                  sql.NullString
	)
	if err := row.Scan(&c.ID, &c.EventID, &in, &stored, &c.Reason, &status, &c.Note,
		&c.ResolvedBy, &creat, &resolved); err != nil {
		return nil, fmt.Errorf("read conflict: %w", err)
	}
	c.Status = flashback.ConflictStatus(status)
	var err error
	if c.Incoming, err = storejson.DecodeIncoming(in); err != nil {
		return nil, err
	}
	if c.StoredDate, err = storejson.ParseDateKey(stored); err != nil {
		return nil, err
	}
	if c.CreatedAt, err = parseTime(creat); err != nil {
		return nil, err
	}
	if c.ResolvedAt, err = scanNullTime(resolved); err != nil {
		return nil, err
	}
	return &c, nil
}
