package postgres

import (
	"context"
	"fmt"
	"time"

	"flashback"
)

// DeskStore keeps the accuracy desk's records: readers' reports and
// messages, revisions, corrections, import conflicts and featured picks.
type DeskStore struct {
	db *DB
}

var (
	_ flashback.ReportStore   = (*DeskStore)(nil)
	_ flashback.MessageStore  = (*DeskStore)(nil)
	_ flashback.EditStore     = (*DeskStore)(nil)
	_ flashback.ConflictStore = (*DeskStore)(nil)
	_ flashback.FeatureStore  = (*DeskStore)(nil)
)

// NewDeskStore returns a DeskStore on an open DB.
func NewDeskStore(db *DB) *DeskStore {
	return &DeskStore{db: db}
}

// pageClause is LIMIT/OFFSET for a list, with no limit when limit is 0.
func pageClause(limit, offset int) string {
	switch {
	case limit > 0:
		return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(offset, 0))
	case offset > 0:
		return fmt.Sprintf(" OFFSET %d", offset)
	}
	return ""
}

// utc reads a nullable instant; NULL becomes the zero time.
func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

func eventExists(ctx context.Context, tx *Tx, id int64) error {
	var ok bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM events WHERE id = $1)`, id).Scan(&ok); err != nil {
		return fmt.Errorf("find event %d: %w", id, err)
	}
	if !ok {
		return flashback.Errorf(flashback.ENOTFOUND, "There is no event %d.", id)
	}
	return nil
}
