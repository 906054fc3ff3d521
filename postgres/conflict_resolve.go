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
	switch res.Status {
	case flashback.ConflictTaken:
		err = takeIncomingDate(ctx, tx, c, res)
	case flashback.ConflictDismissed:
		err = addIncomingAsEvent(ctx, tx, c, res)
	}
	if err != nil {
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

// takeIncomingDate gives the stored event the incoming date and adds the
// incoming sources it lacks, with a revision and optional correction.
func takeIncomingDate(ctx context.Context, tx *Tx, c *flashback.Conflict, res flashback.ConflictResolution) error {
	e, err := loadEvent(ctx, tx, c.EventID)
	if err != nil {
		return err
	}
	e.Date = c.Incoming.Date
	e.Sources = flashback.MergeSources(e.Sources, c.Incoming.Sources)
	changes, err := saveEvent(ctx, tx, e)
	if err != nil {
		return err
	}
	note := c.TookDateNote(res)
	if len(changes) > 0 {
		if err := insertRevision(ctx, tx, e.ID, res.EditorID, changes, note); err != nil {
			return err
		}
	}
	if text := strings.TrimSpace(res.Correction); text != "" {
		return insertCorrection(ctx, tx, e.ID, 0, text)
	}
	return nil
}

// addIncomingAsEvent stores the incoming record as an event of its own.
func addIncomingAsEvent(ctx context.Context, tx *Tx, c *flashback.Conflict, res flashback.ConflictResolution) error {
	e := c.Incoming
	changes, err := saveEvent(ctx, tx, &e)
	if err != nil {
		return err
	}
	return insertRevision(ctx, tx, e.ID, res.EditorID, changes, c.AddedNote())
}
