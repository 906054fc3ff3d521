package flashback

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ConflictStatus is where a stored conflict stands.
type ConflictStatus string

const (
	// ConflictOpen waits for an editor.
	ConflictOpen ConflictStatus = "open"
	// ConflictKept: the stored date is right; the incoming record is dropped.
	ConflictKept ConflictStatus = "kept"
	// ConflictTaken: the incoming date is right; the stored event takes it
	// (and the incoming sources).
	ConflictTaken ConflictStatus = "taken"
	// ConflictDismissed: not the same event after all; the incoming record
	// is added as an event of its own.
	ConflictDismissed ConflictStatus = "dismissed"
)

// Valid reports whether s is a known status.
func (s ConflictStatus) Valid() bool {
	switch s {
	case ConflictOpen, ConflictKept, ConflictTaken, ConflictDismissed:
		return true
	}
	return false
}

// Conflict is an imported record that is evidently the same as a stored
// event but gives another date. Imports set it aside for the editors
// instead of keeping both or overwriting.
type Conflict struct {
	ID      int64
	EventID int64 // the stored event
	// Incoming is the record as the import brought it (not stored as an
	// event while the conflict is open).
	Incoming Event
	// StoredDate is the stored event's date when the conflict was found.
	StoredDate HistDate
	Reason     string // why the two look like the same event
	Status     ConflictStatus
	Note       string
	ResolvedBy int64
	CreatedAt  time.Time
	ResolvedAt time.Time
}

// ConflictFilter selects conflicts. Zero fields do not filter.
type ConflictFilter struct {
	ID      *int64
	EventID *int64
	Status  ConflictStatus
	Offset  int
	Limit   int
}

// ConflictResolution is an editor's decision on an open conflict.
type ConflictResolution struct {
	ID       int64
	Status   ConflictStatus // kept, taken or dismissed
	EditorID int64
	Note     string
	// Correction, when not empty and the status is taken, is published on
	// the stored event.
	Correction string
}

// ConflictStore keeps conflicts found by imports.
type ConflictStore interface {
	// AddConflicts stores conflicts not seen before; a conflict already
	// recorded (same event, same incoming record and date), whatever its
	// status, is skipped so that re-running an import adds nothing. It
	// returns how many were added.
	AddConflicts(ctx context.Context, cs []*Conflict) (int, error)
	FindConflictByID(ctx context.Context, id int64) (*Conflict, error)
	// FindConflicts returns matching conflicts, newest first, and the total.
	FindConflicts(ctx context.Context, filter ConflictFilter) ([]*Conflict, int, error)
	// ResolveConflict closes an open conflict and applies the decision in
	// one transaction, with a revision of any change to the stored event.
	// ECONFLICT when the conflict is no longer open.
	ResolveConflict(ctx context.Context, res ConflictResolution) error
}

// TookDateNote is the history note of an event that took c's incoming
// date, with the editor's own note after it.
func (c *Conflict) TookDateNote(res ConflictResolution) string {
	note := fmt.Sprintf("Conflict %d: took the date from %s.", c.ID, c.Incoming.Provenance.Describe())
	if n := strings.TrimSpace(res.Note); n != "" {
		note += " " + n
	}
	return note
}

// AddedNote is the history note of c's incoming record stored as an event
// of its own.
func (c *Conflict) AddedNote() string {
	return fmt.Sprintf("Conflict %d dismissed: added as its own event.", c.ID)
}
