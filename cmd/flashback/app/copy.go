package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"flashback/storecopy"
	"flashback/stores"
)

const copyHelp = `Usage: flashback copy -from DATABASE-URL -to DATABASE-URL [-replace]

Copies the whole site from one database to another: events and their
revisions, corrections, reports, conflicts and featured picks; editors and
their sessions; readers' messages; subscribers with their consent records,
suppressions and the delivery ledger; images, feed-sync progress, the
secrets that sign links and forms (so confirmation, manage and unsubscribe
links already sent, and editors' sessions, keep working), rate limits,
leases and instances. Either URL may be SQLite (sqlite:PATH or a path) or
PostgreSQL (postgres://...), in either direction.

Stop every server on the source first: the copy reads one snapshot, and what
is written after it stays behind (a recent heartbeat in the source gets a
warning). Digest outcomes that a stopped server left in its journal are
applied to that database's own ledger first, as its next start would: the
source's so that none is lost, a replaced target's so that none lands on the
copy.
The journal itself and each store's record of its migrations are not copied;
every other table is.

The source must be at this program's schema (run flashback migrate on it
first); it is never changed otherwise. The target is created if needed and
migrated. The copy is one transaction on the target: each table's row count
and a checksum of its values, read back from the target, must equal the
source's before it commits, and any failure leaves the target's data as it
was (a new target keeps the schema the copy created, empty).
PostgreSQL's ID counters are moved past the copied rows.

A target that holds a site already (any row beyond the categories and
content version its schema starts with) is refused, naming what it holds;
-replace deletes everything in it instead, in the same transaction.

Progress goes to stderr, the checked tables to stdout.

Flags:
`

func runCopy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("flashback copy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "database URL to copy the site from")
	to := fs.String("to", "", "database URL to copy the site into")
	replace := fs.Bool("replace", false, "delete what the target holds, in the copy's transaction, rather than refuse it")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), copyHelp)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: flashback copy takes no arguments besides its flags, not %q", ErrUsage, strings.Join(fs.Args(), " "))
	}
	if err := checkCopyURLs(*from, *to); err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	rep, err := copySite(ctx, *from, *to, storecopy.Options{Replace: *replace, Progress: stderr})
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	printCopy(stdout, rep)
	return nil
}

// checkCopyURLs refuses a copy that names no source or target, one
// neither store takes, or one onto itself.
func checkCopyURLs(from, to string) error {
	if from == "" || to == "" {
		return errors.New("flashback copy needs both -from and -to (see flashback copy -h)")
	}
	for _, dsn := range []string{from, to} {
		if err := stores.Check(dsn); err != nil {
			return err
		}
	}
	if stores.SameDatabase(from, to) {
		return errors.New("-from and -to name the same database")
	}
	return nil
}

func copySite(ctx context.Context, from, to string, opt storecopy.Options) (storecopy.Report, error) {
	src, err := stores.OpenCopySource(from)
	if err != nil {
		return storecopy.Report{}, fmt.Errorf("source: %w", err)
	}
	defer src.Close()
	dst, err := stores.OpenCopyTarget(to)
	if err != nil {
		return storecopy.Report{}, fmt.Errorf("target: %w", err)
	}
	defer dst.Close()
	return storecopy.Copy(ctx, src, dst, opt)
}

// printCopy lists the tables copied and checked.
func printCopy(w io.Writer, rep storecopy.Report) {
	if len(rep.Replaced) > 0 {
		fmt.Fprintf(w, "deleted what the target held in %s\n", strings.Join(rep.Replaced, ", "))
	}
	for _, t := range rep.Tables {
		fmt.Fprintf(w, "%-16s %9d rows  sha256 %s\n", t.Name, t.Rows, t.Checksum[:16])
	}
	fmt.Fprintf(w, "copied and checked %d rows in %d tables in %s\n", rep.Rows, len(rep.Tables), rep.Elapsed.Round(time.Millisecond))
}
