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
	defer tx.Rollback()
	if err := flashback.ApplyEdit(ctx, deskTx{tx}, edit); err != nil {
		return err
	}
	return tx.Commit()
}

// LoadEvent reads one event inside a write transaction.
func (tx deskTx) LoadEvent(ctx context.Context, id int64) (*flashback.Event, error) {
	e, err := scanEvent(tx.QueryRowContext(ctx, `SELECT id, `+eventColumns+` FROM events WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
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
	_, err = tx.ExecContext(ctx, `INSERT INTO revisions (event_id, editor_id, changes, note, created_at)
		VALUES (?, ?, ?, ?, ?)`, eventID, nullID(editorID), b, strings.TrimSpace(note), formatTime(tx.now))
	if err != nil {
		return fmt.Errorf("insert revision: %w", err)
	}
	return nil
}

// AcceptReport closes an open report about eventID as accepted.
func (tx deskTx) AcceptReport(ctx context.Context, reportID, eventID, editorID int64, note string) error {
	var about int64
	err := tx.QueryRowContext(ctx, `SELECT event_id FROM reports WHERE id = ?`, reportID).Scan(&about)
	if errors.Is(err, sql.ErrNoRows) {
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
	rows, err := s.db.read.QueryContext(ctx, `SELECT r.id, r.event_id, COALESCE(r.editor_id, 0),
		COALESCE(u.name, ''), r.changes, r.note, r.created_at
		FROM revisions r LEFT JOIN users u ON u.id = r.editor_id
		WHERE r.event_id = ? ORDER BY r.id DESC`, eventID)
	if err != nil {
		return nil, fmt.Errorf("find revisions: %w", err)
	}
	defer rows.Close()
	out := []*flashback.Revision{}
	for rows.Next() {
		var (
			r                flashback.Revision
			changes, created string
		)
		if err := rows.Scan(&r.ID, &r.EventID, &r.EditorID, &r.EditorName, &changes, &r.Note, &created); err != nil {
			return nil, fmt.Errorf("read revision: %w", err)
		}
		if r.Changes, err = storejson.DecodeChanges(changes); err != nil {
			return nil, fmt.Errorf("revision %d: %w", r.ID, err)
		}
		if r.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, &r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find revisions: %w", err)
	}
	return out, nil
}
