package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

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
	defer rollback(ctx, tx)
	im, err := newImporter(ctx, tx, events)
	if err != nil {
		return flashback.ImportStats{}, err
	}
	stats, err := flashback.ImportAll(ctx, im, events)
	if err != nil {
		return stats, err
	}
	if err := commit(ctx, tx); err != nil {
		return flashback.ImportStats{}, fmt.Errorf("import: %w", err)
	}
	return stats, nil
}

// importer holds the state of one import transaction. What is stored under
// the batch's keys is read in one query up front; writes wait in a pgx
// batch and go to the server together, so an import costs a few round trips
// rather than one or two per event.
type importer struct {
	tx         *Tx
	categories map[string]bool
	stored     map[string]*flashback.Event // by external key, as the batch leaves it
	edited     map[int64]bool              // events with editors' revisions
	batch      *pgx.Batch
	pending    []*flashback.Event // inserts queued in batch, waiting for an ID
}

// importChunk is how many writes go to the server at once.
const importChunk = 500

func newImporter(ctx context.Context, tx *Tx, events []*flashback.Event) (*importer, error) {
	im := &importer{tx: tx, categories: map[string]bool{}, stored: map[string]*flashback.Event{},
		edited: map[int64]bool{}, batch: &pgx.Batch{}}
	rows, err := tx.Query(ctx, `SELECT slug FROM categories`)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	slugs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	for _, slug := range slugs {
		im.categories[slug] = true
	}
	keys := make([]string, 0, len(events))
	for _, e := range events {
		if e.ExternalKey != "" {
			keys = append(keys, e.ExternalKey)
		}
	}
	// FOR UPDATE: a concurrent import of the same keys waits for this one
	// instead of comparing with rows about to change.
	rows, err = tx.Query(ctx, `SELECT id, `+eventColumns+`,
		EXISTS (SELECT 1 FROM revisions r WHERE r.event_id = events.id)
		FROM events WHERE external_key = ANY ($1) FOR UPDATE`, keys)
	if err != nil {
		return nil, fmt.Errorf("find imported events: %w", err)
	}
	_, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (struct{}, error) {
		var edited bool
		e, err := scanEvent(row, &edited)
		if err == nil {
			im.stored[e.ExternalKey], im.edited[e.ID] = e, edited
		}
		return struct{}{}, err
	})
	if err != nil {
		return nil, fmt.Errorf("find imported events: %w", err)
	}
	return im, nil
}

var _ flashback.ImportTx = (*importer)(nil)

func (im *importer) HasCategory(slug string) bool { return im.categories[slug] }

func (im *importer) Stored(ctx context.Context, key string) (*flashback.Event, bool, error) {
	old, ok := im.stored[key]
	if ok && old.ID == 0 {
		// The same key twice in one batch, the first still queued: its ID
		// is needed to update it.
		if err := im.Flush(ctx); err != nil {
			return nil, false, err
		}
	}
	return old, ok, nil
}

func (im *importer) Edited(_ context.Context, id int64) (bool, error) { return im.edited[id], nil }

func (im *importer) Update(ctx context.Context, e *flashback.Event) error {
	e.UpdatedAt = im.tx.now
	args, err := eventArgs(e)
	if err != nil {
		return err
	}
	im.batch.Queue(updateEventSQL, append(args, e.ID)...)
	im.stored[e.ExternalKey] = e
	return im.flushIfFull(ctx)
}

func (im *importer) AddCorrections(ctx context.Context, e *flashback.Event) error {
	return upsertImportCorrections(ctx, im.tx, e)
}

// Add queues the insertion of e.
func (im *importer) Add(ctx context.Context, e *flashback.Event) error {
	e.CreatedAt, e.UpdatedAt = im.tx.now, im.tx.now
	args, err := eventArgs(e)
	if err != nil {
		return err
	}
	im.batch.Queue(insertEventSQL, args...)
	im.pending = append(im.pending, e)
	im.stored[e.ExternalKey] = e
	return im.flushIfFull(ctx)
}

func (im *importer) flushIfFull(ctx context.Context) error {
	if im.batch.Len() < importChunk {
		return nil
	}
	return im.Flush(ctx)
}

// Flush sends the queued writes and sets the IDs of the inserted events.
// Writes come back in the order they were queued; an insert's is its ID.
func (im *importer) Flush(ctx context.Context) error {
	if im.batch.Len() == 0 {
		return nil
	}
	queued := im.batch.QueuedQueries
	results := im.tx.SendBatch(ctx, im.batch)
	im.batch = &pgx.Batch{}
	pending := im.pending
	im.pending = nil
	for _, q := range queued {
		if q.SQL == insertEventSQL {
			e := pending[0]
			pending = pending[1:]
			if err := results.QueryRow().Scan(&e.ID); err != nil {
				results.Close()
				return fmt.Errorf("insert %q: %w", e.ExternalKey, err)
			}
			continue
		}
		if _, err := results.Exec(); err != nil {
			results.Close()
			return fmt.Errorf("update imported event: %w", err)
		}
	}
	if err := results.Close(); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return nil
}
