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
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return flashback.ImportStats{}, err
	}
	defer tx.Rollback()
	im, err := newImporter(ctx, tx)
	if err != nil {
		return flashback.ImportStats{}, err
	}
	defer im.close()
	stats, err := flashback.ImportAll(ctx, im, events)
	if err != nil {
		return stats, err
	}
	if err := im.indexAdded(ctx); err != nil {
		return flashback.ImportStats{}, err
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
	// above is the highest id stored before the import: the events it
	// adds have higher ones, and the search triggers leave them to
	// indexAdded (see migration 015).
	above int64
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
	if err := tx.QueryRowContext(ctx, `INSERT INTO search_index_deferred (above)
		SELECT coalesce(max(id), 0) FROM events RETURNING above`).Scan(&im.above); err != nil {
		return nil, fmt.Errorf("defer search indexing: %w", err)
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

var _ flashback.ImportTx = (*importer)(nil)

func (im *importer) HasCategory(slug string) bool { return im.categories[slug] }

func (im *importer) Stored(ctx context.Context, key string) (*flashback.Event, bool, error) {
	if im.pendingKey[key] {
		// The same key twice in one batch: the second compares with the first.
		if err := im.Flush(ctx); err != nil {
			return nil, false, err
		}
	}
	old, err := scanEvent(im.find.QueryRowContext(ctx, key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("find %q: %w", key, err)
	}
	return old, true, nil
}

func (im *importer) Edited(ctx context.Context, id int64) (bool, error) {
	var edited bool
	if err := im.edited.QueryRowContext(ctx, id).Scan(&edited); err != nil {
		return false, fmt.Errorf("check revisions of event %d: %w", id, err)
	}
	return edited, nil
}

func (im *importer) Update(ctx context.Context, e *flashback.Event) error {
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

func (im *importer) AddCorrections(ctx context.Context, e *flashback.Event) error {
	return upsertImportCorrections(ctx, im.tx, e)
}

// Add queues e for insertion, inserting the queue once it is a full chunk.
func (im *importer) Add(ctx context.Context, e *flashback.Event) error {
	e.CreatedAt, e.UpdatedAt = im.tx.now, im.tx.now
	im.pending = append(im.pending, e)
	im.pendingKey[e.ExternalKey] = true
	if len(im.pending) < insertChunk {
		return nil
	}
	return im.Flush(ctx)
}

// Flush inserts the pending events and sets their IDs.
func (im *importer) Flush(ctx context.Context) error {
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

// indexAdded puts the events the import added into the search indexes,
// folded as the triggers fold them (migration 022), each index in one
// statement and in its key order, so that FTS5 writes
// them out in as few segments as its buffer allows, and lets the triggers
// index every event again.
// ImportAll has flushed every pending event by then.
func (im *importer) indexAdded(ctx context.Context) error {
	for _, q := range []string{
		`INSERT INTO events_fts (rowid, headline, summary, body)
		SELECT id, search_fold(headline), search_fold(summary), search_fold(body) FROM events WHERE id > ? ORDER BY id`,
		`INSERT INTO events_headline_fts (rowid, headline)
		SELECT ` + headlineKey + `, search_fold(headline) FROM events WHERE id > ? ORDER BY 1`,
		`DELETE FROM search_index_deferred WHERE above = ?`,
	} {
		if _, err := im.tx.ExecContext(ctx, q, im.above); err != nil {
			return fmt.Errorf("index imported events: %w", err)
		}
	}
	return nil
}

// multiInsertSQL returns an INSERT of n events that returns their IDs.
func multiInsertSQL(n int) string {
	row := "(" + strings.Repeat("?, ", eventColumnCount-1) + "?)"
	return `INSERT INTO events (` + eventColumns + `) VALUES ` +
		strings.Repeat(row+", ", n-1) + row + ` RETURNING id, external_key`
}
