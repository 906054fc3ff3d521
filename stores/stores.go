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
	"regexp"
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
//
// A plain path is a SQLite file, which the open creates if missing; so
// that a mistyped URL does not become a new, empty site in a file named
// after it (password included), what only looks like a path is refused:
// a scheme-like prefix other than SQLite's ("postgres:/db", "mysql:"), and
// PostgreSQL's key=value form, which this program does not take.
func BackendOf(dsn string) (Backend, error) {
	lower := strings.ToLower(strings.TrimSpace(dsn))
	switch {
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		return Postgres, nil
	case strings.HasPrefix(lower, "sqlite:"), strings.HasPrefix(lower, "file:"):
		return SQLite, nil
	case strings.Contains(lower, "://"):
		return "", fmt.Errorf("database URL scheme of %q is not supported", redactURL(dsn))
	case keyValueDSN.MatchString(lower):
		return "", errors.New("the database URL looks like PostgreSQL's key=value form; give it as postgres://user:password@host/database")
	}
	if m := schemeLike.FindStringSubmatch(lower); m != nil {
		if m[1] == "postgres" || m[1] == "postgresql" {
			return "", fmt.Errorf("a PostgreSQL database URL starts with %s://", m[1])
		}
		return "", fmt.Errorf("database URL scheme %q is not supported; a SQLite file is a plain path or sqlite:PATH", m[1])
	}
	return SQLite, nil
}

var (
	// keyValueDSN matches the start of "host=db port=5432 …".
	keyValueDSN = regexp.MustCompile(`^(host|hostaddr|port|dbname|user|password|sslmode|service)\s*=`)
	// schemeLike matches a URL scheme before its colon; a path has a
	// slash or dot first, or none of these letters.
	schemeLike = regexp.MustCompile(`^([a-z][a-z0-9+.-]+):`)
)

// Check reports whether dsn names a database this build can open, without
// opening it, so that a configuration can be refused before anything runs.
func Check(dsn string) error {
	_, err := BackendOf(dsn)
	return err
}

// Open opens (and migrates) the database dsn names and returns its stores.
// now stamps every write; nil means the system clock.
func Open(dsn string, now flashback.Clock) (*flashback.Stores, error) {
	return open(dsn, now, sqlite.Open)
}

// OpenExisting is Open for a database that must exist already, such as
// the one a backup copies: a SQLite path with no file is an error rather
// than a new, empty site. (A PostgreSQL database always exists before.)
func OpenExisting(dsn string, now flashback.Clock) (*flashback.Stores, error) {
	return open(dsn, now, sqlite.OpenExisting)
}

func open(dsn string, now flashback.Clock, openSQLite func(string, flashback.Clock) (*flashback.Stores, error)) (*flashback.Stores, error) {
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
	st, err := openSQLite(dsn, now)
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
	// libpq and pgx also take the password as a parameter.
	if q := u.Query(); len(q) > 0 {
		for k := range q {
			if strings.Contains(strings.ToLower(k), "password") {
				q.Set(k, "xxxxx")
			}
		}
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
