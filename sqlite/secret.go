package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"

	"flashback"
)

// SecretStore keeps the site's named secrets in a DB.
type SecretStore struct {
	db *DB
}

var _ flashback.SecretStore = (*SecretStore)(nil)

// NewSecretStore returns a SecretStore on an open DB.
func NewSecretStore(db *DB) *SecretStore { return &SecretStore{db: db} }

// Secret returns the secret called name; see flashback.SecretStore. The
// write transaction makes racing first uses agree: the first makes it,
// the others read it.
func (s *SecretStore) Secret(ctx context.Context, name string) ([]byte, error) {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var key []byte
	err = tx.QueryRowContext(ctx, `SELECT key FROM site_keys WHERE name = ?`, name).Scan(&key)
	if err == nil {
		return key, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("read site key %q: %w", name, err)
	}
	key = make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("make site key: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO site_keys (name, key, created_at) VALUES (?, ?, ?)`,
		name, key, formatTime(tx.now)); err != nil {
		return nil, fmt.Errorf("store site key %q: %w", name, err)
	}
	return key, tx.Commit()
}
