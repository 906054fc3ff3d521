package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"flashback"
)

// ImportEvents adds or updates events by ExternalKey in one transaction.
// An event identical to what is stored is left alone, timestamps included;
// an event without a key, or one that fails validation, is listed in
// Skipped and does not stop the others.
func (s *EventStore) ImportEvents(ctx context.Context, events []*flashback.Event) (flashback.ImportStats, error) {
	var stats flashback.ImportStats
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return stats, err
	}
	defer tx.Rollback()
	im, err := newImporter(ctx, tx)
	if err != nil {
		return stats, err
	}
	defer im.close()
	var corrected []*flashback.Event // stored events that bring corrections
	for i, e := range events {
		if err := im.importOne(ctx, e, &stats); err != nil {
			var fe *flashback.Error
			if !errors.As(err, &fe) {
				return flashback.ImportStats{}, err
			}
			stats.Skipped = append(stats.Skipped, flashback.Skip{Ref: flashback.SkipRef(i, e), Reason: fe.Message})
		} else if len(e.Corrections) > 0 {
			corrected = append(corrected, e)
		}
	}
	if err := im.flush(ctx); err != nil {
		return flashback.ImportStats{}, err
	}
	for _, e := range corrected { // after the flush, every one has its ID
		if err := upsertImportCorrections(ctx, tx, e); err != nil {
			return flashback.ImportStats{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return flashback.ImportStats{}, fmt.Errorf("commit import: %w", err)
	}
	return stats, nil
}

// importer holds the state of one import transaction. New events wait in
// pending and go in by insertChunk rows per statement: each statement that
// fires the full-text triggers makes FTS5 flush its buffer, so one statement
// per row would make a first import several times slower.
type importer struct {
	tx         *Tx
	categories map[string]bool
	find       *sql.Stmt
	update     *sql.Stmt
	edited     *sql.Stmt // does an event have editors' revisions?
	insert     *sql.Stmt // for a full chunk
	pending    []*flashback.Event
	pendingKey map[string]bool
}

// insertChunk is the number of rows per INSERT: 20 parameters each stays
// far below SQLite's limit of 32766.
const insertChunk = 200

func newImporter(ctx context.Context, tx *Tx) (*importer, error) {
	im := &importer{tx: tx, categories: map[string]bool{}, pendingKey: map[string]bool{}}
	rows, err := tx.QueryContext(ctx, `SELECT slug FROM categories`)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			return nil, fmt.Errorf("list categories: %w", err)
		}
		im.categories[slug] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	stmts := []struct {
		dst   **sql.Stmt
		query string
	}{
		{&im.find, `SELECT id, ` + eventColumns + ` FROM events WHERE external_key = ?`},
		{&im.insert, multiInsertSQL(insertChunk)},
		{&im.update, updateEventSQL},
		{&im.edited, `SELECT EXISTS (SELECT 1 FROM revisions WHERE event_id = ?)`},
	}
	for _, st := range stmts {
		if *st.dst, err = tx.PrepareContext(ctx, st.query); err != nil {
			im.close()
			return nil, fmt.Errorf("prepare import: %w", err)
		}
	}
	return im, nil
}

func (im *importer) close() {
	for _, st := range []*sql.Stmt{im.find, im.insert, im.update, im.edited} {
		if st != nil {
			st.Close()
		}
	}
}

// importOne stores e and counts what it did. A *flashback.Error means e was
// refused; any other error aborts the import.
func (im *importer) importOne(ctx context.Context, e *flashback.Event, stats *flashback.ImportStats) error {
	if e.ExternalKey == "" {
		return flashback.Errorf(flashback.EINVALID, "An imported event needs an external key.")
	}
	if err := e.Validate(); err != nil {
		return err
	}
	if err := e.CleanCorrections(); err != nil {
		return err
	}
	if !im.categories[e.Category] {
		return flashback.Errorf(flashback.EINVALID, "There is no category %q.", e.Category)
	}
	if e.Slug == "" {
		e.Slug = flashback.Slugify(e.Headline)
	}
	if im.pendingKey[e.ExternalKey] {
		// The same key twice in one batch: the second compares with the first.
		if err := im.flush(ctx); err != nil {
			return err
		}
	}
	old, err := scanEvent(im.find.QueryRowContext(ctx, e.ExternalKey))
	if errors.Is(err, sql.ErrNoRows) {
		stats.Added++
		return im.add(ctx, e)
	} else if err != nil {
		return fmt.Errorf("find %q: %w", e.ExternalKey, err)
	}
	e.ID, e.CreatedAt = old.ID, old.CreatedAt
	if flashback.SameImport(old, e) {
		e.UpdatedAt = old.UpdatedAt
		stats.Unchanged++
		return nil
	}
	// An event an editor has changed since it was imported keeps the
	// editor's version: re-running an import must not undo a correction.
	var edited bool
	if err := im.edited.QueryRowContext(ctx, old.ID).Scan(&edited); err != nil {
		return fmt.Errorf("check revisions of %q: %w", e.ExternalKey, err)
	}
	if edited {
		return flashback.Errorf(flashback.ECONFLICT, "Event %d was edited by an editor since it was imported; the source's version was not applied.", old.ID)
	}
	stats.Updated++
	e.UpdatedAt = im.tx.now
	args, err := eventArgs(e)
	if err != nil {
		return err
	}
	if _, err := im.update.ExecContext(ctx, append(args, e.ID)...); err != nil {
		return fmt.Errorf("update %q: %w", e.ExternalKey, err)
	}
	return nil
}

// add queues e for insertion, inserting the queue once it is a full chunk.
func (im *importer) add(ctx context.Context, e *flashback.Event) error {
	e.CreatedAt, e.UpdatedAt = im.tx.now, im.tx.now
	im.pending = append(im.pending, e)
	im.pendingKey[e.ExternalKey] = true
	if len(im.pending) < insertChunk {
		return nil
	}
	return im.flush(ctx)
}

// flush inserts the pending events and sets their IDs.
func (im *importer) flush(ctx context.Context) error {
	if len(im.pending) == 0 {
		return nil
	}
	stmt := im.insert
	if len(im.pending) != insertChunk {
		var err error
		if stmt, err = im.tx.PrepareContext(ctx, multiInsertSQL(len(im.pending))); err != nil {
			return fmt.Errorf("prepare insert: %w", err)
		}
		defer stmt.Close()
	}
	args := make([]any, 0, len(im.pending)*eventColumnCount)
	byKey := make(map[string]*flashback.Event, len(im.pending))
	for _, e := range im.pending {
		a, err := eventArgs(e)
		if err != nil {
			return err
		}
		args = append(args, a...)
		byKey[e.ExternalKey] = e
	}
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return fmt.Errorf("insert events: %w", err)
	}
	defer rows.Close()
	// RETURNING promises no order, so the key tells which row is which.
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			return fmt.Errorf("insert events: %w", err)
		}
		byKey[key].ID = id
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("insert events: %w", err)
	}
	im.pending = im.pending[:0]
	clear(im.pendingKey)
	return nil
}

// multiInsertSQL returns an INSERT of n events that returns their IDs.
func multiInsertSQL(n int) string {
	row := "(" + strings.Repeat("?, ", eventColumnCount-1) + "?)"
	return `INSERT INTO events (` + eventColumns + `) VALUES ` +
		strings.Repeat(row+", ", n-1) + row + ` RETURNING id, external_key`
}
