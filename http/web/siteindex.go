package web

import (
	"context"
	"flashback/site"
	"slices"
	"sync"

	"flashback"
)

// siteIndex is every published event's stamp, and the years that have
// events: what the site map lists and what a year page without events
// points to instead. It is read again only when the content version moves.
type siteIndex struct {
	ver    int64
	stamps []flashback.EventStamp
	years  []int // ascending, each once
}

// indexCache holds the latest siteIndex. Readers of the old one while it
// is replaced keep a consistent copy: an index is never changed once built.
type indexCache struct {
	mu  sync.Mutex
	cur *siteIndex
}

// siteIndex returns the index of the current content, building it if the
// content changed since the last one.
func (h *Handler) siteIndex(ctx context.Context) (*siteIndex, error) {
	ver, err := h.Events.ContentVersion(ctx)
	if err != nil {
		return nil, err
	}
	h.index.mu.Lock()
	defer h.index.mu.Unlock()
	if h.index.cur != nil && h.index.cur.ver == ver {
		return h.index.cur, nil
	}
	stamps, err := h.eventStamps(ctx)
	if err != nil {
		return nil, err
	}
	ix := &siteIndex{ver: ver, stamps: stamps}
	for _, st := range stamps {
		if st.Date.HasYear() {
			ix.years = append(ix.years, st.Date.Year)
		}
	}
	slices.Sort(ix.years)
	ix.years = slices.Compact(ix.years)
	h.index.cur = ix
	return ix, nil
}

// eventStamps asks the store's event index, or, for a store without one,
// derives the stamps from a full read.
func (h *Handler) eventStamps(ctx context.Context) ([]flashback.EventStamp, error) {
	if ix, ok := h.Events.(flashback.EventIndexer); ok {
		return ix.EventIndex(ctx)
	}
	events, _, err := h.Events.FindEvents(ctx, flashback.EventFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]flashback.EventStamp, len(events))
	for i, e := range events {
		out[i] = flashback.EventStamp{ID: e.ID, Slug: site.EventSlug(e), Date: e.Date, Category: e.Category, UpdatedAt: e.UpdatedAt}
	}
	return out, nil
}

// nearestYears returns the closest years before and after y that have
// events; ok is false for a side that has none.
func (ix *siteIndex) nearestYears(y int) (before int, hasBefore bool, after int, hasAfter bool) {
	i, found := slices.BinarySearch(ix.years, y)
	if i > 0 {
		before, hasBefore = ix.years[i-1], true
	}
	if found {
		i++
	}
	if i < len(ix.years) {
		after, hasAfter = ix.years[i], true
	}
	return before, hasBefore, after, hasAfter
}
