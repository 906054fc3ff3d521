package sqlite

import (
	"database/sql"
	"fmt"
	"time"

	"flashback"
)

// DeskStore keeps the accuracy desk's records: readers' reports and
// messages, revisions, corrections and import conflicts.
type DeskStore struct {
	db *DB
}

var (
	_ flashback.ReportStore   = (*DeskStore)(nil)
	_ flashback.MessageStore  = (*DeskStore)(nil)
	_ flashback.EditStore     = (*DeskStore)(nil)
	_ flashback.ConflictStore = (*DeskStore)(nil)
)

// NewDeskStore returns a DeskStore on an open DB.
func NewDeskStore(db *DB) *DeskStore {
	return &DeskStore{db: db}
}

// nullID stores ID 0 as NULL, for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// scanNullTime reads a nullable stored time; NULL becomes the zero time.
func scanNullTime(s sql.NullString) (time.Time, error) {
	if !s.Valid {
		return time.Time{}, nil
	}
	return parseTime(s.String)
}

// pageClause is LIMIT/OFFSET for a list, with no limit when limit is 0.
func pageClause(limit, offset int) string {
	switch {
	case limit > 0:
		return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(offset, 0))
	case offset > 0:
		return fmt.Sprintf(" LIMIT -1 OFFSET %d", offset)
	}
	return ""
}
