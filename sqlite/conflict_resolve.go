package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"flashback"
)

// ResolveConflict closes an open conflict and applies the decision.
func (s *DeskStore) ResolveConflict(ctx context.Context, res flashback.ConflictResolution) error {
	switch res.Status {
	case flashback.ConflictKept, flashback.ConflictTaken, flashback.ConflictDismissed:
	default:
		return flashback.Errorf(flashback.EINVALID, "Choose keep, take or dismiss.")
	}
	if err := res.CleanTexts(); err != nil {
		return err
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	c, err := scanConflict(tx.QueryRowContext(ctx, `SELECT id, event_id, incoming, stored_date,
		reason, status, note, COALESCE(resolved_by, 0), created_at, resolved_at
		FROM conflicts WHERE id = ?`, res.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return flashback.Errorf(flashback.ENOTFOUND, "There is no conflict %d.", res.ID)
	} else if err != nil {
		return err
	}
	if c.Status != flashback.ConflictOpen {
		return flashback.Errorf(flashback.ECONFLICT, "Conflict %d was already resolved (%s).", c.ID, c.Status)
	}
	if err := flashback.ApplyResolution(ctx, deskTx{tx}, c, res); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE conflicts SET status = ?, note = ?, resolved_by = ?,
		resolved_at = ? WHERE id = ?`, string(res.Status), strings.TrimSpace(res.Note),
		nullID(res.EditorID), formatTime(tx.now), c.ID)
	if err != nil {
		return fmt.Errorf("resolve conflict %d: %w", c.ID, err)
	}
	return tx.Commit()
}
