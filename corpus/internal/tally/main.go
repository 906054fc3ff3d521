// Command tally counts what the errata of the bundled corpus record, over
// the files built into the program: per file and in all, the events the
// reviewers say they reviewed, the events corrected (and the rows of each
// field), marked and withdrawn. It applies the errata first, so the
// figures are only printed for errata that fit the corpus. The closing
// note of a review quotes its output.
//
//	go run ./corpus/internal/tally
package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"flashback"
	"flashback/corpus"
	"flashback/corpus/errata"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tally:", err)
		os.Exit(1)
	}
}

func run(out io.Writer) error {
	files, err := corpus.Errata()
	if err != nil {
		return err
	}
	events, _, err := corpus.BundledUncorrected()
	if err != nil {
		return err
	}
	if err := errata.Apply(events, files); err != nil {
		return err
	}
	size := map[string]int{}
	for _, e := range events {
		size[e.Provenance.Origin]++
	}
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "file\tevents\treviewed\tcorrected\tyear\tday\theadline\tcalendar\tmarked\tunconfirmed\ttraditional\tdisputed\twithdrawn\t")
	total := 0
	for _, f := range files {
		total += size[f.Origin()]
		row(w, f.Name, size[f.Origin()], errata.Count([]*errata.File{f}))
	}
	all := errata.Count(files)
	row(w, "all", total, all)
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d files of errata over %d bundled events.\n", len(files), len(events))
	if c := all.Claimed; c.Corrected != all.Corrected || c.Marked != all.TotalMarked() || c.Withdrawn != all.Withdrawn {
		fmt.Fprintf(out, "The files' comments claim %d corrected, %d marked, %d withdrawn; the rows give %d, %d, %d.\n",
			c.Corrected, c.Marked, c.Withdrawn, all.Corrected, all.TotalMarked(), all.Withdrawn)
	}
	return nil
}

func row(w io.Writer, name string, events int, t errata.Tally) {
	fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", name, events, t.Reviewed, t.Corrected,
		t.ByField[errata.FieldYear], t.ByField[errata.FieldDay], t.ByField[errata.FieldHeadline], t.ByField[errata.FieldCalendar],
		t.TotalMarked(), t.Marked[flashback.DateUnconfirmed], t.Marked[flashback.DateTraditional], t.Marked[flashback.DateDisputed], t.Withdrawn)
}
