package app

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"flashback"
)

// instanceFile holds the installation's instance ID in the data directory,
// so that a restarted serve is the same instance and takes back at once
// the digests its dead run had claimed (flashback.ClaimFreeAt).
const instanceFile = "instance-id"

// serveInstance returns serve's instance: the ID in the data directory
// (created on first start), locked for as long as the process lives, so
// that no two running processes share it; a second serve on the same data
// directory gets an ID of its own. release drops the lock.
func serveInstance(dataDir string, now time.Time) (inst flashback.Instance, release func(), err error) {
	f, err := os.OpenFile(filepath.Join(dataDir, instanceFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return flashback.Instance{}, nil, fmt.Errorf("instance ID: %w", err)
	}
	// The lock goes with the process, however it ends.
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return flashback.Instance{ID: newInstanceID(), StartedAt: now}, func() {}, nil
		}
		return flashback.Instance{}, nil, fmt.Errorf("lock instance ID: %w", err)
	}
	id, err := readOrWriteID(f)
	if err != nil {
		f.Close()
		return flashback.Instance{}, nil, err
	}
	return flashback.Instance{ID: id, StartedAt: now}, func() { f.Close() }, nil
}

func readOrWriteID(f *os.File) (string, error) {
	b := make([]byte, 64)
	n, _ := f.Read(b)
	if id := strings.TrimSpace(string(b[:n])); id != "" {
		return id, nil
	}
	id := newInstanceID()
	if _, err := f.WriteString(id + "\n"); err != nil {
		return "", fmt.Errorf("write instance ID: %w", err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("write instance ID: %w", err)
	}
	return id, nil
}

func newInstanceID() string { return strings.ToLower(rand.Text()[:16]) }
