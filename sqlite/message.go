package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"flashback"
)

// CreateMessage stores a contact message.
func (s *DeskStore) CreateMessage(ctx context.Context, m *flashback.Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	m.CreatedAt, m.Handled, m.HandledBy = tx.now, false, 0
	err = tx.QueryRowContext(ctx, `INSERT INTO messages (name, email, subject, body, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`,
		m.Name, m.Email, m.Subject, m.Body, formatTime(m.CreatedAt)).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("insert message: %w", err)
	}
	return tx.Commit()
}

// FindMessageByID returns the message or ENOTFOUND.
func (s *DeskStore) FindMessageByID(ctx context.Context, id int64) (*flashback.Message, error) {
	ms, err := s.findMessages(ctx, "id = ?", []any{id}, "")
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
	conds, args := []string{"1 = 1"}, []any{}
	if f.Handled != nil {
		conds, args = append(conds, "handled = ?"), append(args, *f.Handled)
	}
	where := strings.Join(conds, " AND ")
	ms, err := s.findMessages(ctx, where, args, pageClause(f.Limit, f.Offset))
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count messages: %w", err)
	}
	return ms, total, nil
}

func (s *DeskStore) findMessages(ctx context.Context, where string, args []any, page string) ([]*flashback.Message, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, name, email, subject, body, handled,
		COALESCE(handled_by, 0), created_at, handled_at FROM messages WHERE `+where+
		` ORDER BY id DESC`+page, args...)
	if err != nil {
		return nil, fmt.Errorf("find messages: %w", err)
	}
	defer rows.Close()
	out := []*flashback.Message{}
	for rows.Next() {
		var (
			m       flashback.Message
			created string
			handled sql.NullString
		)
		if err := rows.Scan(&m.ID, &m.Name, &m.Email, &m.Subject, &m.Body, &m.Handled,
			&m.HandledBy, &created, &handled); err != nil {
			return nil, fmt.Errorf("read message: %w", err)
		}
		if m.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		if m.HandledAt, err = scanNullTime(handled); err != nil {
			return nil, err
		}
		out = append(out, &m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find messages: %w", err)
	}
	return out, nil
}

// MarkMessage sets or clears the handled flag.
func (s *DeskStore) MarkMessage(ctx context.Context, id int64, handled bool, by int64) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var at, who any
	if handled {
		at, who = formatTime(tx.now), nullID(by)
	}
	res, err := tx.ExecContext(ctx, `UPDATE messages SET handled = ?, handled_by = ?, handled_at = ?
		WHERE id = ?`, handled, who, at, id)
	if err != nil {
		return fmt.Errorf("mark message %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return flashback.Errorf(flashback.ENOTFOUND, "There is no message %d.", id)
	}
	return tx.Commit()
}
