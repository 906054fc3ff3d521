package sqlite

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// ErrInUse means a restore found the database open in another Flashback
// process (or this one): replacing the file under it would lose its writes.
var ErrInUse = errors.New("database is in use")

// errLocked is what tryLock returns when another holder is in the way.
var errLocked = errors.New("locked")

// Every process that opens the database holds a shared lock on a file beside
// it for as long as it has it open; restore takes the lock exclusively. The
// kernel drops the lock when a process dies, so a crashed server never leaves
// a stale lock behind, unlike a PID file. SQLite's own locks cannot serve:
// they are taken per transaction, not for the life of a connection.
func lockPath(dbPath string) string { return dbPath + ".lock" }

// fileLock is a held lock; release lets it go.
type fileLock struct{ f *os.File }

func (l *fileLock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the descriptor drops the lock
	l.f = nil
	return err
}

// lockShared takes the shared lock for an opener. It waits up to
// busyTimeout for a restore to finish, as a SQLite connection waits on a
// writer.
func lockShared(dbPath string) (*fileLock, error) {
	deadline := time.Now().Add(busyTimeout)
	for {
		l, err := tryLock(dbPath, false)
		if !errors.Is(err, errLocked) {
			return l, err
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("sqlite: %s is being restored; try again when the restore has finished", dbPath)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// lockExclusive takes the lock for a restore, at once or not at all.
func lockExclusive(dbPath string) (*fileLock, error) {
	l, err := tryLock(dbPath, true)
	if errors.Is(err, errLocked) {
		return nil, fmt.Errorf("%w: %s is open in a running Flashback (serve, or another command); stop it first", ErrInUse, dbPath)
	}
	return l, err
}

// tryLock opens (creating) the lock file and locks it without waiting.
func tryLock(dbPath string, exclusive bool) (*fileLock, error) {
	path := lockPath(dbPath)
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sqlite: lock file: %w", err)
	}
	if err := ownLike(path, dbPath); err != nil {
		f.Close()
		return nil, err
	}
	if err := flock(f, exclusive); err != nil {
		f.Close()
		return nil, err
	}
	return &fileLock{f: f}, nil
}
