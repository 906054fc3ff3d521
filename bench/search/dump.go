package main

import (
	"bufio"
	"context"
	"fmt"
	"os"

	"flashback"
)

// dumpMix writes what every query of the mix finds to path, one line per
// result and per hit (id, rank, the marked headline and excerpt), so that
// two versions of the search can be compared with diff: a change meant to
// make a search cheaper must not change what it finds.
func dumpMix(ctx context.Context, s flashback.Searcher, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	for _, m := range mix {
		res, err := s.Search(ctx, m.q)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s %q: total %d exact %v headlines cut %v page %d more %v\n",
			m.kind, describe(m.q), res.Total, res.Exact, res.HeadlinesCut, res.Page, res.HasMore)
		for _, h := range res.Hits {
			fmt.Fprintf(w, "\t%d %.9g %q %v | %q %v\n", h.Event.ID, h.Rank,
				h.Headline.Text, h.Headline.Marks, h.Snippet.Text, h.Snippet.Marks)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
