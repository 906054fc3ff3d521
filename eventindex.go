package flashback

import (
	"context"
	"time"
)

// EventStamp is what a site map needs of a published event: enough to
// build its address and say when it last changed, without its article.
type EventStamp struct {
	ID        int64
	Slug      string
	Date      HistDate
	Category  string
	UpdatedAt time.Time
}

// EventIndexer lists the published events as stamps, in id order, cheaply
// enough to walk on every content change of a site with a million events.
// Stores implement it beside EventStore.
type EventIndexer interface {
	// EventIndex lists at most limit published events whose id is
	// above after: a walk starts after 0 and goes on after the last id
	// it got, holding one stretch at a time.
	EventIndex(ctx context.Context, after int64, limit int) ([]EventStamp, error)
}
