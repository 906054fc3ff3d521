package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"flashback"
	"flashback/corpus"
)

const importUsage = `Usage: flashback import [flags] SOURCE [PATH]

Sources:
  bundled               the corpus built into the binary (BSD calendar data)
  bsd-calendar PATH     a calendar(1) file, or a directory of calendar.* files

Re-running an import is safe: events are matched by their source identity,
so nothing is duplicated; changed ones are updated.
`

func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var verbose bool
	cfg, fs, err := parseConfig("import", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&verbose, "v", false, "list every skipped record")
		fs.Usage = func() { fmt.Fprint(fs.Output(), importUsage); fs.PrintDefaults() }
	})
	if err != nil {
		return err
	}
	events, skips, err := readImportSource(fs.Args())
	if err != nil {
		fs.Usage()
		return err
	}
	db, err := openDB(cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	store := sqliteEvents(db)
	stats, err := corpus.Import(ctx, store, events, progressPrinter(stderr, len(events)))
	if err != nil {
		return err
	}
	printStats(stdout, stats, skips, verbose)
	return nil
}

// readImportSource parses the events named by the import arguments.
func readImportSource(args []string) ([]*flashback.Event, []flashback.Skip, error) {
	if len(args) == 0 {
		return nil, nil, fmt.Errorf("%w: name a source to import", ErrUsage)
	}
	switch args[0] {
	case "bundled":
		if len(args) != 1 {
			return nil, nil, fmt.Errorf("%w: bundled takes no path", ErrUsage)
		}
		return corpus.Bundled()
	case "bsd-calendar":
		if len(args) != 2 {
			return nil, nil, fmt.Errorf("%w: bsd-calendar takes one file or directory", ErrUsage)
		}
		info, err := os.Stat(args[1])
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", args[1], err)
		}
		if info.IsDir() {
			return corpus.ParseBSDDir(args[1])
		}
		return corpus.ParseBSDFile(args[1])
	}
	return nil, nil, fmt.Errorf("%w: unknown import source %q", ErrUsage, args[0])
}

// progressPrinter reports progress on one rewritten line, for long imports.
func progressPrinter(w io.Writer, total int) func(done, total int) {
	if total < 1000 {
		return nil
	}
	return func(done, total int) {
		fmt.Fprintf(w, "\rimporting: %d/%d events (%d%%)", done, total, done*100/total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
