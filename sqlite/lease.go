package sqlite

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

// AcquireLease takes, renews or refuses the lease in one statement, so two
// instances asking at once cannot both get it.
func (s *LeaseStore) AcquireLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, time.Time, error) {
	if name == "" || owner == "" || ttl <= 0 {
		return false, time.Time{}, fmt.Errorf("sqlite: a lease needs a name, an owner and a positive duration")
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return false, time.Time{}, err
	}
	defer tx.Rollback()
	until := tx.now.Add(ttl)
	_, err = tx.ExecContext(ctx, `INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
		WHERE leases.owner = excluded.owner OR leases.expires_at <= ?`,
		name, owner, formatTime(until), formatTime(tx.now))
	if err != nil {
		return false, time.Time{}, fmt.Errorf("acquire lease %q: %w", name, err)
	}
	var holder, expires string
	if err := tx.QueryRowContext(ctx, `SELECT owner, expires_at FROM leases WHERE name = ?`, name).
		Scan(&holder, &expires); err != nil {
		return false, time.Time{}, fmt.Errorf("read lease %q: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, time.Time{}, fmt.Errorf("acquire lease %q: %w", name, err)
	}
	t, err := parseTime(expires)
	return holder == owner, t, err
}

// ReleaseLease deletes the lease only if owner still holds it.
func (s *LeaseStore) ReleaseLease(ctx context.Context, name, owner string) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM leases WHERE name = ? AND owner = ?`, name, owner); err != nil {
		return fmt.Errorf("release lease %q: %w", name, err)
	}
	return tx.Commit()
}
