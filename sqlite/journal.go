package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"flashback"
)

// OutcomeJournal keeps the outcome journals of the instances that deliver
// from this database, in files beside it named for the instance and a
// sequence number: "flashback.db.outcomes.<instance>.<n>". Each file is
// locked (flock) by the process writing it, for as long as it lives, so a
// file that can be locked belongs to a dead process.
//
// The journal is the store's: it is what lets an outcome count as recorded
// before its ledger transaction, and it is synced as little as unsynced
// commits are (not at all: it survives a crash of the process only).
type OutcomeJournal struct {
	db *DB
}

var _ flashback.OutcomeJournal = (*OutcomeJournal)(nil)

// NewOutcomeJournal returns the journal of db, which must be open (and in
// a file: an in-memory database has nowhere to keep one).
func NewOutcomeJournal(db *DB) *OutcomeJournal { return &OutcomeJournal{db: db} }

// segmentSize is the size past which a journal moves on to a new file, so
// that applied outcomes are forgotten while the ledger lags a little
// behind the sends: a busy pass rarely finds every appended outcome
// applied, which is when a single file could be emptied.
const segmentSize = 256 << 10

var instanceName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func (j *OutcomeJournal) prefix() (string, error) {
	if j.db.path == "" || j.db.path == memoryPath {
		return "", errors.New("sqlite: an outcome journal needs a database file")
	}
	return j.db.path + ".outcomes.", nil
}

// Open creates inst's journal and locks it.
func (j *OutcomeJournal) Open(inst flashback.Instance) (flashback.OutcomeLog, error) {
	if !instanceName.MatchString(inst.ID) {
		return nil, fmt.Errorf("sqlite: instance ID %q cannot name a journal file", inst.ID)
	}
	prefix, err := j.prefix()
	if err != nil {
		return nil, err
	}
	l := &outcomeLog{base: prefix + inst.ID + ".", like: j.db.path}
	if err := l.rotate(); err != nil {
		return nil, err
	}
	return l, nil
}

// Replay applies and removes each journal no running process holds, in
// the order of its instance and sequence number.
func (j *OutcomeJournal) Replay(ctx context.Context, apply func(context.Context, []flashback.Outcome) error) error {
	prefix, err := j.prefix()
	if err != nil {
		return err
	}
	paths, err := filepath.Glob(globEscape(prefix) + "*")
	if err != nil {
		return err
	}
	slices.SortFunc(paths, bySequence)
	for _, path := range paths {
		if err := replayFile(ctx, path, apply); err != nil {
			return err
		}
	}
	return nil
}

// globEscape quotes the characters filepath.Match treats specially.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// bySequence orders journal paths by instance, then numerically by sequence.
func bySequence(a, b string) int {
	ai, an := splitSequence(a)
	bi, bn := splitSequence(b)
	if c := strings.Compare(ai, bi); c != 0 {
		return c
	}
	return an - bn
}

func splitSequence(path string) (string, int) {
	i := strings.LastIndexByte(path, '.')
	n, _ := strconv.Atoi(path[i+1:])
	return path[:i], n
}

// replayFile applies one journal if it can lock it, and removes it. The
// lock is checked to be on the file at path still: another replayer may
// have removed it meanwhile, and a new run of its instance created a new
// one under the same name.
func replayFile(ctx context.Context, path string, apply func(context.Context, []flashback.Outcome) error) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sqlite: replay outcome journal: %w", err)
	}
	defer f.Close()
	switch err := flock(f, true); {
	case errors.Is(err, errLocked):
		return nil // a live process's
	case err != nil:
		return err
	}
	if same, err := stillAt(f, path); err != nil || !same {
		return err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("sqlite: replay outcome journal: %w", err)
	}
	outcomes, err := decodeJournal(b)
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", path, err)
	}
	if err := apply(ctx, outcomes); err != nil {
		return fmt.Errorf("sqlite: replay %d outcomes of %s: %w", len(outcomes), path, err)
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("sqlite: remove replayed journal: %w", err)
	}
	return nil
}

// stillAt reports whether the open file f is the one at path.
func stillAt(f *os.File, path string) (bool, error) {
	held, err := f.Stat()
	if err != nil {
		return false, err
	}
	now, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(held, now), nil
}
