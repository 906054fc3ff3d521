package sqlite_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"flashback"
	"flashback/sqlite"
)

// corpus returns n keyed events shaped like the bundled corpus.
func corpus(n int) []*flashback.Event {
	events := make([]*flashback.Event, n)
	for i := range events {
		events[i] = &flashback.Event{
			Date:        flashback.HistDate{Year: 1500 + i%500, Month: time.Month(1 + i%12), Day: 1 + i%28},
			Category:    flashback.CategoryHistory,
			Headline:    fmt.Sprintf("Something notable happens, number %d", i),
			Summary:     "A sentence or two about what happened and why it mattered to the people then.",
			Sources:     []flashback.Source{{Title: "calendar.history", Note: "BSD licence"}},
			Provenance:  flashback.Provenance{Importer: "bsdcal", Origin: "calendar.history", Ref: fmt.Sprint(i)},
			ExternalKey: fmt.Sprintf("bsdcal:%d", i),
			Published:   true,
		}
	}
	return events
}

// BenchmarkImportEvents imports 3,000 events into an empty database; the
// first-run import of the bundled corpus is this.
func BenchmarkImportEvents(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s := sqlite.NewEventStore(MustOpenDB(b))
		events := corpus(3000)
		b.StartTimer()
		stats, err := s.ImportEvents(ctx, events)
		if err != nil || stats.Added != 3000 {
			b.Fatalf("import: %+v, %v", stats, err)
		}
	}
}

// BenchmarkReimportUnchanged re-imports the same 3,000 events, as every
// start-up after the first does.
func BenchmarkReimportUnchanged(b *testing.B) {
	ctx := context.Background()
	s := sqlite.NewEventStore(MustOpenDB(b))
	if _, err := s.ImportEvents(ctx, corpus(3000)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		stats, err := s.ImportEvents(ctx, corpus(3000))
		if err != nil || stats.Unchanged != 3000 {
			b.Fatalf("import: %+v, %v", stats, err)
		}
	}
}
