package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

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
	defer rollback(ctx, tx)
	im, err := newImporter(ctx, tx, events)
	if err != nil {
		return stats, err
	}
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
	old, ok := im.stored[e.ExternalKey]
	if !ok {
		stats.Added++
		return im.add(ctx, e)
	}
	if old.ID == 0 {
		// The same key twice in one batch, the first still queued: its ID
		// is needed to update it.
		if err := im.flush(ctx); err != nil {
			return err
		}
	}
	e.ID, e.CreatedAt = old.ID, old.CreatedAt
	if flashback.SameImport(old, e) {
		e.UpdatedAt = old.UpdatedAt
		stats.Unchanged++
		return nil
	}
	// An event an editor has changed since it was imported keeps the
	// editor's version: re-running an import must not undo a correction.
	if im.edited[old.ID] {
		return flashback.Errorf(flashback.ECONFLICT, "Event %d was edited by an editor since it was imported; the source's version was not applied.", old.ID)
	}
	stats.Updated++
	e.UpdatedAt = im.tx.now
	args, err := eventArgs(e)
	if err != nil {
		return err
	}
	im.batch.Queue(updateEventSQL, append(args, e.ID)...)
	im.stored[e.ExternalKey] = e
	return im.flushIfFull(ctx)
}

// add queues the insertion of e.
func (im *importer) add(ctx context.Context, e *flashback.Event) error {
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
	return im.flush(ctx)
}

// flush sends the queued writes and sets the IDs of the inserted events.
// Writes come back in the order they were queued; an insert's is its ID.
func (im *importer) flush(ctx context.Context) error {
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
