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

// EventIndexer lists every published event as a stamp, cheaply enough to
// run on every content change of a site with hundreds of thousands of
// events. Stores implement it beside EventStore.
type EventIndexer interface {
	EventIndex(ctx context.Context) ([]EventStamp, error)
}
