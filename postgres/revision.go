package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"flashback"
	"flashback/storejson"
)

// EditEvent creates or updates an event with its revision, and optionally a
// public correction and the acceptance of a report, in one transaction.
func (s *DeskStore) EditEvent(ctx context.Context, edit flashback.EventEdit) error {
	e := edit.Event
	if e == nil {
		return flashback.Errorf(flashback.EINVALID, "Nothing to save.")
	}
	if err := edit.CleanTexts(); err != nil {
		return err
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	if err := flashback.ApplyEdit(ctx, deskTx{tx}, edit); err != nil {
		return err
	}
	return commit(ctx, tx)
}

// LoadEvent reads one event inside a write transaction and locks it, so
// that the revision records the difference from what is really replaced.
func (tx deskTx) LoadEvent(ctx context.Context, id int64) (*flashback.Event, error) {
	e, err := scanEvent(tx.QueryRow(ctx, `SELECT id, `+eventColumns+` FROM events WHERE id = $1 FOR UPDATE`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no event %d.", id)
	} else if err != nil {
		return nil, fmt.Errorf("read event %d: %w", id, err)
	}
	return e, nil
}

func (tx deskTx) InsertRevision(ctx context.Context, eventID, editorID int64, changes []flashback.FieldChange, note string) error {
	b, err := storejson.EncodeChanges(changes)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO revisions (event_id, editor_id, changes, note, created_at)
		VALUES ($1, $2, $3, $4, $5)`, eventID, nullID(editorID), b, strings.TrimSpace(note), tx.now)
	if err != nil {
		return fmt.Errorf("insert revision: %w", err)
	}
	return nil
}

// AcceptReport closes an open report about eventID as accepted.
func (tx deskTx) AcceptReport(ctx context.Context, reportID, eventID, editorID int64, note string) error {
	var about int64
	err := tx.QueryRow(ctx, `SELECT event_id FROM reports WHERE id = $1`, reportID).Scan(&about)
	if errors.Is(err, pgx.ErrNoRows) {
		return flashback.Errorf(flashback.ENOTFOUND, "There is no report %d.", reportID)
	} else if err != nil {
		return fmt.Errorf("find report %d: %w", reportID, err)
	}
	if about != eventID {
		return flashback.Errorf(flashback.EINVALID, "Report %d is about another event.", reportID)
	}
	return closeReport(ctx, tx.Tx, reportID, flashback.ReportAccepted, editorID, note)
}

// Revisions returns an event's revisions, newest first.
func (s *DeskStore) Revisions(ctx context.Context, eventID int64) ([]*flashback.Revision, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT r.id, r.event_id, COALESCE(r.editor_id, 0),
		COALESCE(u.name, ''), r.changes, r.note, r.created_at
		FROM revisions r LEFT JOIN users u ON u.id = r.editor_id
		WHERE r.event_id = $1 ORDER BY r.id DESC`, eventID)
	if err != nil {
		return nil, fmt.Errorf("find revisions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*flashback.Revision, error) {
		var r flashback.Revision
		var changes string
		if err := row.Scan(&r.ID, &r.EventID, &r.EditorID, &r.EditorName, &changes, &r.Note, &r.CreatedAt); err != nil {
			return nil, err
		}
		r.CreatedAt = r.CreatedAt.UTC()
		var err error
		if r.Changes, err = storejson.DecodeChanges(changes); err != nil {
			return nil, fmt.Errorf("revision %d: %w", r.ID, err)
		}
		return &r, nil
	})
	if err != nil {
		return nil, fmt.Errorf("find revisions: %w", err)
	}
	return out, nil
}
