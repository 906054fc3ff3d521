package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Backup writes a consistent copy of the database to dest while it stays in
// use. It refuses to overwrite anything at dest, so a mistyped path cannot
// destroy an older backup (or the live database).
func (db *DB) Backup(ctx context.Context, dest string) error {
	if dest == "" {
		return errors.New("sqlite: backup needs a destination path")
	}
	conn, err := db.backupConn()
	if err != nil {
		return err
	}
	defer conn.Close()
	// The backup holds what the database does (password hashes, secrets,
	// addresses): it is made owner-only, as an empty file VACUUM INTO
	// fills, which would otherwise create it readable by everyone.
	// Creating it exclusively is also the refusal to overwrite.
	if err := createPrivate(dest); errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("sqlite: backup destination %q already exists", dest)
	} else if err != nil {
		return fmt.Errorf("sqlite: backup destination: %w", err)
	}
	// VACUUM INTO reads one snapshot, so readers and the writer carry on. The
	// read pool is query-only and VACUUM INTO counts as a write, so a
	// connection of its own does the copy.
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("sqlite: backup to %q: %w", dest, err)
	}
	return nil
}

// backupConn returns a database handle for one backup; the caller closes it.
func (db *DB) backupConn() (*sql.DB, error) {
	if db.write == nil {
		return nil, errors.New("sqlite: database is not open")
	}
	if db.path == memoryPath {
		return nil, errors.New("sqlite: an in-memory database cannot be backed up")
	}
	conn, err := sql.Open("sqlite", db.path+"?"+fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open for backup: %w", err)
	}
	conn.SetMaxOpenConns(1)
	return conn, nil
}
