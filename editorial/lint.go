package editorial

import (
	"context"
	"fmt"
	"io"

	"flashback"
	"flashback/accuracy"
)

// lintPage is how many events LintCorpus reads at a time.
const lintPage = 500

// LintCorpus checks every event in store, drafts included, against its own
// record and writes one line per finding to w:
//
//	event 12 "Trotsky exiled" body:1:4: error date-mismatch: …
//
// It returns the numbers of errors and warnings found.
func LintCorpus(ctx context.Context, store flashback.EventStore, w io.Writer) (errs, warns int, err error) {
	for offset := 0; ; offset += lintPage {
		events, total, err := store.FindEvents(ctx, flashback.EventFilter{
			IncludeDrafts: true, Limit: lintPage, Offset: offset})
		if err != nil {
			return errs, warns, err
		}
		for _, e := range events {
			for _, f := range accuracy.LintEvent(e) {
				if _, err := fmt.Fprintf(w, "event %d %q %s:%d:%d: %s %s: %s\n", e.ID, e.Headline,
					f.Field, f.Line, f.Column, f.Severity, f.Rule, f.Message); err != nil {
					return errs, warns, err
				}
				switch f.Severity {
				case accuracy.Error:
					errs++
				case accuracy.Warning:
					warns++
				}
			}
		}
		if len(events) == 0 || offset+len(events) >= total {
			return errs, warns, nil
		}
	}
}
