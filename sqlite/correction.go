package sqlite

import (
	"context"
	"fmt"
	"strings"

	"flashback"
)

func (tx deskTx) InsertCorrection(ctx context.Context, eventID, reportID int64, text string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO corrections (event_id, report_id, text, created_at)
		VALUES (?, ?, ?, ?)`, eventID, nullID(reportID), text, formatTime(tx.now))
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
		refs := strings.Join(c.References, "\n")
		_, err := tx.ExecContext(ctx, `INSERT INTO corrections (event_id, text, key, refs, created_at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (event_id, key) WHERE key IS NOT NULL DO UPDATE SET text = excluded.text, refs = excluded.refs
			WHERE text <> excluded.text OR refs <> excluded.refs`,
			e.ID, c.Text, c.Key, refs, formatTime(tx.now))
		if err != nil {
			return fmt.Errorf("write correction %s: %w", c.Key, err)
		}
	}
	return nil
}

// correctionsFrom joins each correction to its event, the corrections
// read first: a CROSS JOIN keeps SQLite to that order. Left to choose,
// without statistics, it read the published events through an index of
// them and sought each one's corrections: 0.1 s for an empty log on a
// million events, where reading the log and seeking its few events by id
// takes nothing.
const correctionsFrom = `corrections c CROSS JOIN events e ON e.id = c.event_id`

// FindCorrections returns corrections newest first, and the total.
func (s *DeskStore) FindCorrections(ctx context.Context, f flashback.CorrectionFilter) ([]*flashback.Correction, int, error) {
	conds, args := []string{"1 = 1"}, []any{}
	if f.EventID != nil {
		conds, args = append(conds, "c.event_id = ?"), append(args, *f.EventID)
	}
	if !f.IncludeDrafts {
		conds = append(conds, "e.published = 1")
	}
	where := strings.Join(conds, " AND ")
	rows, err := s.db.read.QueryContext(ctx, `SELECT c.id, c.event_id, COALESCE(c.report_id, 0),
		c.text, COALESCE(c.key, ''), c.refs, c.created_at, e.headline, e.slug
		FROM `+correctionsFrom+`
		WHERE `+where+` ORDER BY c.id DESC`+pageClause(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find corrections: %w", err)
	}
	defer rows.Close()
	out := []*flashback.Correction{}
	for rows.Next() {
		var (
			c             flashback.Correction
			created, refs string
		)
		if err := rows.Scan(&c.ID, &c.EventID, &c.ReportID, &c.Text, &c.Key, &refs, &created, &c.EventHeadline, &c.EventSlug); err != nil {
			return nil, 0, fmt.Errorf("read correction: %w", err)
		}
		if refs != "" {
			c.References = strings.Split(refs, "\n")
		}
		if c.CreatedAt, err = parseTime(created); err != nil {
			return nil, 0, err
		}
		out = append(out, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find corrections: %w", err)
	}
	var total int
	err = s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+correctionsFrom+`
		WHERE `+where, args...).Scan(&total)
	if err != nil {
		return nil, 0, fmt.Errorf("count corrections: %w", err)
	}
	return out, total, nil
}
