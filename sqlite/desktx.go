package sqlite

import (
	"context"

	"flashback"
)

// deskTx hands a write transaction to the desk operations the domain
// defines (flashback.ApplyEdit and its kin), which decide what is written.
type deskTx struct{ tx *Tx }

var _ flashback.DeskTx = deskTx{}

func (d deskTx) LoadEvent(ctx context.Context, id int64) (*flashback.Event, error) {
	return loadEvent(ctx, d.tx, id)
}

func (d deskTx) CheckEvent(ctx context.Context, e *flashback.Event, id int64) error {
	return checkEvent(ctx, d.tx, e, id)
}

func (d deskTx) InsertEvent(ctx context.Context, e *flashback.Event) error {
	return insertEvent(ctx, d.tx, e)
}

func (d deskTx) UpdateEvent(ctx context.Context, e *flashback.Event) error {
	return updateEvent(ctx, d.tx, e)
}

func (d deskTx) InsertRevision(ctx context.Context, eventID, editorID int64, changes []flashback.FieldChange, note string) error {
	return insertRevision(ctx, d.tx, eventID, editorID, changes, note)
}

func (d deskTx) InsertCorrection(ctx context.Context, eventID, reportID int64, text string) error {
	return insertCorrection(ctx, d.tx, eventID, reportID, text)
}

func (d deskTx) AcceptReport(ctx context.Context, reportID, eventID, editorID int64, note string) error {
	return acceptReport(ctx, d.tx, reportID, eventID, editorID, note)
}
