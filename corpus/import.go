package corpus

import (
	"context"
	"fmt"

	"flashback"
)

// BatchSize is the number of events Import gives the store at a time: large
// enough that a transaction's overhead is small, small enough that progress
// shows and that a failure loses little.
const BatchSize = 500

// Import stores events through store.ImportEvents, BatchSize at a time,
// calling progress (when not nil) after each batch with the number of
// events done and the total. Each batch is its own transaction: when one
// fails, the batches before it stay stored, the returned stats count them,
// and running Import again completes the work without duplicates, since
// events are matched by ExternalKey.
func Import(ctx context.Context, store flashback.EventStore, events []*flashback.Event, progress func(done, total int)) (flashback.ImportStats, error) {
	var stats flashback.ImportStats
	for start := 0; start < len(events); start += BatchSize {
		if err := ctx.Err(); err != nil {
			return stats, err
		}
		end := min(start+BatchSize, len(events))
		st, err := store.ImportEvents(ctx, events[start:end])
		if err != nil {
			return stats, fmt.Errorf("import events %d to %d of %d: %w", start+1, end, len(events), err)
		}
		stats.Added += st.Added
		stats.Updated += st.Updated
		stats.Unchanged += st.Unchanged
		stats.Skipped = append(stats.Skipped, st.Skipped...)
		if progress != nil {
			progress(end, len(events))
		}
	}
	return stats, nil
}
