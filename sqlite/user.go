package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"flashback"
)

// UserStore keeps admin users and their sessions.
type UserStore struct {
	db *DB
}

var _ flashback.UserStore = (*UserStore)(nil)

// NewUserStore returns a UserStore on an open DB.
func NewUserStore(db *DB) *UserStore {
	return &UserStore{db: db}
}

// CreateUser stores u; ECONFLICT when its e-mail is taken.
func (s *UserStore) CreateUser(ctx context.Context, u *flashback.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email = ?`, u.Email).Scan(&n); err != nil {
		return fmt.Errorf("check user e-mail: %w", err)
	}
	if n > 0 {
		return flashback.Errorf(flashback.ECONFLICT, "There is already a user %s.", u.Email)
	}
	u.CreatedAt, u.UpdatedAt = tx.now, tx.now
	err = tx.QueryRowContext(ctx, `INSERT INTO users (email, name, role, password_hash, disabled,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Email, u.Name, string(u.Role), u.PasswordHash, u.Disabled,
		formatTime(u.CreatedAt), formatTime(u.UpdatedAt)).Scan(&u.ID)
	if err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	return tx.Commit()
}

// UpdateUser replaces name, role, password hash and disabled flag, and ends
// the user's sessions when the password changed or the user was disabled.
func (s *UserStore) UpdateUser(ctx context.Context, u *flashback.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := findUser(ctx, tx, "id = ?", u.ID)
	if err != nil {
		return err
	}
	u.Email, u.CreatedAt, u.UpdatedAt = old.Email, old.CreatedAt, tx.now
	_, err = tx.ExecContext(ctx, `UPDATE users SET name = ?, role = ?, password_hash = ?,
		disabled = ?, updated_at = ? WHERE id = ?`,
		u.Name, string(u.Role), u.PasswordHash, u.Disabled, formatTime(u.UpdatedAt), u.ID)
	if err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	}
	if u.Disabled || u.PasswordHash != old.PasswordHash {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
			return fmt.Errorf("end sessions of user %d: %w", u.ID, err)
		}
	}
	return tx.Commit()
}

// FindUserByID returns the user or ENOTFOUND.
func (s *UserStore) FindUserByID(ctx context.Context, id int64) (*flashback.User, error) {
	return findUser(ctx, s.db.read, "id = ?", id)
}

// FindUserByEmail returns the user with that e-mail, any case, or ENOTFOUND.
func (s *UserStore) FindUserByEmail(ctx context.Context, email string) (*flashback.User, error) {
	return findUser(ctx, s.db.read, "email = ?", strings.ToLower(strings.TrimSpace(email)))
}

// FindUsers lists every user by e-mail.
func (s *UserStore) FindUsers(ctx context.Context) ([]*flashback.User, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	return collectRows(rows, "find users", scanUser)
}

const userColumns = `id, email, name, role, password_hash, disabled, created_at, updated_at`

// rowQuerier is what *sql.DB, *sql.Tx and *Tx have in common.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func findUser(ctx context.Context, q rowQuerier, where string, arg any) (*flashback.User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no such user.")
	}
	return u, err
}

func scanUser(row rowScanner) (*flashback.User, error) {
	var (
		u            flashback.User
		role         string
		created, upd string
	)
	err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.PasswordHash, &u.Disabled, &created, &upd)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		return nil, fmt.Errorf("read user: %w", err)
	}
	u.Role = flashback.Role(role)
	if u.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if u.UpdatedAt, err = parseTime(upd); err != nil {
		return nil, err
	}
	return &u, nil
}
