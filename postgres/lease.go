package postgres

import (
	"context"
	"fmt"
	"time"

	"flashback"
)

// LeaseStore keeps named leases in the database that all instances share.
type LeaseStore struct {
	db *DB
}

var _ flashback.LeaseStore = (*LeaseStore)(nil)

// NewLeaseStore returns the lease store of db.
func NewLeaseStore(db *DB) *LeaseStore { return &LeaseStore{db: db} }

// AcquireLease takes, renews or refuses the lease in one statement: the
// upsert's row lock makes two instances asking at once take turns, and the
// second sees the first's lease.
func (s *LeaseStore) AcquireLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, time.Time, error) {
	if name == "" || owner == "" || ttl <= 0 {
		return false, time.Time{}, fmt.Errorf("postgres: a lease needs a name, an owner and a positive duration")
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return false, time.Time{}, err
	}
	defer rollback(ctx, tx)
	_, err = tx.Exec(ctx, `INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
		WHERE leases.owner = excluded.owner OR leases.expires_at <= $4`,
		name, owner, tx.now.Add(ttl), tx.now)
	if err != nil {
		return false, time.Time{}, fmt.Errorf("acquire lease %q: %w", name, err)
	}
	var holder string
	var until time.Time
	if err := tx.QueryRow(ctx, `SELECT owner, expires_at FROM leases WHERE name = $1`, name).
		Scan(&holder, &until); err != nil {
		return false, time.Time{}, fmt.Errorf("read lease %q: %w", name, err)
	}
	if err := commit(ctx, tx); err != nil {
		return false, time.Time{}, fmt.Errorf("acquire lease %q: %w", name, err)
	}
	return holder == owner, until.UTC(), nil
}

// ReleaseLease deletes the lease only if owner still holds it.
func (s *LeaseStore) ReleaseLease(ctx context.Context, name, owner string) error {
	_, err := s.db.pool.Exec(ctx, `DELETE FROM leases WHERE name = $1 AND owner = $2`, name, owner)
	if err != nil {
		return fmt.Errorf("release lease %q: %w", name, err)
	}
	return nil
}
