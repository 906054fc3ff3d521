package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

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
	defer rollback(ctx, tx)
	// Locked, so that two editors resolving at once take turns and the
	// second finds it resolved.
	c, err := scanConflict(tx.QueryRow(ctx, `SELECT `+conflictColumns+` FROM conflicts WHERE id = $1 FOR UPDATE`, res.ID))
	if errors.Is(err, pgx.ErrNoRows) {
		return flashback.Errorf(flashback.ENOTFOUND, "There is no conflict %d.", res.ID)
	} else if err != nil {
		return fmt.Errorf("find conflict %d: %w", res.ID, err)
	}
	if c.Status != flashback.ConflictOpen {
		return flashback.Errorf(flashback.ECONFLICT, "Conflict %d was already resolved (%s).", c.ID, c.Status)
	}
	if err := flashback.ApplyResolution(ctx, deskTx{tx}, c, res); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE conflicts SET status = $1, note = $2, resolved_by = $3,
		resolved_at = $4 WHERE id = $5`, string(res.Status), strings.TrimSpace(res.Note),
		nullID(res.EditorID), tx.now, c.ID)
	if err != nil {
		return fmt.Errorf("resolve conflict %d: %w", c.ID, err)
	}
	return commit(ctx, tx)
}
