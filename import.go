package flashback

import (
	"context"
	"errors"
	"slices"
	"strconv"
)

// SameImport reports whether a and b differ in nothing an import writes, so
// that re-running an import leaves an unchanged event alone, timestamps
// included.
func SameImport(a, b *Event) bool {
	return a.Date == b.Date && a.Category == b.Category && a.Headline == b.Headline &&
		a.Summary == b.Summary && a.Body == b.Body && a.Slug == b.Slug &&
		slices.Equal(a.Sources, b.Sources) && a.Provenance == b.Provenance &&
		a.Published == b.Published && a.Selected == b.Selected && sameImage(a.Image, b.Image) &&
		a.DateMark == b.DateMark
}

func sameImage(a, b *Image) bool {
	return a == b || (a != nil && b != nil && *a == *b)
}

// SkipRef names the i-th (from 0) event of an import, refused, for the
// editor: its provenance when it has one, else its key, else its position
// in the batch.
func SkipRef(i int, e *Event) string {
	switch {
	case e.Provenance.Origin != "" && e.Provenance.Ref != "":
		return e.Provenance.Origin + ":" + e.Provenance.Ref
	case e.ExternalKey != "":
		return e.ExternalKey
	}
	return "#" + strconv.Itoa(i+1)
}

// ImportTx is one import transaction of a store, as ImportAll drives it. A
// store may hold writes back and send them together; Flush sends them.
type ImportTx interface {
	HasCategory(slug string) bool
	// Stored returns the event stored (or queued earlier in this import)
	// under key, and whether there is one.
	Stored(ctx context.Context, key string) (*Event, bool, error)
	// Edited reports whether an editor has changed stored event id.
	Edited(ctx context.Context, id int64) (bool, error)
	// Add queues e as a new event; its ID is set by the next Flush at the
	// latest.
	Add(ctx context.Context, e *Event) error
	// Update queues e, which has the ID of a stored event, as its new
	// content, stamping UpdatedAt.
	Update(ctx context.Context, e *Event) error
	Flush(ctx context.Context) error
	// AddCorrections writes the corrections e brings, once e has its ID.
	AddCorrections(ctx context.Context, e *Event) error
}

// ImportAll adds or updates events by ExternalKey through tx. An event
// identical to what is stored is left alone, timestamps included; an event
// without a key, one that fails validation, or one an editor has changed
// since it was imported, is listed in Skipped and does not stop the others.
// Any other error ends the import; the caller then rolls tx back.
func ImportAll(ctx context.Context, tx ImportTx, events []*Event) (ImportStats, error) {
	var stats ImportStats
	var corrected []*Event // events that bring corrections
	for i, e := range events {
		if err := importOne(ctx, tx, e, &stats); err != nil {
			var fe *Error
			if !errors.As(err, &fe) {
				return ImportStats{}, err
			}
			stats.Skipped = append(stats.Skipped, Skip{Ref: SkipRef(i, e), Reason: fe.Message})
		} else if len(e.Corrections) > 0 {
			corrected = append(corrected, e)
		}
	}
	if err := tx.Flush(ctx); err != nil {
		return ImportStats{}, err
	}
	for _, e := range corrected { // after the flush, every one has its ID
		if err := tx.AddCorrections(ctx, e); err != nil {
			return ImportStats{}, err
		}
	}
	return stats, nil
}

// importOne stores e and counts what it did. An *Error means e was
// refused; any other error aborts the import.
func importOne(ctx context.Context, tx ImportTx, e *Event, stats *ImportStats) error {
	if e.ExternalKey == "" {
		return Errorf(EINVALID, "An imported event needs an external key.")
	}
	if err := e.Validate(); err != nil {
		return err
	}
	if err := e.CleanCorrections(); err != nil {
		return err
	}
	if !tx.HasCategory(e.Category) {
		return Errorf(EINVALID, "There is no category %q.", e.Category)
	}
	if e.Slug == "" {
		e.Slug = Slugify(e.Headline)
	}
	old, found, err := tx.Stored(ctx, e.ExternalKey)
	if err != nil {
		return err
	}
	if !found {
		stats.Added++
		return tx.Add(ctx, e)
	}
	e.ID, e.CreatedAt = old.ID, old.CreatedAt
	if SameImport(old, e) {
		e.UpdatedAt = old.UpdatedAt
		stats.Unchanged++
		return nil
	}
	// An event an editor has changed since it was imported keeps the
	// editor's version: re-running an import must not undo a correction.
	edited, err := tx.Edited(ctx, old.ID)
	if err != nil {
		return err
	}
	if edited {
		return Errorf(ECONFLICT, "Event %d was edited by an editor since it was imported; the source's version was not applied.", old.ID)
	}
	stats.Updated++
	return tx.Update(ctx, e)
}
