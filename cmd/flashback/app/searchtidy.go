package app

import (
	"context"
	"fmt"
	"io"
	"time"

	"flashback"
	"flashback/cluster"
)

// tidySearch puts the search indexes back together, on a store that needs
// it (see flashback.SearchIndexTidier), and returns how long that took:
// zero when they did not need it.
func tidySearch(ctx context.Context, events flashback.EventStore) (time.Duration, error) {
	t, ok := events.(flashback.SearchIndexTidier)
	if !ok {
		return 0, nil
	}
	took, err := t.TidySearchIndexes(ctx)
	if err != nil {
		return 0, fmt.Errorf("tidy the search indexes: %w", err)
	}
	return took, nil
}

// tidySearchAfterImport tidies the search indexes at the end of an import
// command, saying so on w when it took any time.
func tidySearchAfterImport(ctx context.Context, events flashback.EventStore, w io.Writer) error {
	took, err := tidySearch(ctx, events)
	if took > 0 {
		fmt.Fprintf(w, "merged the search indexes in %s\n", took.Round(100*time.Millisecond))
	}
	return err
}

// searchTidyEvery is how often a server looks whether its search indexes
// need merging: imports it runs itself (the bundled corpus on a first
// start, the Wikipedia sync, a file uploaded on the admin's import page)
// leave them in pieces until then.
const searchTidyEvery = time.Hour

// searchTidyJob merges the search indexes when they need it, once per
// searchTidyEvery across the instances sharing the database.
func (m *Main) searchTidyJob() cluster.Job {
	return cluster.Job{Leases: m.Stores.Leases, Name: "search-tidy", Owner: m.owner, Period: searchTidyEvery, Logger: m.Logger,
		Work: func(ctx context.Context) error {
			took, err := tidySearch(ctx, m.Stores.Events)
			if took > 0 {
				m.Logger.Info("merged the search indexes", "took", took.Round(time.Millisecond))
			}
			return err
		}}
}
