//go:build unix

package sqlite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// flock locks f without blocking; errLocked means someone else holds it.
func flock(f *os.File, exclusive bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return errLocked
		}
		return fmt.Errorf("sqlite: lock %s: %w", f.Name(), err)
	}
}

// ownLike gives path the owner of like (or of like's directory when like
// does not exist yet) when running as root. An operator who runs
// "flashback backup" or "restore" as root must not leave files the
// service's own user cannot open; SQLite does the same for its -wal and -shm.
func ownLike(path, like string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	fi, err := os.Stat(like)
	if errors.Is(err, os.ErrNotExist) {
		fi, err = os.Stat(filepath.Dir(like))
	}
	if err != nil {
		return fmt.Errorf("sqlite: owner of %s: %w", like, err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if err := os.Lchown(path, int(st.Uid), int(st.Gid)); err != nil {
		return fmt.Errorf("sqlite: give %s its database's owner: %w", path, err)
	}
	return nil
}

// flockWait locks f exclusively, waiting for another holder to let go.
func flockWait(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			if err != nil {
				return fmt.Errorf("sqlite: lock %s: %w", f.Name(), err)
			}
			return nil
		}
	}
}
