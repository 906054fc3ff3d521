// Command list prints the bundled corpus one event per line, as
// tab-separated values: key, origin and line, date as imported, category
// and headline. Reviewers of the corpus work from it: an erratum names an
// event by the key this prints, and its old value is what this prints,
// the corpus before errata.
//
//	go run ./corpus/internal/list [calendar.history …]
package main

import (
	"bufio"
	"fmt"
	"os"
	"slices"

	"flashback/corpus"
)

func main() {
	events, _, err := corpus.BundledUncorrected()
	if err != nil {
		fmt.Fprintln(os.Stderr, "list:", err)
		os.Exit(1)
	}
	only := os.Args[1:]
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintln(w, "key\torigin\tdate\tcategory\theadline")
	for _, e := range events {
		if len(only) > 0 && !slices.Contains(only, e.Provenance.Origin) {
			continue
		}
		fmt.Fprintf(w, "%s\t%s %s\t%s\t%s\t%s\n", e.ExternalKey, e.Provenance.Origin, e.Provenance.Ref,
			e.Date.String(), e.Category, e.Headline)
	}
}
