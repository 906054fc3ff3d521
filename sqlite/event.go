package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"flashback"
	"flashback/storejson"
)

// EventStore keeps events and categories in a DB.
type EventStore struct {
	db *DB
}

var _ flashback.EventStore = (*EventStore)(nil)

// NewEventStore returns an EventStore on an open DB.
func NewEventStore(db *DB) *EventStore {
	return &EventStore{db: db}
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
	defer tx.Rollback()
	if err := (deskTx{tx}).CheckEvent(ctx, e, 0); err != nil {
		return err
	}
	if err := (deskTx{tx}).InsertEvent(ctx, e); err != nil {
		return err
	}
	return tx.Commit()
}

// UpdateEvent replaces every field of the stored event e.ID with e's, keeps
// its creation time and stamps UpdatedAt.
func (s *EventStore) UpdateEvent(ctx context.Context, e *flashback.Event) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var created string
	err = tx.QueryRowContext(ctx, `SELECT created_at FROM events WHERE id = ?`, e.ID).Scan(&created)
	if errors.Is(err, sql.ErrNoRows) {
		return flashback.Errorf(flashback.ENOTFOUND, "There is no event %d.", e.ID)
	} else if err != nil {
		return fmt.Errorf("find event %d: %w", e.ID, err)
	}
	if err := (deskTx{tx}).CheckEvent(ctx, e, e.ID); err != nil {
		return err
	}
	if e.CreatedAt, err = parseTime(created); err != nil {
		return err
	}
	if err := (deskTx{tx}).UpdateEvent(ctx, e); err != nil {
		return err
	}
	return tx.Commit()
}

// CheckEvent fills in the slug and refuses an event the store may not keep:
// invalid, in an unknown category, or reusing another event's ExternalKey.
func (tx deskTx) CheckEvent(ctx context.Context, e *flashback.Event, id int64) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if e.Slug == "" {
		e.Slug = flashback.Slugify(e.Headline)
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM categories WHERE slug = ?`, e.Category).Scan(&n)
	if err != nil {
		return fmt.Errorf("check category: %w", err)
	}
	if n == 0 {
		return flashback.Errorf(flashback.EINVALID, "There is no category %q.", e.Category)
	}
	if e.ExternalKey == "" {
		return nil
	}
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE external_key = ? AND id <> ?`,
		e.ExternalKey, id).Scan(&n)
	if err != nil {
		return fmt.Errorf("check external key: %w", err)
	}
	if n > 0 {
		return flashback.Errorf(flashback.ECONFLICT, "Another event already has the key %q.", e.ExternalKey)
	}
	return nil
}

// eventColumns are the stored fields in the order eventArgs and scanEvent use.
const eventColumns = `year, month, day, precision, calendar, category, headline, summary,
	body, slug, sources, importer, origin, ref, external_key, published, created_at, updated_at,
	selected, image, date_mark`

// eventColumnCount is the number of names in eventColumns.
const eventColumnCount = 21

const insertEventSQL = `INSERT INTO events (` + eventColumns + `)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`

const updateEventSQL = `UPDATE events SET year = ?, month = ?, day = ?, precision = ?,
	calendar = ?, category = ?, headline = ?, summary = ?, body = ?, slug = ?, sources = ?,
	importer = ?, origin = ?, ref = ?, external_key = ?, published = ?, created_at = ?,
	updated_at = ?, selected = ?, image = ?, date_mark = ? WHERE id = ?`

func (tx deskTx) InsertEvent(ctx context.Context, e *flashback.Event) error {
	e.CreatedAt, e.UpdatedAt = tx.now, tx.now
	args, err := eventArgs(e)
	if err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, insertEventSQL, args...).Scan(&e.ID); err != nil {
		return fmt.Errorf("insert event: %w", err)
	}
	return nil
}

func (tx deskTx) UpdateEvent(ctx context.Context, e *flashback.Event) error {
	e.UpdatedAt = tx.now
	args, err := eventArgs(e)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, updateEventSQL, append(args, e.ID)...); err != nil {
		return fmt.Errorf("update event %d: %w", e.ID, err)
	}
	return nil
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
	var key any // NULL, so that the unique index ignores editors' events
	if e.ExternalKey != "" {
		key = e.ExternalKey
	}
	d := e.Date
	return []any{
		d.Year, int(d.Month), d.Day, int(d.Precision), int(d.Calendar),
		e.Category, e.Headline, e.Summary, e.Body, e.Slug, sources,
		e.Provenance.Importer, e.Provenance.Origin, e.Provenance.Ref,
		key, e.Published, formatTime(e.CreatedAt), formatTime(e.UpdatedAt),
		e.Selected, image, mark,
	}, nil
}

// rowScanner is what *sql.Row and *sql.Rows have in common.
type rowScanner interface{ Scan(dest ...any) error }

// scanEvent reads "id, <eventColumns>" and any extra destinations after them.
func scanEvent(row rowScanner, extra ...any) (*flashback.Event, error) {
	var (
		e                    flashback.Event
		month, prec, cal     int
		sources, created, up string
		image, mark          string
		key                  sql.NullString
	)
	dest := []any{&e.ID, &e.Date.Year, &month, &e.Date.Day, &prec, &cal,
		&e.Category, &e.Headline, &e.Summary, &e.Body, &e.Slug, &sources,
		&e.Provenance.Importer, &e.Provenance.Origin, &e.Provenance.Ref,
		&key, &e.Published, &created, &up, &e.Selected, &image, &mark}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	e.Date.Month = time.Month(month)
	e.Date.Precision = flashback.Precision(prec)
	e.Date.Calendar = flashback.Calendar(cal)
	e.ExternalKey = key.String
	var err error
	if e.Sources, err = storejson.DecodeSources(sources); err != nil {
		return nil, err
	}
	if e.Image, err = storejson.DecodeImage(image); err != nil {
		return nil, err
	}
	if e.DateMark, err = storejson.DecodeDateMark(mark); err != nil {
		return nil, err
	}
	if e.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if e.UpdatedAt, err = parseTime(up); err != nil {
		return nil, err
	}
	return &e, nil
}
