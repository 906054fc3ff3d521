package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"flashback/migration"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrationLock is the advisory lock key that makes instances starting
// together migrate one after the other ("flashbk" in ASCII).
const migrationLock = 0x666c617368626b

// migrate applies the migrations of fsys that the database has not seen yet,
// each in its own transaction and in number order, and refuses a database
// that has applied one this binary does not know. It holds an advisory lock
// meanwhile, so that two instances started together do not both apply one.
func migrate(ctx context.Context, db *DB, fsys fs.FS) error {
	ms, err := migration.Load(fsys)
	if err != nil {
		return err
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("lock for migration: %w", err)
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLock)
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	applied, err := appliedMigrations(ctx, conn)
	if err != nil {
		return err
	}
	if err := migration.CheckKnown(applied, ms); err != nil {
		return err
	}
	for _, m := range migration.Pending(applied, ms) {
		if err := db.applyMigration(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

// checkCurrent refuses a database whose schema is not exactly fsys's
// migrations, changing nothing.
func checkCurrent(ctx context.Context, db *DB, fsys fs.FS) error {
	ms, err := migration.Load(fsys)
	if err != nil {
		return err
	}
	var exists bool
	if err := db.pool.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return fmt.Errorf("read schema: %w", err)
	}
	if !exists {
		return errors.New("the database is not a Flashback database (it has no schema_migrations table)")
	}
	applied, err := appliedMigrations(ctx, db.pool)
	if err != nil {
		return err
	}
	return migration.CheckCurrent(applied, ms)
}

// appliedMigrations reads the versions recorded in schema_migrations.
func appliedMigrations(ctx context.Context, conn interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}) (map[int]bool, error) {
	rows, err := conn.Query(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	versions, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	applied := map[int]bool{}
	for _, v := range versions {
		applied[int(v)] = true
	}
	return applied, nil
}

// applyMigration runs m and records it in one transaction, so that a
// migration that fails halfway leaves nothing behind.
func (db *DB) applyMigration(ctx context.Context, conn *pgxpool.Conn, m migration.Migration) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	defer rollback(ctx, tx)
	// Without arguments pgx sends the file as one simple query, so that it
	// may hold several statements.
	if _, err := tx.Exec(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if _, err := tx.Exec(ctx,
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		m.Version, m.Name, db.txNow()); err != nil {
		return fmt.Errorf("record migration %s: %w", m.Name, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit migration %s: %w", m.Name, err)
	}
	return nil
}

// SchemaVersion returns the number of the last migration applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.pool.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}
