package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
	"flashback/storejson"
)

// EventStore keeps events and categories in a DB.
type EventStore struct {
	db *DB
	// common are the words whose lists a search need not count.
	common *commonWords
}

var _ flashback.EventStore = (*EventStore)(nil)

// NewEventStore returns an EventStore on an open DB.
func NewEventStore(db *DB) *EventStore {
	return &EventStore{db: db, common: &commonWords{}}
}

// FindEventByID returns the event with id, drafts included, or ENOTFOUND.
func (s *EventStore) FindEventByID(ctx context.Context, id int64) (*flashback.Event, error) {
	events, _, err := s.FindEvents(ctx, flashback.EventFilter{ID: &id, IncludeDrafts: true})
	if err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no event %d.", id)
	}
	return events[0], nil
}

// CreateEvent validates e, stores it and sets its ID, Slug (when empty) and
// timestamps.
func (s *EventStore) CreateEvent(ctx context.Context, e *flashback.Event) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	if err := (deskTx{tx}).CheckEvent(ctx, e, 0); err != nil {
		return err
	}
	if err := (deskTx{tx}).InsertEvent(ctx, e); err != nil {
		return err
	}
	return commit(ctx, tx)
}

// UpdateEvent replaces every field of the stored event e.ID with e's, keeps
// its creation time and stamps UpdatedAt.
func (s *EventStore) UpdateEvent(ctx context.Context, e *flashback.Event) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	var created time.Time
	err = tx.QueryRow(ctx, `SELECT created_at FROM events WHERE id = $1 FOR UPDATE`, e.ID).Scan(&created)
	if errors.Is(err, pgx.ErrNoRows) {
		return flashback.Errorf(flashback.ENOTFOUND, "There is no event %d.", e.ID)
	} else if err != nil {
		return fmt.Errorf("find event %d: %w", e.ID, err)
	}
	if err := (deskTx{tx}).CheckEvent(ctx, e, e.ID); err != nil {
		return err
	}
	e.CreatedAt = created.UTC()
	if err := (deskTx{tx}).UpdateEvent(ctx, e); err != nil {
		return err
	}
	return commit(ctx, tx)
}

// CheckEvent fills in the slug and refuses an event the store may not keep:
// invalid, in an unknown category, or reusing another event's ExternalKey.
// The unique index has the last word on keys; this check gives the error
// an editor can read.
func (tx deskTx) CheckEvent(ctx context.Context, e *flashback.Event, id int64) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if e.Slug == "" {
		e.Slug = flashback.Slugify(e.Headline)
	}
	var known bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM categories WHERE slug = $1)`, e.Category).Scan(&known)
	if err != nil {
		return fmt.Errorf("check category: %w", err)
	}
	if !known {
		return flashback.Errorf(flashback.EINVALID, "There is no category %q.", e.Category)
	}
	if e.ExternalKey == "" {
		return nil
	}
	var taken bool
	err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM events WHERE external_key = $1 AND id <> $2)`,
		e.ExternalKey, id).Scan(&taken)
	if err != nil {
		return fmt.Errorf("check external key: %w", err)
	}
	if taken {
		return errKeyTaken(e.ExternalKey)
	}
	return nil
}

func errKeyTaken(key string) error {
	return flashback.Errorf(flashback.ECONFLICT, "Another event already has the key %q.", key)
}

// eventColumns are the stored fields in the order eventArgs and scanEvent use.
const eventColumns = `year, month, day, precision, calendar, category, headline, summary,
	body, slug, sources, importer, origin, ref, external_key, published, created_at, updated_at,
	selected, image, date_mark`

const insertEventSQL = `INSERT INTO events (` + eventColumns + `)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
	RETURNING id`

const updateEventSQL = `UPDATE events SET year = $1, month = $2, day = $3, precision = $4,
	calendar = $5, category = $6, headline = $7, summary = $8, body = $9, slug = $10, sources = $11,
	importer = $12, origin = $13, ref = $14, external_key = $15, published = $16, created_at = $17,
	updated_at = $18, selected = $19, image = $20, date_mark = $21 WHERE id = $22`

func (tx deskTx) InsertEvent(ctx context.Context, e *flashback.Event) error {
	e.CreatedAt, e.UpdatedAt = tx.now, tx.now
	args, err := eventArgs(e)
	if err != nil {
		return err
	}
	if err := tx.QueryRow(ctx, insertEventSQL, args...).Scan(&e.ID); err != nil {
		return keyError(fmt.Errorf("insert event: %w", err), e.ExternalKey)
	}
	return nil
}

func (tx deskTx) UpdateEvent(ctx context.Context, e *flashback.Event) error {
	e.UpdatedAt = tx.now
	args, err := eventArgs(e)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, updateEventSQL, append(args, e.ID)...); err != nil {
		return keyError(fmt.Errorf("update event %d: %w", e.ID, err), e.ExternalKey)
	}
	return nil
}

// keyError turns a violation of the unique external key (a concurrent
// writer took the key after checkEvent looked) into ECONFLICT.
func keyError(err error, key string) error {
	if isUniqueViolation(err, "events_external_key_key") {
		return errKeyTaken(key)
	}
	return err
}

// eventArgs returns e's fields in eventColumns order.
func eventArgs(e *flashback.Event) ([]any, error) {
	sources, err := storejson.EncodeSources(e.Sources)
	if err != nil {
		return nil, err
	}
	image, err := storejson.EncodeImage(e.Image)
	if err != nil {
		return nil, err
	}
	mark, err := storejson.EncodeDateMark(e.DateMark)
	if err != nil {
		return nil, err
	}
	d := e.Date
	return []any{
		d.Year, int(d.Month), d.Day, int(d.Precision), int(d.Calendar),
		e.Category, e.Headline, e.Summary, e.Body, e.Slug, sources,
		e.Provenance.Importer, e.Provenance.Origin, e.Provenance.Ref,
		nullString(e.ExternalKey), e.Published, e.CreatedAt, e.UpdatedAt,
		e.Selected, nullString(image), nullString(mark),
	}, nil
}

// scanEvent reads "id, <eventColumns>" and any extra destinations after them.
func scanEvent(row pgx.Row, extra ...any) (*flashback.Event, error) {
	var (
		e           flashback.Event
		month, day  int16
		prec, cal   int16
		sources     string
		key, image  *string
		mark        *string
		created, up time.Time
	)
	dest := []any{&e.ID, &e.Date.Year, &month, &day, &prec, &cal,
		&e.Category, &e.Headline, &e.Summary, &e.Body, &e.Slug, &sources,
		&e.Provenance.Importer, &e.Provenance.Origin, &e.Provenance.Ref,
		&key, &e.Published, &created, &up, &e.Selected, &image, &mark}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	e.Date.Month, e.Date.Day = time.Month(month), int(day)
	e.Date.Precision = flashback.Precision(prec)
	e.Date.Calendar = flashback.Calendar(cal)
	e.CreatedAt, e.UpdatedAt = created.UTC(), up.UTC()
	if key != nil {
		e.ExternalKey = *key
	}
	var err error
	if e.Sources, err = storejson.DecodeSources(sources); err != nil {
		return nil, err
	}
	if image != nil {
		if e.Image, err = storejson.DecodeImage(*image); err != nil {
			return nil, err
		}
	}
	if mark != nil {
		if e.DateMark, err = storejson.DecodeDateMark(*mark); err != nil {
			return nil, err
		}
	}
	return &e, nil
}
