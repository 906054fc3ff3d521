package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"flashback"
)

// CreateSession stores s, stamping CreatedAt.
func (s *UserStore) CreateSession(ctx context.Context, sess *flashback.Session) error {
	if sess.TokenHash == "" || sess.UserID == 0 || sess.ExpiresAt.IsZero() {
		return flashback.Errorf(flashback.EINVALID, "A session needs a token, a user and an expiry.")
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	sess.CreatedAt = tx.now
	_, err = tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
		VALUES (?, ?, ?, ?)`, sess.TokenHash, sess.UserID, formatTime(sess.CreatedAt), formatTime(sess.ExpiresAt))
	if err != nil {
		return fmt.Errorf("insert session: %w", err)
	}
	return tx.Commit()
}

// FindSession returns the unexpired session and its enabled user.
func (s *UserStore) FindSession(ctx context.Context, tokenHash string) (*flashback.Session, *flashback.User, error) {
	row := s.db.read.QueryRowContext(ctx, `SELECT s.created_at, s.expires_at, u.id, u.email, u.name,
		u.role, u.password_hash, u.disabled, u.created_at, u.updated_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0`,
		tokenHash, formatTime(s.db.Now()))
	var created, expires string
	sess := &flashback.Session{TokenHash: tokenHash}
	u, err := scanUser(scanFunc(func(dest ...any) error {
		return row.Scan(append([]any{&created, &expires}, dest...)...)
	}))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, flashback.Errorf(flashback.ENOTFOUND, "No such session.")
	} else if err != nil {
		return nil, nil, err
	}
	sess.UserID = u.ID
	if sess.CreatedAt, err = parseTime(created); err != nil {
		return nil, nil, err
	}
	if sess.ExpiresAt, err = parseTime(expires); err != nil {
		return nil, nil, err
	}
	return sess, u, nil
}

// scanFunc adapts a function to rowScanner.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// DeleteSession ends the session with that token hash.
func (s *UserStore) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their expiry.
func (s *UserStore) DeleteExpiredSessions(ctx context.Context) (int, error) {
	res, err := s.db.write.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, formatTime(s.db.Now()))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
