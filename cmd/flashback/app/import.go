package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"flashback"
	"flashback/corpus"
	"flashback/editorial"
)

const importUsage = `Usage: flashback import [flags] SOURCE [PATH]

Sources:
  bundled               the corpus built into the binary (BSD calendar data)
  bsd-calendar PATH     a calendar(1) file, or a directory of calendar.* files
  wikimedia FILE        a Wikimedia "on this day" feed saved as JSON; the day
                        comes from -day or the file name (e.g. 01-31.json)
  wikimedia -fetch      Wikipedia's live feed, -from to -to (MM-DD; a -from
                        after -to wraps over the year end), in -lang; needs
                        FLASHBACK_WIKIMEDIA_CONTACT. A stopped fetch resumes;
                        a re-run asks only whether each day changed.
  csv FILE              an editors' CSV list (see corpus/csvimport)

Re-running an import is safe: events are matched by their source identity,
so nothing is duplicated; changed ones are updated, except events an editor
has edited since. Except for the bundled corpus, incoming events that
contradict a stored event's date are held back as conflicts for the editors.
`

func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var verbose bool
	var day string
	var fo fetchOptions
	cfg, rest, err := parseConfig("import", args, getenv, stderr, 2, func(fs *flag.FlagSet) {
		fs.BoolVar(&verbose, "v", false, "list every skipped record")
		fs.StringVar(&day, "day", "", "the day a Wikimedia feed describes, MM-DD")
		fo.bind(fs)
		fs.Usage = func() { fmt.Fprint(fs.Output(), importUsage); printFlags(fs, "import") }
	})
	if err != nil {
		return err
	}
	if fo.fetch {
		if len(rest) != 1 || rest[0] != "wikimedia" {
			return fmt.Errorf("%w: -fetch goes with the source wikimedia and no file", ErrUsage)
		}
		return runFetch(ctx, cfg, fo, stdout, stderr)
	}
	src, err := readImportSource(rest, day)
	if err != nil {
		return err
	}
	st, err := openStores(cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	events := st.Events
	progress := progressPrinter(stderr, len(src.events))
	if src.trusted {
		stats, err := corpus.Import(ctx, events, src.events, progress)
		if err != nil {
			return err
		}
		printStats(stdout, stats, src.skips, verbose)
		return tidySearchAfterImport(ctx, events, stderr)
	}
	if len(src.events) > 0 {
		fmt.Fprintf(stderr, "checking %d events against the stored ones for conflicting dates…\n", len(src.events))
	}
	im := &editorial.Importer{Events: events, Conflicts: st.Conflicts, Progress: progress}
	rep, err := im.Import(ctx, src.events)
	if err != nil {
		return err
	}
	printStats(stdout, rep.Stats, src.skips, verbose)
	if rep.SetAside > 0 {
		fmt.Fprintf(stdout, "held back %d conflicting with stored events (%d new conflicts for the editors at /admin/conflicts)\n", rep.SetAside, rep.NewConflicts)
	}
	return tidySearchAfterImport(ctx, events, stderr)
}

// importSource is what an import's arguments name, parsed.
type importSource struct {
	events []*flashback.Event
	skips  []flashback.Skip
	// trusted sources (the bundled corpus) skip conflict detection: they
	// are the base others are compared with.
	trusted bool
}

// readImportSource parses the events named by the import arguments.
func readImportSource(args []string, day string) (importSource, error) {
	if len(args) == 0 {
		return importSource{}, fmt.Errorf("%w: name a source to import (see flashback import -h)", ErrUsage)
	}
	kind, rest := args[0], args[1:]
	if kind == "bundled" {
		if len(rest) != 0 {
			return importSource{}, fmt.Errorf("%w: bundled takes no path", ErrUsage)
		}
		events, skips, err := corpus.Bundled()
		return importSource{events, skips, true}, err
	}
	format := map[string]string{"wikimedia": editorial.FormatWikimedia, "csv": editorial.FormatCSV}[kind]
	if format == "" && kind != "bsd-calendar" {
		return importSource{}, fmt.Errorf("%w: unknown import source %q (bundled, bsd-calendar, wikimedia or csv)", ErrUsage, kind)
	}
	if len(rest) != 1 {
		return importSource{}, fmt.Errorf("%w: %s takes one path", ErrUsage, kind)
	}
	path := rest[0]
	if kind == "bsd-calendar" {
		info, err := os.Stat(path)
		if err != nil {
			return importSource{}, fmt.Errorf("read %s: %w", path, err)
		}
		parse := corpus.ParseBSDFile
		if info.IsDir() {
			parse = corpus.ParseBSDDir
		}
		events, skips, err := parse(path)
		return importSource{events: events, skips: skips}, err
	}
	up := editorial.Upload{Format: format, Name: filepath.Base(path)}
	if day != "" {
		md, err := parseMonthDay("-day", day)
		if err != nil {
			return importSource{}, err
		}
		up.Day = md
	}
	f, err := os.Open(path)
	if err != nil {
		return importSource{}, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	up.Data = f
	events, skips, err := editorial.Parse(up)
	return importSource{events: events, skips: skips}, err
}

// parseMonthDay reads the "MM-DD" given to flag name (02-29 included).
func parseMonthDay(name, s string) (flashback.MonthDay, error) {
	ms, ds, ok := strings.Cut(s, "-")
	m, err1 := strconv.Atoi(ms)
	d, err2 := strconv.Atoi(ds)
	if !ok || err1 != nil || err2 != nil || len(ms) != 2 || len(ds) != 2 {
		return flashback.MonthDay{}, fmt.Errorf("%w: %s %q: use MM-DD, e.g. 01-31", ErrUsage, name, s)
	}
	md := flashback.MonthDay{Month: time.Month(m), Day: d}
	if !md.Valid() {
		return flashback.MonthDay{}, fmt.Errorf("%w: %s %q is not a day of the year", ErrUsage, name, s)
	}
	return md, nil
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
