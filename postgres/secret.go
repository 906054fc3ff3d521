package postgres

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// SecretStore keeps the site's named secrets in a DB.
type SecretStore struct {
	db *DB
}

var _ flashback.SecretStore = (*SecretStore)(nil)

// NewSecretStore returns a SecretStore on an open DB.
func NewSecretStore(db *DB) *SecretStore { return &SecretStore{db: db} }

// Secret returns the secret called name; see flashback.SecretStore.
// Instances racing on its first use agree: ON CONFLICT DO NOTHING waits for
// the first insert to commit, and every one of them then reads what it
// wrote. The statement that waited reads with the snapshot it started
// with, which the first insert's row is not in: it finds no row, and a
// second statement, with a snapshot of its own, finds the first's.
func (s *SecretStore) Secret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh) // never fails since Go 1.24
	var v []byte
	var err error
	for try := 0; try < 2; try++ {
		err = s.db.pool.QueryRow(ctx, `WITH made AS (
				INSERT INTO secrets (name, value, created_at) VALUES ($1, $2, $3)
				ON CONFLICT (name) DO NOTHING RETURNING value)
			SELECT value FROM made UNION ALL SELECT value FROM secrets WHERE name = $1`,
			name, fresh, s.db.txNow()).Scan(&v)
		if !errors.Is(err, pgx.ErrNoRows) {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("secret %q: %w", name, err)
	}
	return v, nil
}
