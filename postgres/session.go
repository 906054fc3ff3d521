package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// CreateSession stores s, stamping CreatedAt.
func (s *UserStore) CreateSession(ctx context.Context, sess *flashback.Session) error {
	if sess.TokenHash == "" || sess.UserID == 0 || sess.ExpiresAt.IsZero() {
		return flashback.Errorf(flashback.EINVALID, "A session needs a token, a user and an expiry.")
	}
	sess.CreatedAt = s.db.txNow()
	_, err := s.db.pool.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
		VALUES ($1, $2, $3, $4)`, sess.TokenHash, sess.UserID, sess.CreatedAt, sess.ExpiresAt)
	if err != nil {
		return fmt.Errorf("insert session: %w", err)
	}
	return nil
}

// FindSession returns the unexpired session and its enabled user.
func (s *UserStore) FindSession(ctx context.Context, tokenHash string) (*flashback.Session, *flashback.User, error) {
	row := s.db.pool.QueryRow(ctx, `SELECT s.created_at, s.expires_at, u.id, u.email, u.name,
		u.role, u.password_hash, u.disabled, u.created_at, u.updated_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled`,
		tokenHash, s.db.txNow())
	sess := &flashback.Session{TokenHash: tokenHash}
	u, err := scanUser(row, &sess.CreatedAt, &sess.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, flashback.Errorf(flashback.ENOTFOUND, "No such session.")
	} else if err != nil {
		return nil, nil, fmt.Errorf("find session: %w", err)
	}
	sess.UserID = u.ID
	sess.CreatedAt, sess.ExpiresAt = sess.CreatedAt.UTC(), sess.ExpiresAt.UTC()
	return sess, u, nil
}

// DeleteSession ends the session with that token hash.
func (s *UserStore) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their expiry.
func (s *UserStore) DeleteExpiredSessions(ctx context.Context) (int, error) {
	tag, err := s.db.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, s.db.txNow())
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
