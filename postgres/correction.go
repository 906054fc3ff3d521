package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"flashback"
)

func (tx deskTx) InsertCorrection(ctx context.Context, eventID, reportID int64, text string) error {
	_, err := tx.Exec(ctx, `INSERT INTO corrections (event_id, report_id, text, created_at)
		VALUES ($1, $2, $3, $4)`, eventID, nullID(reportID), text, tx.now)
	if err != nil {
		return fmt.Errorf("insert correction: %w", err)
	}
	return nil
}

// upsertImportCorrections writes the corrections an import brings with e:
// new keys are added, known ones keep their date and take the new text and
// references only when these changed (an UPDATE that changes nothing
// would still tell page caches that content changed).
func upsertImportCorrections(ctx context.Context, tx *Tx, e *flashback.Event) error {
	for _, c := range e.Corrections {
		_, err := tx.Exec(ctx, `INSERT INTO corrections (event_id, text, key, refs, created_at)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (event_id, key) WHERE key IS NOT NULL DO UPDATE SET text = excluded.text, refs = excluded.refs
			WHERE corrections.text <> excluded.text OR corrections.refs <> excluded.refs`,
			e.ID, c.Text, c.Key, strings.Join(c.References, "\n"), tx.now)
		if err != nil {
			return fmt.Errorf("write correction %s: %w", c.Key, err)
		}
	}
	return nil
}

// FindCorrections returns corrections newest first, and the total.
func (s *DeskStore) FindCorrections(ctx context.Context, f flashback.CorrectionFilter) ([]*flashback.Correction, int, error) {
	w := &where{conds: []string{"true"}}
	if f.EventID != nil {
		w.add("c.event_id = ?", *f.EventID)
	}
	if !f.IncludeDrafts {
		w.add("e.published")
	}
	cond := strings.Join(w.conds, " AND ")
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer rollback(ctx, tx)
	rows, err := tx.Query(ctx, `SELECT c.id, c.event_id, COALESCE(c.report_id, 0),
		c.text, COALESCE(c.key, ''), c.refs, c.created_at, e.headline, e.slug
		FROM corrections c JOIN events e ON e.id = c.event_id
		WHERE `+cond+` ORDER BY c.id DESC`+pageClause(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find corrections: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*flashback.Correction, error) {
		var c flashback.Correction
		var refs string
		err := row.Scan(&c.ID, &c.EventID, &c.ReportID, &c.Text, &c.Key, &refs, &c.CreatedAt, &c.EventHeadline, &c.EventSlug)
		c.CreatedAt = c.CreatedAt.UTC()
		if refs != "" {
			c.References = strings.Split(refs, "\n")
		}
		return &c, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find corrections: %w", err)
	}
	var total int
	err = tx.QueryRow(ctx, `SELECT COUNT(*) FROM corrections c JOIN events e ON e.id = c.event_id
		WHERE `+cond, w.args...).Scan(&total)
	if err != nil {
		return nil, 0, fmt.Errorf("count corrections: %w", err)
	}
	return out, total, nil
}
