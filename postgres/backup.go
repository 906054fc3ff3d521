package postgres

import (
	"context"
	"errors"
)

// Backup refuses: a PostgreSQL database is backed up by the server's own
// tools (pg_dump, or base backups with WAL archiving), which an operator
// running PostgreSQL already has, and which see what this program cannot
// (roles, other schemas, point-in-time recovery).
func (db *DB) Backup(ctx context.Context, dest string) error {
	return errors.New("postgres: back up a PostgreSQL database with pg_dump or the server's base backups, not flashback backup")
}
