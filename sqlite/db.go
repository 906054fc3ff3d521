// Package sqlite keeps Flashback's data in an embedded SQLite database, a
// single file in the data directory, through the pure-Go modernc.org/sqlite
// driver (no cgo).
//
// A DB holds two connection pools on the same file: one writer connection,
// whose transactions start with BEGIN IMMEDIATE so that writers queue in Go
// rather than fail with SQLITE_BUSY, and a pool of read-only connections that
// WAL mode lets run alongside the writer.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// busyTimeout is how long a connection waits on a lock held by another
// process (a backup, the sqlite3 shell) before giving up.
const busyTimeout = 5 * time.Second

// memoryPath is SQLite's name for a private in-memory database.
const memoryPath = ":memory:"

// DB is an open SQLite database.
//
// ":memory:" is accepted for throwaway use, with one connection for reads and
// writes alike: code holding a write transaction must not then read through
// the pool, or it waits for itself. Tests should use a file in t.TempDir().
type DB struct {
	// DSN is what NewDB was given: a file path, "sqlite:path" or "file:path".
	DSN string
	// Now returns the current time; tests pin it. Defaults to time.Now.
	Now func() time.Time

	path  string
	file  os.FileInfo // the file Open opened; nil for ":memory:"
	write *sql.DB     // exactly one connection
	read  *sql.DB     // read-only connections; the writer itself for ":memory:"
	lock  *fileLock   // shared while open, so restore can tell; nil for ":memory:"
	// unsynced counts rows committed by unsynced transactions since the
	// last synced commit; see beginUnsynced.
	unsynced atomic.Int64
	// stmts are the searches' statements, prepared on read.
	stmts readStmts
}

// NewDB returns a DB for dsn; call Open before use.
func NewDB(dsn string) *DB {
	return &DB{DSN: dsn, Now: time.Now}
}

// Open opens the database file (creating it and its directory if needed),
// configures the connections and applies pending migrations.
func (db *DB) Open() error {
	return db.open(func(ctx context.Context) error { return migrate(ctx, db, migrationFS) })
}

// OpenCurrent opens an existing database file without changing its schema,
// and refuses one whose schema is not this program's: behind (run migrate)
// or ahead (upgrade).
func (db *DB) OpenCurrent() error {
	path, err := pathFromDSN(db.DSN)
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("sqlite: no database at %s: %w", path, err)
	}
	return db.open(func(ctx context.Context) error { return checkCurrent(ctx, db, migrationFS) })
}

// open opens the file and then has schema check or bring up its schema.
func (db *DB) open(schema func(context.Context) error) error {
	path, err := pathFromDSN(db.DSN)
	if err != nil {
		return err
	}
	db.path = path
	if path != memoryPath {
		// Private, like the data directory: the file holds addresses.
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return fmt.Errorf("create database directory: %w", err)
		}
		// SQLite would create the file readable by everyone (0644 less
		// the umask), and its WAL and shared memory after it: an empty
		// file made first, owner-only, is a valid empty database, whose
		// mode those files then take.
		if err := createPrivate(path); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("create database: %w", err)
		}
		if db.lock, err = lockShared(path); err != nil {
			return err
		}
	}
	if err := db.openPools(); err != nil {
		db.Close()
		return err
	}
	if path != memoryPath {
		// Remember which file was opened, so Ping notices when it has been
		// moved or deleted under a running server (writes would then go to
		// a file nobody will find again).
		if db.file, err = os.Stat(path); err != nil {
			db.Close()
			return fmt.Errorf("stat database: %w", err)
		}
	}
	if err := schema(context.Background()); err != nil {
		db.Close()
		return err
	}
	return nil
}

func (db *DB) openPools() error {
	w, err := sql.Open("sqlite", db.path+"?"+writerParams())
	if err != nil {
		return fmt.Errorf("open writer: %w", err)
	}
	db.write = w
	// One writer connection: SQLite allows one writer at a time anyway, and
	// queueing in database/sql is cheaper than retrying on SQLITE_BUSY.
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	// The first connection switches the file to WAL before readers open it.
	if err := w.Ping(); err != nil {
		return fmt.Errorf("open database %q: %w", db.path, err)
	}
	if db.path == memoryPath {
		// Each connection to ":memory:" is a separate database, so the
		// writer has to serve reads too.
		db.read = w
		return nil
	}
	r, err := sql.Open("sqlite", db.path+"?"+readerParams())
	if err != nil {
		return fmt.Errorf("open readers: %w", err)
	}
	db.read = r
	n := max(4, runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	if err := r.Ping(); err != nil {
		return fmt.Errorf("open database %q for reading: %w", db.path, err)
	}
	return nil
}

func writerParams() string {
	return strings.Join([]string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()),
		"_pragma=journal_mode(WAL)",
		"_pragma=foreign_keys(1)",
		// FULL syncs the WAL at every commit: a 2xx for an unsubscribe, a
		// report or a sign-up then survives a power loss or an OS crash, not
		// only a crash of this process (all that NORMAL promises in WAL mode).
		"_pragma=synchronous(FULL)",
		"_txlock=immediate",
	}, "&")
}

func readerParams() string {
	return strings.Join([]string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()),
		"_pragma=foreign_keys(1)",
		"_pragma=query_only(1)",
		// Readers map the file instead of copying each page they read
		// through a system call: a search reads a few hundred events
		// scattered over the table (the best headline matches of a word,
		// whatever their age), which without it cost about half its time
		// in page reads at a million events. Only address space: the pages
		// are the kernel's file cache, shared by every connection.
		"_pragma=mmap_size(2147483648)",
	}, "&")
}

// pathFromDSN accepts a file path, "sqlite:path", "sqlite://path",
// "file:path" or "file://path" and returns the file path. Query strings are
// refused rather than ignored: the connection settings are not negotiable.
// createPrivate creates an empty file at path that only its owner may read,
// or fails with fs.ErrExist when something is there.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

func pathFromDSN(dsn string) (string, error) {
	path := strings.TrimSpace(dsn)
	for _, scheme := range []string{"sqlite:", "file:"} {
		// A scheme is case-insensitive (RFC 3986), as the choice of
		// backend takes it.
		if len(path) >= len(scheme) && strings.EqualFold(path[:len(scheme)], scheme) {
			path = strings.TrimPrefix(path[len(scheme):], "//")
			break
		}
	}
	switch {
	case path == "":
		return "", errors.New("sqlite: empty database path")
	case strings.ContainsAny(path, "?#"):
		return "", fmt.Errorf("sqlite: database path %q must not contain '?' or '#'", dsn)
	}
	return path, nil
}

// Close closes both pools. It is safe to call on a DB that failed to open.
func (db *DB) Close() error {
	var errs []error
	db.stmts.close()
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	// The lock goes last: a restore waiting on it may then replace the file.
	errs = append(errs, db.lock.release())
	db.read, db.write, db.lock = nil, nil, nil
	return errors.Join(errs...)
}

// Ping checks that both pools can reach the database.
func (db *DB) Ping(ctx context.Context) error {
	if db.write == nil {
		return errors.New("sqlite: database is not open")
	}
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("ping writer: %w", err)
	}
	if err := db.read.PingContext(ctx); err != nil {
		return fmt.Errorf("ping readers: %w", err)
	}
	if db.file != nil {
		now, err := os.Stat(db.path)
		if err != nil {
			return fmt.Errorf("database file: %w", err)
		}
		if !os.SameFile(db.file, now) {
			return fmt.Errorf("database file %s was replaced since it was opened", db.path)
		}
	}
	return nil
}

// Tx is a write transaction with the moment it started, so that every row it
// stamps carries the same time and tests can pin it through DB.Now.
type Tx struct {
	*sql.Tx
	now time.Time
	// conn is the writer held by an unsynced transaction, to be set back
	// to synced commits when it ends.
	conn *sql.Conn
}

// beginWrite starts an IMMEDIATE transaction on the writer connection.
func (db *DB) beginWrite(ctx context.Context) (*Tx, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin write: %w", err)
	}
	return &Tx{Tx: tx, now: db.txNow()}, nil
}

// txNow is a transaction's time. Microseconds are what PostgreSQL keeps
// too, so both stores hand back the same instants.
func (db *DB) txNow() time.Time {
	now := time.Now
	if db.Now != nil {
		now = db.Now
	}
	return now().UTC().Truncate(time.Microsecond)
}

// beginRead starts a read transaction, so that a query and its follow-ups
// see one snapshot.
func (db *DB) beginRead(ctx context.Context) (*sql.Tx, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("begin read: %w", err)
	}
	return tx, nil
}
