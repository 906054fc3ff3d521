package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
	"flashback/storejson"
)

// AddConflicts stores the conflicts not recorded before.
func (s *DeskStore) AddConflicts(ctx context.Context, cs []*flashback.Conflict) (int, error) {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer rollback(ctx, tx)
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
	return added, commit(ctx, tx)
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
	err = tx.QueryRow(ctx, `INSERT INTO conflicts (event_id, incoming, incoming_key,
		incoming_date, stored_date, reason, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7)
		ON CONFLICT (event_id, incoming_key, incoming_date) DO NOTHING RETURNING id`,
		c.EventID, in, storejson.IncomingKey(&c.Incoming), storejson.DateKey(c.Incoming.Date),
		storejson.DateKey(c.StoredDate), c.Reason, tx.now).Scan(&c.ID)
	if errors.Is(err, pgx.ErrNoRows) {
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

const conflictColumns = `id, event_id, incoming, stored_date, reason, status, note,
	COALESCE(resolved_by, 0), created_at, resolved_at`

// FindConflicts returns matching conflicts, newest first, and the total.
func (s *DeskStore) FindConflicts(ctx context.Context, f flashback.ConflictFilter) ([]*flashback.Conflict, int, error) {
	w := &where{conds: []string{"true"}}
	if f.ID != nil {
		w.add("id = ?", *f.ID)
	}
	if f.EventID != nil {
		w.add("event_id = ?", *f.EventID)
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	cond := strings.Join(w.conds, " AND ")
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer rollback(ctx, tx)
	rows, err := tx.Query(ctx, `SELECT `+conflictColumns+` FROM conflicts
		WHERE `+cond+` ORDER BY id DESC`+pageClause(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find conflicts: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*flashback.Conflict, error) {
		return scanConflict(row)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find conflicts: %w", err)
	}
	var total int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM conflicts WHERE `+cond, w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count conflicts: %w", err)
	}
	return out, total, nil
}

func scanConflict(row pgx.Row) (*flashback.Conflict, error) {
	var (
		c                  flashback.Conflict
		in, stored, status string
		resolved           *time.Time
	)
	if err := row.Scan(&c.ID, &c.EventID, &in, &stored, &c.Reason, &status, &c.Note,
		&c.ResolvedBy, &c.CreatedAt, &resolved); err != nil {
		return nil, err
	}
	c.Status = flashback.ConflictStatus(status)
	c.CreatedAt, c.ResolvedAt = c.CreatedAt.UTC(), utc(resolved)
	var err error
	if c.Incoming, err = storejson.DecodeIncoming(in); err != nil {
		return nil, err
	}
	if c.StoredDate, err = storejson.ParseDateKey(stored); err != nil {
		return nil, err
	}
	return &c, nil
}
