package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"flashback"
)

// storedIncoming is the JSON shape of a conflict's incoming record, spelled
// out so that renaming a Go field cannot silently change what is on disk.
type storedIncoming struct {
	Year        int            `json:"year"`
	Month       int            `json:"month"`
	Day         int            `json:"day"`
	Precision   int            `json:"precision"`
	Calendar    int            `json:"calendar"`
	Category    string         `json:"category"`
	Headline    string         `json:"headline"`
	Summary     string         `json:"summary,omitempty"`
	Body        string         `json:"body,omitempty"`
	Sources     []storedSource `json:"sources,omitempty"`
	Importer    string         `json:"importer,omitempty"`
	Origin      string         `json:"origin,omitempty"`
	Ref         string         `json:"ref,omitempty"`
	ExternalKey string         `json:"external_key,omitempty"`
	Published   bool           `json:"published,omitempty"`
	// DateMark keeps an erratum's mark on a held-back bundled event, so
	// that dismissing the conflict stores the event as imported.
	DateMark *storedDateMark `json:"date_mark,omitempty"`
}

func encodeIncoming(e *flashback.Event) (string, error) {
	d := e.Date
	in := storedIncoming{
		Year: d.Year, Month: int(d.Month), Day: d.Day, Precision: int(d.Precision), Calendar: int(d.Calendar),
		Category: e.Category, Headline: e.Headline, Summary: e.Summary, Body: e.Body,
		Importer: e.Provenance.Importer, Origin: e.Provenance.Origin, Ref: e.Provenance.Ref,
		ExternalKey: e.ExternalKey, Published: e.Published,
	}
	if m := e.DateMark; m != (flashback.DateMark{}) {
		in.DateMark = &storedDateMark{Kind: string(m.Kind), Reason: m.Reason, Reference: m.Reference}
	}
	for _, s := range e.Sources {
		in.Sources = append(in.Sources, toStoredSource(s))
	}
	b, err := json.Marshal(in)
	if err != nil {
		return "", fmt.Errorf("encode incoming event: %w", err)
	}
	return string(b), nil
}

func decodeIncoming(s string) (flashback.Event, error) {
	var in storedIncoming
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return flashback.Event{}, fmt.Errorf("decode incoming event: %w", err)
	}
	e := flashback.Event{
		Date: flashback.HistDate{Year: in.Year, Month: time.Month(in.Month), Day: in.Day,
			Precision: flashback.Precision(in.Precision), Calendar: flashback.Calendar(in.Calendar)},
		Category: in.Category, Headline: in.Headline, Summary: in.Summary, Body: in.Body,
		Provenance:  flashback.Provenance{Importer: in.Importer, Origin: in.Origin, Ref: in.Ref},
		ExternalKey: in.ExternalKey, Published: in.Published,
	}
	if m := in.DateMark; m != nil {
		e.DateMark = flashback.DateMark{Kind: flashback.DateMarkKind(m.Kind), Reason: m.Reason, Reference: m.Reference}
	}
	for _, s := range in.Sources {
		e.Sources = append(e.Sources, s.source())
	}
	return e, nil
}

// dateKey writes a date with all its parts, for identity and storage.
func dateKey(d flashback.HistDate) string {
	return fmt.Sprintf("%d/%d/%d/%d/%d", d.Year, d.Month, d.Day, d.Precision, d.Calendar)
}

func parseDateKey(s string) (flashback.HistDate, error) {
	var d flashback.HistDate
	var month, prec, cal int
	if _, err := fmt.Sscanf(s, "%d/%d/%d/%d/%d", &d.Year, &month, &d.Day, &prec, &cal); err != nil {
		return d, fmt.Errorf("bad stored date %q: %w", s, err)
	}
	d.Month, d.Precision, d.Calendar = time.Month(month), flashback.Precision(prec), flashback.Calendar(cal)
	return d, nil
}

// incomingKey identifies an imported record across runs of an import.
func incomingKey(e *flashback.Event) string {
	if e.ExternalKey != "" {
		return "key:" + e.ExternalKey
	}
	return "headline:" + strings.ToLower(strings.TrimSpace(e.Headline))
}

// AddConflicts stores the conflicts not recorded before.
func (s *DeskStore) AddConflicts(ctx context.Context, cs []*flashback.Conflict) (int, error) {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	added := 0
	for _, c := range cs {
		ok, err := addConflict(ctx, tx, c)
		if err != nil {
			return 0, err
		}
		if ok {
			added++
		}
	}
	return added, tx.Commit()
}

func addConflict(ctx context.Context, tx *Tx, c *flashback.Conflict) (bool, error) {
	if err := eventExists(ctx, tx, c.EventID); err != nil {
		return false, err
	}
	in, err := encodeIncoming(&c.Incoming)
	if err != nil {
		return false, err
	}
	c.Status, c.CreatedAt = flashback.ConflictOpen, tx.now
	err = tx.QueryRowContext(ctx, `INSERT INTO conflicts (event_id, incoming, incoming_key,
		incoming_date, stored_date, reason, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?)
		ON CONFLICT (event_id, incoming_key, incoming_date) DO NOTHING RETURNING id`,
		c.EventID, in, incomingKey(&c.Incoming), dateKey(c.Incoming.Date), dateKey(c.StoredDate),
		c.Reason, formatTime(tx.now)).Scan(&c.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // recorded by an earlier run
	} else if err != nil {
		return false, fmt.Errorf("insert conflict: %w", err)
	}
	return true, nil
}

// FindConflictByID returns the conflict or ENOTFOUND.
func (s *DeskStore) FindConflictByID(ctx context.Context, id int64) (*flashback.Conflict, error) {
	cs, _, err := s.FindConflicts(ctx, flashback.ConflictFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no conflict %d.", id)
	}
	return cs[0], nil
}

// FindConflicts returns matching conflicts, newest first, and the total.
func (s *DeskStore) FindConflicts(ctx context.Context, f flashback.ConflictFilter) ([]*flashback.Conflict, int, error) {
	conds, args := []string{"1 = 1"}, []any{}
	if f.ID != nil {
		conds, args = append(conds, "id = ?"), append(args, *f.ID)
	}
	if f.EventID != nil {
		conds, args = append(conds, "event_id = ?"), append(args, *f.EventID)
	}
	if f.Status != "" {
		conds, args = append(conds, "status = ?"), append(args, string(f.Status))
	}
	where := strings.Join(conds, " AND ")
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, event_id, incoming, stored_date, reason,
		status, note, COALESCE(resolved_by, 0), created_at, resolved_at FROM conflicts
		WHERE `+where+` ORDER BY id DESC`+pageClause(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find conflicts: %w", err)
	}
	defer rows.Close()
	out := []*flashback.Conflict{}
	for rows.Next() {
		c, err := scanConflict(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find conflicts: %w", err)
	}
	var total int
	if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM conflicts WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count conflicts: %w", err)
	}
	return out, total, nil
}

func scanConflict(row rowScanner) (*flashback.Conflict, error) {
	var (
		c                         flashback.Conflict
		in, stored, status, creat string
		resolved                  sql.NullString
	)
	if err := row.Scan(&c.ID, &c.EventID, &in, &stored, &c.Reason, &status, &c.Note,
		&c.ResolvedBy, &creat, &resolved); err != nil {
		return nil, fmt.Errorf("read conflict: %w", err)
	}
	c.Status = flashback.ConflictStatus(status)
	var err error
	if c.Incoming, err = decodeIncoming(in); err != nil {
		return nil, err
	}
	if c.StoredDate, err = parseDateKey(stored); err != nil {
		return nil, err
	}
	if c.CreatedAt, err = parseTime(creat); err != nil {
		return nil, err
	}
	if c.ResolvedAt, err = scanNullTime(resolved); err != nil {
		return nil, err
	}
	return &c, nil
}
