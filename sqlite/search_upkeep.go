package sqlite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"
)

// searchIndexes are the FTS5 tables a search reads.
var searchIndexes = []string{"events_fts", "events_headline_fts"}

// SearchIndexLayout is how an FTS5 index lies in segment b-trees. FTS5
// writes each batch of rows as a new segment and merges segments only a
// level at a time, so an index filled by imports ends up in tens of them,
// and a search reads every one: at a million events the headline index
// of a fresh import held 25 segments and searched slower than in one.
type SearchIndexLayout struct {
	Table    string
	Segments int
	Levels   int // levels holding at least one segment
	// Pages counts the leaf pages of all segments, Largest those of the
	// largest one.
	Pages, Largest int
}

// tidyShare and tidySegments say when TidySearchIndexes merges an index:
// when its segments beside the largest hold 1/tidyShare of its pages or
// more, as after an import that grew it by a seventh, or when it is in
// more than tidySegments segments. Writes of a few events at a time add
// small segments, which cost a search little, and FTS5's own merging
// keeps their number down: rewriting a whole index for them every time
// would cost far more than it saves.
const (
	tidyShare    = 8
	tidySegments = 16
)

// Untidy tells whether TidySearchIndexes would merge the index.
func (l SearchIndexLayout) Untidy() bool {
	if l.Segments <= 1 {
		return false
	}
	return l.Segments > tidySegments || (l.Pages-l.Largest)*tidyShare >= l.Pages
}

// SearchIndexLayouts reads the layout of every search index.
func (s *EventStore) SearchIndexLayouts(ctx context.Context) ([]SearchIndexLayout, error) {
	var layouts []SearchIndexLayout
	for _, table := range searchIndexes {
		l, err := s.layout(ctx, table)
		if err != nil {
			return nil, err
		}
		layouts = append(layouts, l)
	}
	return layouts, nil
}

// mergeStep is the work of one merge transaction, in FTS5 pages (about
// 4 KB each): small enough that other writers wait for it only briefly,
// large enough that the number of commits stays low.
const mergeStep = 500

// TidySearchIndexes merges the segments of each untidy search index (see
// SearchIndexLayout.Untidy) into one, the form FTS5 searches fastest and
// that takes the least space. It does what FTS5's 'optimize' does, but in
// steps of mergeStep pages, each its own write transaction, so that the
// writers of a running service (deliveries, editors) wait for a step, not
// for the many seconds a million events' index takes; a change written
// between steps is merged as well. It returns how long the merging took,
// zero if no index needed it.
func (s *EventStore) TidySearchIndexes(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	merged := false
	for _, table := range searchIndexes {
		l, err := s.layout(ctx, table)
		if err != nil {
			return 0, err
		}
		if !l.Untidy() {
			continue
		}
		merged = true
		// A negative count first puts every segment on one level and
		// starts merging them all; positive ones then carry that merge on
		// to the end, without restarting it for a segment written in
		// between (as a negative one would).
		for step := -mergeStep; ; step = mergeStep {
			worked, err := s.mergeOnce(ctx, table, step)
			if err != nil {
				return 0, err
			}
			if !worked {
				break
			}
		}
	}
	if !merged {
		return 0, nil
	}
	return time.Since(start), nil
}

// mergeOnce runs one FTS5 'merge' command on table and tells whether it
// did any work: by FTS5's documentation, a merge that wrote something
// changes the connection's total_changes() by two or more.
func (s *EventStore) mergeOnce(ctx context.Context, table string, pages int) (worked bool, err error) {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var before, after int64
	if err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&before); err != nil {
		return false, fmt.Errorf("merge %s: %w", table, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+table+`, rank) VALUES ('merge', ?)`, pages); err != nil {
		return false, fmt.Errorf("merge %s: %w", table, err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&after); err != nil {
		return false, fmt.Errorf("merge %s: %w", table, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("merge %s: %w", table, err)
	}
	return after-before >= 2, nil
}

// ftsStructureRowid is where FTS5 keeps an index's structure record (its
// segment b-trees by level) in the index's _data table.
const ftsStructureRowid = 10

// structureV2 marks a structure record that carries, for each segment,
// the extra fields that contentless_delete tables keep.
var structureV2 = []byte{0xff, 0x00, 0x00, 0x01}

// layout reads the structure record of FTS5 table table. Its layout is
// FTS5's own (a cookie, then varints); SQLite offers no SQL function that
// decodes it outside its test builds.
func (s *EventStore) layout(ctx context.Context, table string) (SearchIndexLayout, error) {
	var rec []byte
	err := s.db.read.QueryRowContext(ctx, `SELECT block FROM `+table+`_data WHERE id = ?`, ftsStructureRowid).Scan(&rec)
	if err != nil {
		return SearchIndexLayout{}, fmt.Errorf("read the structure of %s: %w", table, err)
	}
	levels, err := decodeStructure(rec)
	if err != nil {
		return SearchIndexLayout{}, fmt.Errorf("structure of %s: %w", table, err)
	}
	l := SearchIndexLayout{Table: table}
	for _, level := range levels {
		l.Segments += len(level)
		if len(level) > 0 {
			l.Levels++
		}
		for _, pages := range level {
			l.Pages += pages
			l.Largest = max(l.Largest, pages)
		}
	}
	return l, nil
}

// decodeStructure returns the leaf pages of each segment of each level of
// an FTS5 structure record, lowest level first.
func decodeStructure(rec []byte) ([][]int, error) {
	if len(rec) < 4 {
		return nil, fmt.Errorf("%d bytes", len(rec))
	}
	r := &varints{b: rec[4:]} // after the cookie
	v2 := bytes.HasPrefix(r.b, structureV2)
	if v2 {
		r.b = r.b[4:]
	}
	nLevels := r.next()
	r.next() // segments on all levels
	r.next() // write counter
	if nLevels > 64 {
		return nil, fmt.Errorf("%d levels", nLevels)
	}
	levels := make([][]int, nLevels)
	for l := range levels {
		r.next() // segments being merged into the next level
		n := r.next()
		if n > 1<<16 {
			return nil, fmt.Errorf("%d segments on level %d", n, l)
		}
		levels[l] = make([]int, n)
		for i := range levels[l] {
			r.next() // id
			first, last := r.next(), r.next()
			if last >= first {
				levels[l][i] = int(last - first + 1)
			}
			if v2 {
				for range 5 { // two origins, tombstone pages and entries, entries
					r.next()
				}
			}
		}
	}
	return levels, r.err
}

// varints reads SQLite's variable-length integers: big-endian groups of
// seven bits, the high bit set on every byte but the last, and a ninth
// byte, if reached, taken whole.
type varints struct {
	b   []byte
	err error
}

func (r *varints) next() uint64 {
	var v uint64
	for i := range 9 {
		if len(r.b) == 0 {
			if r.err == nil {
				r.err = errors.New("record ends inside a number")
			}
			return 0
		}
		c := r.b[0]
		r.b = r.b[1:]
		if i == 8 {
			return v<<8 | uint64(c)
		}
		v = v<<7 | uint64(c&0x7f)
		if c < 0x80 {
			return v
		}
	}
	return v
}
