package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"flashback"
	"flashback/migration"
)

// Restore replaces the database dsn names (as Open takes it) with a copy of
// the backup at src.
// It checks the copy before anything of target is touched (a SQLite file
// that passes integrity_check, with a Flashback schema no newer than this
// program's), refuses while any Flashback process has target open, and
// swaps the file in with one rename, so that target is at every moment
// either the old database or the new one.
func Restore(ctx context.Context, src, dsn string) (flashback.RestoreReport, error) {
	target, err := pathFromDSN(dsn)
	if err != nil || target == memoryPath {
		return flashback.RestoreReport{}, errors.Join(err, errors.New("sqlite: restore needs a database file"))
	}
	rep := flashback.RestoreReport{Target: target}
	if err := checkHeader(src); err != nil {
		return rep, err
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return rep, fmt.Errorf("sqlite: restore: %w", err)
	}
	if same, err := sameFile(src, target); err != nil || same {
		return rep, errors.Join(err, fmt.Errorf("sqlite: %s is the database itself, not a backup of it", src))
	}
	lock, err := lockExclusive(target)
	if err != nil {
		return rep, err
	}
	defer lock.release()
	tmp, err := copyBeside(src, target)
	if err != nil {
		return rep, err
	}
	defer os.Remove(tmp) // a no-op once it has been renamed into place
	if rep.SchemaVersion, rep.Latest, err = verifyBackup(ctx, tmp); err != nil {
		return rep, fmt.Errorf("sqlite: %s: %w", src, err)
	}
	if err := retire(ctx, &rep, target); err != nil {
		return rep, err
	}
	if err := os.Rename(tmp, target); err != nil {
		return rep, fmt.Errorf("sqlite: restore: %w", err)
	}
	return rep, syncDir(filepath.Dir(target))
}

// sqliteMagic opens every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// checkHeader refuses what is not a SQLite file at all with a plain message
// (SQLite itself would call an empty file a valid, empty database).
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sqlite: restore: %w", err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteMagic) {
		return fmt.Errorf("sqlite: %s is not a SQLite database", path)
	}
	return nil
}

func sameFile(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

// copyBeside copies src to a new file in target's directory, so that the
// final rename stays within one file system, and syncs it to disk.
func copyBeside(src, target string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", fmt.Errorf("sqlite: restore: %w", err)
	}
	defer in.Close()
	out, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".restore-*")
	if err != nil {
		return "", fmt.Errorf("sqlite: restore: %w", err)
	}
	_, err = io.Copy(out, in)
	err = errors.Join(err, out.Sync(), out.Close(), ownLike(out.Name(), target))
	if err != nil {
		os.Remove(out.Name())
		return "", fmt.Errorf("sqlite: restore: copy %s: %w", src, err)
	}
	return out.Name(), nil
}

// verifyBackup checks that path is an intact Flashback database this program
// can run, and returns its schema version and this program's.
func verifyBackup(ctx context.Context, path string) (version, latest int, err error) {
	// immutable: no locks and no -wal or -shm beside a file nobody else has.
	conn, err := sql.Open("sqlite", fileURI(path, "mode=ro&immutable=1"))
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close()
	if err := integrityCheck(ctx, conn); err != nil {
		return 0, 0, err
	}
	applied, err := appliedMigrations(ctx, conn)
	if err != nil || len(applied) == 0 {
		return 0, 0, errors.New("not a Flashback database (it has no schema_migrations)")
	}
	ms, err := migration.Load(migrationFS)
	if err != nil {
		return 0, 0, err
	}
	if err := migration.CheckKnown(applied, ms); err != nil {
		return 0, 0, err
	}
	for v := range applied {
		version = max(version, v)
	}
	return version, migration.Last(ms), nil
}

// integrityCheck runs SQLite's full check; it answers one row "ok" or the
// problems it found.
func integrityCheck(ctx context.Context, conn *sql.DB) error {
	rows, err := conn.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		problems = append(problems, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return fmt.Errorf("integrity check failed: %q", problems)
	}
	return nil
}

// retire moves the database at target out of the way without losing it: its
// WAL is folded in, the file is kept under a dated name (a hard link, so no
// copy and no moment without a database at target), and the -wal and -shm,
// which would be replayed onto the restored file, are removed.
func retire(ctx context.Context, rep *flashback.RestoreReport, target string) error {
	if _, err := os.Stat(target); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err := checkpoint(ctx, target); err != nil {
		return err
	}
	kept := target + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
	if err := os.Link(target, kept); err != nil {
		return fmt.Errorf("sqlite: keep the replaced database: %w", err)
	}
	rep.Kept = kept
	for _, suffix := range []string{"-wal", "-shm"} {
		err := os.Remove(target + suffix)
		switch {
		case err == nil:
			rep.Removed = append(rep.Removed, target+suffix)
		case !errors.Is(err, os.ErrNotExist):
			return fmt.Errorf("sqlite: remove the replaced database's %s: %w", suffix, err)
		}
	}
	return nil
}

// checkpoint copies everything in target's WAL into the file itself, so the
// file alone is the whole database. SQLite answers busy when a program other
// than Flashback (which the lock has ruled out) still has it open.
func checkpoint(ctx context.Context, target string) error {
	conn, err := sql.Open("sqlite", fileURI(target, fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeout.Milliseconds())))
	if err != nil {
		return err
	}
	defer conn.Close()
	var busy, logFrames, done int
	err = conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done)
	if err != nil {
		return fmt.Errorf("sqlite: checkpoint the database being replaced (move it away by hand if it is damaged): %w", err)
	}
	if busy != 0 {
		return fmt.Errorf("%w: another program has %s open", ErrInUse, target)
	}
	return conn.Close()
}

// fileURI names path as a SQLite URI, escaped, with query parameters.
func fileURI(path, query string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return (&url.URL{Scheme: "file", Path: abs, RawQuery: query}).String()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sqlite: sync %s: %w", dir, err)
	}
	return nil
}
