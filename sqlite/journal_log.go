package sqlite

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"

	"flashback"
)

// outcomeLog is an instance's open journal: one or more locked files,
// oldest first, the last one taking appends. A file is removed once all
// its outcomes are applied, and the last one emptied instead.
type outcomeLog struct {
	base string // path without the sequence number
	like string // the database, whose owner the files get
	mu   sync.Mutex
	segs []*segment
	seq  int
}

// segment is one journal file.
type segment struct {
	f        *os.File
	size     int64
	appended int // outcomes written
	applied  int // of those, said applied
}

// rotate starts the next file. It is created exclusively (a journal left
// by a dead run must be replayed first) and checked after locking, since
// a replayer may have taken the empty file for a dead one's and removed it.
func (l *outcomeLog) rotate() error {
	for {
		l.seq++
		path := l.base + strconv.Itoa(l.seq)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("sqlite: outcome journal %s holds outcomes not replayed", path)
		}
		if err != nil {
			return fmt.Errorf("sqlite: create outcome journal: %w", err)
		}
		ok, err := l.claim(f, path)
		if err != nil {
			f.Close()
			return err
		}
		if ok {
			return nil
		}
		f.Close()
	}
}

// claim locks a new file and writes its header; ok is false when the file
// was removed before the lock was had.
func (l *outcomeLog) claim(f *os.File, path string) (ok bool, err error) {
	if err := ownLike(path, l.like); err != nil {
		return false, err
	}
	if err := flockWait(f); err != nil {
		return false, err
	}
	if same, err := stillAt(f, path); err != nil || !same {
		return false, err
	}
	h := journalHeader()
	if _, err := f.Write(h); err != nil {
		return false, fmt.Errorf("sqlite: write outcome journal: %w", err)
	}
	l.segs = append(l.segs, &segment{f: f, size: int64(len(h))})
	return true, nil
}

// Append writes outcomes as one record, with one write. The ledger is in
// another file, so every outcome waits to be applied: sentInLedger is
// false.
func (l *outcomeLog) Append(outcomes []flashback.Outcome) (sentInLedger bool, err error) {
	return false, l.append(outcomes)
}

func (l *outcomeLog) append(outcomes []flashback.Outcome) error {
	rec, err := encodeRecord(outcomes)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	cur := l.segs[len(l.segs)-1]
	// Only one older file at a time: when the ledger lags that far, the
	// current file grows instead.
	if cur.size >= segmentSize && len(l.segs) == 1 {
		if err := l.rotate(); err != nil {
			return err
		}
		cur = l.segs[len(l.segs)-1]
	}
	if _, err := cur.f.Write(rec); err != nil {
		return fmt.Errorf("sqlite: append to outcome journal: %w", err)
	}
	cur.size += int64(len(rec))
	cur.appended += len(outcomes)
	return nil
}

// Applied counts n outcomes applied, oldest first, removing the files
// that hold nothing else and emptying the last one when it is all applied.
func (l *outcomeLog) Applied(n int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for n > 0 {
		s := l.segs[0]
		take := min(n, s.appended-s.applied)
		if take == 0 && len(l.segs) == 1 {
			return fmt.Errorf("sqlite: %d outcomes said applied were never appended", n)
		}
		s.applied, n = s.applied+take, n-take
		if err := l.forget(); err != nil {
			return err
		}
	}
	return nil
}

// forget removes the oldest file when all its outcomes are applied and a
// newer one takes the appends, and empties a lone file in that state.
func (l *outcomeLog) forget() error {
	s := l.segs[0]
	if s.applied < s.appended {
		return nil
	}
	if len(l.segs) > 1 {
		l.segs = l.segs[1:]
		return removeLocked(s.f)
	}
	if s.appended == 0 {
		return nil
	}
	if err := s.f.Truncate(int64(headerLen)); err != nil {
		return fmt.Errorf("sqlite: empty outcome journal: %w", err)
	}
	s.size, s.appended, s.applied = int64(headerLen), 0, 0
	return nil
}

// removeLocked removes a file while its lock is held, then closes it.
func removeLocked(f *os.File) error {
	err := os.Remove(f.Name())
	return errors.Join(err, f.Close())
}

// Close removes the journal when everything in it is applied, and else
// leaves it (and its unapplied outcomes) to Replay.
func (l *outcomeLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var errs []error
	for _, s := range l.segs {
		if s.applied == s.appended {
			errs = append(errs, removeLocked(s.f))
		} else {
			errs = append(errs, s.f.Close())
		}
	}
	l.segs = nil
	return errors.Join(errs...)
}
