// Package stores is the one place that chooses a store backend, by the
// scheme of the database URL the configuration names:
//
//	sqlite:PATH, sqlite://PATH, file:PATH or a plain path → SQLite
//	postgres://… or postgresql://…                         → PostgreSQL
//
// Everything else sees only the flashback.Stores a backend returns.
package stores

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"flashback"
	"flashback/postgres"
	"flashback/sqlite"
	"flashback/storecopy"
)

// Backend names a store implementation.
type Backend string

// Backends.
const (
	SQLite   Backend = "sqlite"
	Postgres Backend = "postgres"
)

// ErrPostgresRestore is what restoring a backup over a PostgreSQL database
// gets: the server's own tools do that.
var ErrPostgresRestore = errors.New("a PostgreSQL database is restored with pg_restore or the server's base backups, not flashback restore")

// BackendOf returns the backend dsn names, or an error for a URL of a
// scheme no backend takes. The error never repeats a password.
func BackendOf(dsn string) (Backend, error) {
	lower := strings.ToLower(strings.TrimSpace(dsn))
	switch {
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		return Postgres, nil
	case strings.HasPrefix(lower, "sqlite:"), strings.HasPrefix(lower, "file:"), !strings.Contains(lower, "://"):
		return SQLite, nil
	}
	return "", fmt.Errorf("database URL scheme of %q is not supported", redactURL(dsn))
}

// Check reports whether dsn names a database this build can open, without
// opening it, so that a configuration can be refused before anything runs.
func Check(dsn string) error {
	_, err := BackendOf(dsn)
	return err
}

// Open opens (and migrates) the database dsn names and returns its stores.
// now stamps every write; nil means the system clock.
func Open(dsn string, now flashback.Clock) (*flashback.Stores, error) {
	b, err := BackendOf(dsn)
	if err != nil {
		return nil, err
	}
	if b == Postgres {
		st, err := postgres.Open(dsn, now)
		if err != nil {
			return nil, fmt.Errorf("open database %s: %w", redactURL(dsn), err)
		}
		return st, nil
	}
	st, err := sqlite.Open(dsn, now)
	if err != nil {
		// A SQLite DSN holds no password, and operators know it as typed.
		return nil, fmt.Errorf("open database %s: %w", dsn, err)
	}
	return st, nil
}

// OpenCopySource opens the database dsn names for copying a site out of
// it (package storecopy): it must exist and be at this program's schema,
// which it leaves as it is.
func OpenCopySource(dsn string) (storecopy.Store, error) { return openCopy(dsn, true) }

// OpenCopyTarget opens the database dsn names for copying a site into it,
// creating (SQLite) and migrating it first.
func OpenCopyTarget(dsn string) (storecopy.Store, error) { return openCopy(dsn, false) }

// SameDatabase reports whether a and b name one database: the same text,
// or two spellings of one SQLite file. (Two URLs of one PostgreSQL server
// by other host names are not told apart.)
func SameDatabase(a, b string) bool {
	if strings.TrimSpace(a) == strings.TrimSpace(b) {
		return true
	}
	ba, errA := BackendOf(a)
	bb, errB := BackendOf(b)
	return errA == nil && errB == nil && ba == SQLite && bb == SQLite && sqlite.SameFile(a, b)
}

// copyDB is what each backend's database offers a copy.
type copyDB interface {
	storecopy.Database
	Open() error
	OpenCurrent() error
	Stores() *flashback.Stores
}

func openCopy(dsn string, source bool) (storecopy.Store, error) {
	b, err := BackendOf(dsn)
	if err != nil {
		return storecopy.Store{}, err
	}
	// A SQLite DSN holds no password, and operators know it as typed.
	var db copyDB = sqlite.NewDB(dsn)
	shown := dsn
	if b == Postgres {
		db, shown = postgres.NewDB(dsn), redactURL(dsn)
	}
	open := db.Open
	if source {
		open = db.OpenCurrent
	}
	if err := open(); err != nil {
		return storecopy.Store{}, fmt.Errorf("open database %s: %w", shown, err)
	}
	return storecopy.Store{Stores: db.Stores(), DB: db}, nil
}

// Restore replaces the database dsn names with the backup at src; nothing
// may have it open meanwhile.
func Restore(ctx context.Context, src, dsn string) (flashback.RestoreReport, error) {
	b, err := BackendOf(dsn)
	if err != nil {
		return flashback.RestoreReport{}, err
	}
	if b == Postgres {
		return flashback.RestoreReport{}, ErrPostgresRestore
	}
	return sqlite.Restore(ctx, src, dsn)
}

// redactURL drops any password from a URL before it is shown or logged; a
// plain path comes back as it is.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}
