package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// CreateMessage stores a contact message.
func (s *DeskStore) CreateMessage(ctx context.Context, m *flashback.Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	m.CreatedAt, m.Handled, m.HandledBy = s.db.txNow(), false, 0
	err := s.db.pool.QueryRow(ctx, `INSERT INTO messages (name, email, subject, body, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		m.Name, m.Email, m.Subject, m.Body, m.CreatedAt).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("insert message: %w", err)
	}
	return nil
}

// FindMessageByID returns the message or ENOTFOUND.
func (s *DeskStore) FindMessageByID(ctx context.Context, id int64) (*flashback.Message, error) {
	w := &where{}
	w.add("id = ?", id)
	ms, _, err := s.findMessages(ctx, w, "")
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no message %d.", id)
	}
	return ms[0], nil
}

// FindMessages returns matching messages, newest first, and the total.
func (s *DeskStore) FindMessages(ctx context.Context, f flashback.MessageFilter) ([]*flashback.Message, int, error) {
	w := &where{conds: []string{"true"}}
	if f.Handled != nil {
		w.add("handled = ?", *f.Handled)
	}
	return s.findMessages(ctx, w, pageClause(f.Limit, f.Offset))
}

func (s *DeskStore) findMessages(ctx context.Context, w *where, page string) ([]*flashback.Message, int, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT id, name, email, subject, body, handled,
		COALESCE(handled_by, 0), created_at, handled_at FROM messages
		WHERE `+strings.Join(w.conds, " AND ")+` ORDER BY id DESC`+page, w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find messages: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*flashback.Message, error) {
		var m flashback.Message
		var handled *time.Time
		err := row.Scan(&m.ID, &m.Name, &m.Email, &m.Subject, &m.Body, &m.Handled,
			&m.HandledBy, &m.CreatedAt, &handled)
		m.CreatedAt, m.HandledAt = m.CreatedAt.UTC(), utc(handled)
		return &m, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find messages: %w", err)
	}
	// Counted apart, so that a page past the end still says how many there are.
	var total int
	err = s.db.pool.QueryRow(ctx, `SELECT COUNT(*) FROM messages WHERE `+strings.Join(w.conds, " AND "), w.args...).Scan(&total)
	if err != nil {
		return nil, 0, fmt.Errorf("count messages: %w", err)
	}
	return out, total, nil
}

// MarkMessage sets or clears the handled flag.
func (s *DeskStore) MarkMessage(ctx context.Context, id int64, handled bool, by int64) error {
	var at *time.Time
	var who *int64
	if handled {
		now := s.db.txNow()
		at, who = &now, nullID(by)
	}
	tag, err := s.db.pool.Exec(ctx, `UPDATE messages SET handled = $1, handled_by = $2, handled_at = $3
		WHERE id = $4`, handled, who, at, id)
	if err != nil {
		return fmt.Errorf("mark message %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return flashback.Errorf(flashback.ENOTFOUND, "There is no message %d.", id)
	}
	return nil
}
