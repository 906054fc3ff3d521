package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"flashback"
	"flashback/corpus"
	"flashback/stores"
)

// openStores opens (and migrates) the database the configuration names,
// whatever its backend, first creating the data directory when the
// database is its file. A command given a database URL leaves no empty
// data directory behind; serve makes the directory for what else it keeps.
func openStores(cfg Config, now flashback.Clock) (*flashback.Stores, error) {
	if cfg.DatabaseURL == "" {
		if err := ensureDataDir(cfg.DataDir); err != nil {
			return nil, err
		}
	}
	return stores.Open(cfg.DSN(), now)
}

// importBundledIfEmpty loads the bundled corpus into a database that has no
// events yet, so that a first start serves real history with no set-up.
// Later starts find events and skip it: re-importing over editors'
// corrections would undo them.
func importBundledIfEmpty(ctx context.Context, events flashback.EventStore, logger *slog.Logger) error {
	_, total, err := events.FindEvents(ctx, flashback.EventFilter{IncludeDrafts: true, Limit: 1})
	if err != nil {
		return fmt.Errorf("count events: %w", err)
	}
	if total > 0 {
		return nil
	}
	start := time.Now()
	bundled, skips, err := corpus.Bundled()
	if err != nil {
		return fmt.Errorf("read bundled corpus: %w", err)
	}
	// One transaction, not corpus.Import's batches: a first start stopped
	// midway must leave no events, so that the next start, finding none,
	// imports the whole corpus; after a batch or two it would find some
	// and serve a partial corpus for good.
	stats, err := events.ImportEvents(ctx, bundled)
	if err != nil {
		return fmt.Errorf("import bundled corpus: %w", err)
	}
	logger.Info("imported bundled corpus", "added", stats.Added, "skipped", len(skips)+len(stats.Skipped),
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

// printStats writes an import's counts and the first reasons for skips.
func printStats(w io.Writer, stats flashback.ImportStats, parseSkips []flashback.Skip, verbose bool) {
	skips := append(append([]flashback.Skip(nil), parseSkips...), stats.Skipped...)
	fmt.Fprintf(w, "added %d, updated %d, unchanged %d, skipped %d\n", stats.Added, stats.Updated, stats.Unchanged, len(skips))
	limit := 20
	if verbose {
		limit = len(skips)
	}
	for i, s := range skips {
		if i == limit {
			fmt.Fprintf(w, "  … and %d more skipped (use -v to list all)\n", len(skips)-limit)
			break
		}
		fmt.Fprintf(w, "  skipped %s: %s\n", s.Ref, strings.TrimSpace(s.Reason))
	}
}
