package sqlite

import (
	"context"
	"crypto/rand"
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

// Secret returns the secret called name; see flashback.SecretStore. INSERT
// OR IGNORE makes instances racing on its first use agree: the first
// insert wins and every one of them reads what it wrote.
func (s *SecretStore) Secret(ctx context.Context, name string) ([]byte, error) {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	fresh := make([]byte, 32)
	rand.Read(fresh) // never fails since Go 1.24
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO secrets (name, value, created_at)
		VALUES (?, ?, ?)`, name, fresh, formatTime(tx.now)); err != nil {
		return nil, fmt.Errorf("create secret %q: %w", name, err)
	}
	var v []byte
	if err := tx.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = ?`, name).Scan(&v); err != nil {
		return nil, fmt.Errorf("read secret %q: %w", name, err)
	}
	return v, tx.Commit()
}
