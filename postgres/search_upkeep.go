package postgres

import (
	"context"
	"fmt"
	"time"

	"flashback"
)

// searchIndexes are the events table's full-text (GIN) indexes. With GIN's
// fast update, on by default, new entries wait in an index's pending list,
// which every search reads in full, until autovacuum reaches the table or
// the list outgrows gin_pending_list_limit (4 MB unless set). An import
// leaves up to that much there.
var searchIndexes = []string{"events_search", "events_headline_search"}

var _ flashback.SearchIndexTidier = (*EventStore)(nil)

// TidySearchIndexes moves the entries waiting in each search index's
// pending list into the index proper (see flashback.SearchIndexTidier);
// zero when none waited. Writers keep adding to the list meanwhile.
func (s *EventStore) TidySearchIndexes(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	var pages int64
	for _, index := range searchIndexes {
		var n int64
		if err := s.db.pool.QueryRow(ctx, `SELECT gin_clean_pending_list($1::regclass)`, index).Scan(&n); err != nil {
			return 0, fmt.Errorf("move the pending entries of %s into it: %w", index, err)
		}
		pages += n
	}
	if pages == 0 {
		return 0, nil
	}
	return time.Since(start), nil
}
