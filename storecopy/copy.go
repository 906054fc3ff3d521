package storecopy

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"flashback"
)

// batchSize is how many rows go to the target at a time: enough that a
// round trip or a COPY is worth it, few enough to hold in memory at once.
const batchSize = 2000

// Options say how a copy treats its target and where it reports.
type Options struct {
	// Replace lets the copy delete what a non-empty target holds, in the
	// same transaction that writes the copy.
	Replace bool
	// Progress receives a line per table as its rows go over and are
	// checked; nil for none.
	Progress io.Writer
}

// TableReport is what the copy of one table moved and checked.
type TableReport struct {
	Name     string
	Rows     int64
	Checksum string
}

// Report says what a copy did.
type Report struct {
	Tables  []TableReport
	Rows    int64
	Elapsed time.Duration
	// Replaced lists the tables of the target whose rows the copy deleted.
	Replaced []string
}

// NotEmptyError refuses a target that holds a site already.
type NotEmptyError struct {
	// Tables names each table that holds rows, with its count.
	Tables []string
}

func (e *NotEmptyError) Error() string {
	return "the target database is not empty (" + strings.Join(e.Tables, ", ") +
		"): copy into an empty database, or pass -replace to delete what it holds"
}

// MismatchError says which tables did not read back as they were read.
type MismatchError struct {
	Tables []string
}

func (e *MismatchError) Error() string {
	return "the copy does not match its source, nothing was kept: " + strings.Join(e.Tables, "; ")
}

// Copy copies every table of src into dst in one transaction of dst and
// commits it only when every table reads back from dst with the count and
// checksum it had in src; any failure leaves dst's tables as they were.
// Outcomes of sent digests that wait in a journal are first applied to
// the ledger of their own database, as its next start would: the source's
// so that none is lost, a replaced target's so that none lands on the
// copy. The source should not be served meanwhile: what it commits after
// the copy's snapshot stays behind.
func Copy(ctx context.Context, src, dst Store, opt Options) (Report, error) {
	start, tables := time.Now(), Tables
	if err := applyJournals(ctx, src.Stores); err != nil {
		return Report{}, fmt.Errorf("apply the source's outcome journals: %w", err)
	}
	// A replaced target's own journal would otherwise be applied, on its
	// next start, to a ledger that is no longer the one it was written
	// for. (An empty target has none, and a full one is refused.)
	if opt.Replace {
		if err := applyJournals(ctx, dst.Stores); err != nil {
			return Report{}, fmt.Errorf("apply the target's outcome journals: %w", err)
		}
	}
	snap, err := src.DB.Snapshot(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("read source: %w", err)
	}
	defer snap.Close()
	if err := warnLive(ctx, snap, tables, opt.Progress, time.Now()); err != nil {
		return Report{}, fmt.Errorf("read source: %w", err)
	}
	w, err := dst.DB.BeginCopy(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("write target: %w", err)
	}
	defer w.Rollback()
	c := &copier{snap: snap, w: w, progress: opt.Progress}
	rep, err := c.run(ctx, tables, opt.Replace)
	if err != nil {
		return Report{}, err
	}
	if err := w.Commit(); err != nil {
		return Report{}, fmt.Errorf("commit target: %w", err)
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// applyJournals applies the outcomes that stopped instances left in st's
// journals to its ledger, and so empties them, as a start does.
func applyJournals(ctx context.Context, st *flashback.Stores) error {
	return st.Journal.Replay(ctx, st.Deliveries.CompleteDeliveries)
}

// copier is one copy under way.
type copier struct {
	snap     Reader
	w        Writer
	progress io.Writer
}

func (c *copier) run(ctx context.Context, tables []Table, replace bool) (Report, error) {
	var rep Report
	var err error
	if rep.Replaced, err = c.clear(ctx, tables, replace); err != nil {
		return rep, err
	}
	sums := make([]*Checksum, len(tables))
	for i, t := range tables {
		if sums[i], err = c.table(ctx, t); err != nil {
			return rep, fmt.Errorf("copy %s: %w", t.Name, err)
		}
		rep.Rows += sums[i].Rows()
	}
	for _, t := range tables {
		if t.Serial == "" {
			continue
		}
		if err := c.w.SetCounter(ctx, t); err != nil {
			return rep, fmt.Errorf("set %s's counter: %w", t.Name, err)
		}
	}
	if rep.Tables, err = c.verify(ctx, tables, sums); err != nil {
		return rep, err
	}
	return rep, nil
}

// clear empties the target's tables, refusing one that holds a site
// unless replace says so, and returns the tables it emptied of the
// site's rows.
func (c *copier) clear(ctx context.Context, tables []Table, replace bool) ([]string, error) {
	var occupied, names []string
	for _, t := range tables {
		n, err := c.w.Count(ctx, t)
		if err != nil {
			return nil, fmt.Errorf("count target's %s: %w", t.Name, err)
		}
		if n > 0 && !t.Seeded {
			occupied = append(occupied, fmt.Sprintf("%s: %d rows", t.Name, n))
			names = append(names, t.Name)
		}
	}
	if len(occupied) > 0 && !replace {
		return nil, &NotEmptyError{Tables: occupied}
	}
	for i := len(tables) - 1; i >= 0; i-- {
		if err := c.w.Clear(ctx, tables[i]); err != nil {
			return nil, fmt.Errorf("clear target's %s: %w", tables[i].Name, err)
		}
	}
	return names, nil
}

// table copies t's rows in batches and returns the checksum of what it
// read from the source.
func (c *copier) table(ctx context.Context, t Table) (*Checksum, error) {
	total, err := c.snap.Count(ctx, t)
	if err != nil {
		return nil, err
	}
	p := c.meter("copy", t.Name, total)
	sum := NewChecksum(t)
	batch := make([]Row, 0, batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := c.w.Insert(ctx, t, batch); err != nil {
			return err
		}
		p.add(len(batch))
		batch = batch[:0]
		return nil
	}
	err = c.snap.Rows(ctx, t, func(r Row) error {
		if err := sum.Add(r); err != nil {
			return err
		}
		if batch = append(batch, r); len(batch) == batchSize {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	p.done()
	return sum, err
}

// verify reads every table back from the target and compares it with
// what was read from the source.
func (c *copier) verify(ctx context.Context, tables []Table, sums []*Checksum) ([]TableReport, error) {
	var out []TableReport
	var bad []string
	for i, t := range tables {
		got, err := c.readBack(ctx, t, sums[i].Rows())
		if err != nil {
			return nil, fmt.Errorf("verify %s: %w", t.Name, err)
		}
		want := sums[i]
		switch {
		case got.Rows() != want.Rows():
			bad = append(bad, fmt.Sprintf("%s has %d rows, the source %d", t.Name, got.Rows(), want.Rows()))
		case got.Sum() != want.Sum():
			bad = append(bad, fmt.Sprintf("%s's checksum differs (%d rows)", t.Name, got.Rows()))
		}
		out = append(out, TableReport{Name: t.Name, Rows: want.Rows(), Checksum: want.Sum()})
	}
	if len(bad) > 0 {
		return nil, &MismatchError{Tables: bad}
	}
	return out, nil
}

func (c *copier) readBack(ctx context.Context, t Table, total int64) (*Checksum, error) {
	n, err := c.w.Count(ctx, t)
	if err != nil {
		return nil, err
	}
	p := c.meter("verify", t.Name, max(n, total))
	defer p.done()
	sum := NewChecksum(t)
	err = c.w.Rows(ctx, t, func(r Row) error {
		p.add(1)
		return sum.Add(r)
	})
	return sum, err
}
