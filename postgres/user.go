package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

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
	u.CreatedAt = s.db.txNow()
	u.UpdatedAt = u.CreatedAt
	// The unique index decides, so two admins adding one address at once
	// cannot both succeed.
	err := s.db.pool.QueryRow(ctx, `INSERT INTO users (email, name, role, password_hash, disabled,
		created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		u.Email, u.Name, string(u.Role), u.PasswordHash, u.Disabled, u.CreatedAt, u.UpdatedAt).Scan(&u.ID)
	if isUniqueViolation(err, "users_email") {
		return flashback.Errorf(flashback.ECONFLICT, "There is already a user %s.", u.Email)
	} else if err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	return nil
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
	defer rollback(ctx, tx)
	old, err := findUser(ctx, tx, "id = $1 FOR UPDATE", u.ID)
	if err != nil {
		return err
	}
	u.Email, u.CreatedAt, u.UpdatedAt = old.Email, old.CreatedAt, tx.now
	_, err = tx.Exec(ctx, `UPDATE users SET name = $1, role = $2, password_hash = $3,
		disabled = $4, updated_at = $5 WHERE id = $6`,
		u.Name, string(u.Role), u.PasswordHash, u.Disabled, u.UpdatedAt, u.ID)
	if err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	}
	if u.Disabled || u.PasswordHash != old.PasswordHash {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
			return fmt.Errorf("end sessions of user %d: %w", u.ID, err)
		}
	}
	return commit(ctx, tx)
}

// FindUserByID returns the user or ENOTFOUND.
func (s *UserStore) FindUserByID(ctx context.Context, id int64) (*flashback.User, error) {
	return findUser(ctx, s.db.pool, "id = $1", id)
}

// FindUserByEmail returns the user with that e-mail, any case, or ENOTFOUND.
func (s *UserStore) FindUserByEmail(ctx context.Context, email string) (*flashback.User, error) {
	return findUser(ctx, s.db.pool, "lower(email) = lower($1)", strings.TrimSpace(email))
}

// FindUsers lists every user by e-mail.
func (s *UserStore) FindUsers(ctx context.Context) ([]*flashback.User, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT `+userColumns+` FROM users ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*flashback.User, error) {
		return scanUser(row)
	})
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	return out, nil
}

const userColumns = `id, email, name, role, password_hash, disabled, created_at, updated_at`

// querier is what a pool and a transaction have in common.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func findUser(ctx context.Context, q querier, where string, arg any) (*flashback.User, error) {
	u, err := scanUser(q.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no such user.")
	} else if err != nil {
		return nil, fmt.Errorf("read user: %w", err)
	}
	return u, nil
}

// scanUser reads userColumns, after any destinations given before them.
func scanUser(row pgx.Row, before ...any) (*flashback.User, error) {
	var u flashback.User
	var role string
	err := row.Scan(append(before, &u.ID, &u.Email, &u.Name, &role, &u.PasswordHash, &u.Disabled,
		&u.CreatedAt, &u.UpdatedAt)...)
	if err != nil {
		return nil, err
	}
	u.Role = flashback.Role(role)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return &u, nil
}
