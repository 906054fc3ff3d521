package app

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"testing"

	"flashback"
	"flashback/corpus"
	"flashback/stores"
)

// interruptedImport is an event store whose first import is stopped as a
// first start stopped by a signal would be: its context ends while the
// store works.
type interruptedImport struct {
	flashback.EventStore
	imports int
}

func (s *interruptedImport) ImportEvents(ctx context.Context, events []*flashback.Event) (flashback.ImportStats, error) {
	s.imports++
	if s.imports == 1 {
		stopped, cancel := context.WithCancel(ctx)
		cancel()
		return s.EventStore.ImportEvents(stopped, events)
	}
	return s.EventStore.ImportEvents(ctx, events)
}

// A first start stopped during the bundled import leaves no events, so the
// next start imports the whole corpus instead of serving part of it.
func TestImportBundled_StoppedFirstStartLeavesNothing(t *testing.T) {
	st, err := stores.Open(filepath.Join(t.TempDir(), "flashback.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	bundled, _, err := corpus.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if len(bundled) <= corpus.BatchSize {
		t.Fatalf("the bundled corpus has %d events, not more than a batch: this test shows nothing", len(bundled))
	}
	events := &interruptedImport{EventStore: st.Events}
	logger := slog.New(slog.DiscardHandler)
	count := func() int {
		t.Helper()
		_, total, err := st.Events.FindEvents(t.Context(), flashback.EventFilter{IncludeDrafts: true, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}

	if err := importBundledIfEmpty(t.Context(), events, logger); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped import: %v, want context.Canceled", err)
	}
	if n := count(); n != 0 {
		t.Fatalf("a stopped first import left %d events, want none", n)
	}
	if err := importBundledIfEmpty(t.Context(), events, logger); err != nil {
		t.Fatal(err)
	}
	first := count()
	if first == 0 {
		t.Fatal("the next start imported nothing")
	}
	// What the corpus holds, as a full import counts it: the bundled
	// events less those the store skips.
	again, err := st.Events.ImportEvents(t.Context(), bundled)
	if err != nil {
		t.Fatal(err)
	}
	if again.Added != 0 || again.Unchanged+len(again.Skipped) != len(bundled) {
		t.Errorf("after the next start, a full import still finds %+v of %d events; want all there", again, len(bundled))
	}
}
