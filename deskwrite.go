package flashback

import (
	"context"
	"strings"
)

// DeskTx is what one write transaction of a store offers the desk: the
// single reads and writes, each a statement or two. What an edit, a
// resolved conflict or a changed pick writes, and in what order, is
// decided below, once for every store; a store begins the transaction,
// hands it over and commits.
type DeskTx interface {
	// LoadEvent reads event id and holds it against other writers until
	// the transaction ends, so a revision records what it really replaced.
	LoadEvent(ctx context.Context, id int64) (*Event, error)
	// CheckEvent fills in e's slug and refuses an event the store may not
	// keep; id is the event being replaced, 0 for a new one.
	CheckEvent(ctx context.Context, e *Event, id int64) error
	InsertEvent(ctx context.Context, e *Event) error
	UpdateEvent(ctx context.Context, e *Event) error
	InsertRevision(ctx context.Context, eventID, editorID int64, changes []FieldChange, note string) error
	InsertCorrection(ctx context.Context, eventID, reportID int64, text string) error
	// AcceptReport closes open report reportID, which must be about
	// eventID, as accepted.
	AcceptReport(ctx context.Context, reportID, eventID, editorID int64, note string) error
}

// SaveEvent inserts e (ID 0) or updates it, and returns what changed. An
// update that changes nothing writes nothing and leaves e's timestamps as
// stored.
func SaveEvent(ctx context.Context, tx DeskTx, e *Event) ([]FieldChange, error) {
	if e.ID == 0 {
		if err := tx.CheckEvent(ctx, e, 0); err != nil {
			return nil, err
		}
		if err := tx.InsertEvent(ctx, e); err != nil {
			return nil, err
		}
		return DiffEvents(&Event{}, e), nil
	}
	before, err := tx.LoadEvent(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	if err := tx.CheckEvent(ctx, e, e.ID); err != nil {
		return nil, err
	}
	e.CreatedAt = before.CreatedAt
	changes := DiffEvents(before, e)
	if len(changes) == 0 {
		e.UpdatedAt = before.UpdatedAt
		return nil, nil
	}
	return changes, tx.UpdateEvent(ctx, e)
}

// ApplyEdit saves edit's event with its revision, and its public
// correction and the acceptance of its report when it has them. The
// caller has checked edit (see EventEdit.CleanTexts).
func ApplyEdit(ctx context.Context, tx DeskTx, edit EventEdit) error {
	e := edit.Event
	changes, err := SaveEvent(ctx, tx, e)
	if err != nil {
		return err
	}
	if len(changes) > 0 {
		if err := tx.InsertRevision(ctx, e.ID, edit.EditorID, changes, edit.Note); err != nil {
			return err
		}
	}
	if c := strings.TrimSpace(edit.Correction); c != "" {
		if err := tx.InsertCorrection(ctx, e.ID, edit.ReportID, c); err != nil {
			return err
		}
	}
	if edit.ReportID != 0 {
		return tx.AcceptReport(ctx, edit.ReportID, e.ID, edit.EditorID, edit.ReportNote)
	}
	return nil
}

// ApplyResolution writes what resolving open conflict c as res does to the
// events: taking the incoming date changes the stored event, dismissing
// the conflict keeps the incoming record as an event of its own, and
// keeping the stored date changes nothing. Closing the conflict itself is
// the store's.
func ApplyResolution(ctx context.Context, tx DeskTx, c *Conflict, res ConflictResolution) error {
	switch res.Status {
	case ConflictTaken:
		return takeIncomingDate(ctx, tx, c, res)
	case ConflictDismissed:
		e := c.Incoming
		changes, err := SaveEvent(ctx, tx, &e)
		if err != nil {
			return err
		}
		return tx.InsertRevision(ctx, e.ID, res.EditorID, changes, c.AddedNote())
	}
	return nil
}

// takeIncomingDate gives the stored event the incoming date and adds the
// incoming sources it lacks, with a revision and optional correction.
func takeIncomingDate(ctx context.Context, tx DeskTx, c *Conflict, res ConflictResolution) error {
	e, err := tx.LoadEvent(ctx, c.EventID)
	if err != nil {
		return err
	}
	e.Date = c.Incoming.Date
	e.Sources = MergeSources(e.Sources, c.Incoming.Sources)
	changes, err := SaveEvent(ctx, tx, e)
	if err != nil {
		return err
	}
	if len(changes) > 0 {
		if err := tx.InsertRevision(ctx, e.ID, res.EditorID, changes, c.TookDateNote(res)); err != nil {
			return err
		}
	}
	if text := strings.TrimSpace(res.Correction); text != "" {
		return tx.InsertCorrection(ctx, e.ID, 0, text)
	}
	return nil
}

// RecordPick writes the revisions of a pick that replaced event old; see
// FeaturePick.Revisions.
func RecordPick(ctx context.Context, tx DeskTx, p *FeaturePick, old int64) error {
	for _, r := range p.Revisions(old) {
		if err := tx.InsertRevision(ctx, r.EventID, p.EditorID, r.Changes, p.Note); err != nil {
			return err
		}
	}
	return nil
}
