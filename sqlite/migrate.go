package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"flashback/migration"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrate applies the migrations of fsys that the database has not seen yet,
// each in its own transaction and in number order. A migration numbered
// below the last applied one still runs if it was never applied, as happens
// when branches each add one. A database that has applied a migration this
// binary does not know is refused: running old code on a newer schema could
// damage what it does not understand.
func migrate(ctx context.Context, db *DB, fsys fs.FS) error {
	ms, err := migration.Load(fsys)
	if err != nil {
		return err
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	applied, err := appliedMigrations(ctx, db.write)
	if err != nil {
		return err
	}
	if err := migration.CheckKnown(applied, ms); err != nil {
		return err
	}
	for _, m := range migration.Pending(applied, ms) {
		if err := db.applyMigration(ctx, m); err != nil {
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
	var n int
	if err := db.write.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n); err != nil {
		return fmt.Errorf("read schema: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("%s is not a Flashback database (it has no schema_migrations table)", db.path)
	}
	applied, err := appliedMigrations(ctx, db.write)
	if err != nil {
		return err
	}
	return migration.CheckCurrent(applied, ms)
}

// appliedMigrations reads the versions recorded in conn's schema_migrations.
func appliedMigrations(ctx context.Context, conn *sql.DB) (map[int]bool, error) {
	rows, err := conn.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("read schema_migrations: %w", err)
		}
		applied[v] = true
	}
	return applied, rows.Err()
}

func (db *DB) applyMigration(ctx context.Context, m migration.Migration) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.Version, m.Name, formatTime(tx.now)); err != nil {
		return fmt.Errorf("record migration %s: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migration %s: %w", m.Name, err)
	}
	return nil
}

// SchemaVersion returns the number of the last migration applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	return db.schemaVersion(ctx)
}

func (db *DB) schemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.write.QueryRowContext(ctx,
		`SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}
