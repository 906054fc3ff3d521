package web

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"flashback"
	"flashback/http/sitemap"
	"flashback/site"
)

// siteIndex is what the site map says of the published events, and the
// years that have events (what a year page without events points to
// instead). It holds no event: a site of a million would keep a hundred
// and fifty megabytes of stamps for the few files a crawler reads a day.
// It is read again only when the content version moves.
type siteIndex struct {
	ver   int64
	years []int // ascending, each once
	// The latest change of the events each page shows: all of them for
	// the home page, a date's, a year's, a category's.
	all      time.Time
	days     map[flashback.MonthDay]time.Time
	yearMod  map[int]time.Time
	catMod   map[string]time.Time
	articles int
	// runs cut the articles, in id order, into site map parts.
	runs []articleRun
}

// articleRun is a stretch of up to sitemap.MaxURLs articles: the events
// after id after, count of them, the latest changed at lastMod.
type articleRun struct {
	after   int64
	count   int
	lastMod time.Time
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
	ix := &siteIndex{ver: ver, days: map[flashback.MonthDay]time.Time{}, yearMod: map[int]time.Time{}, catMod: map[string]time.Time{}}
	// One run at a time, so that no more than a run's stamps are held.
	for after := int64(0); ; {
		stamps, err := h.eventStamps(ctx, after, sitemap.MaxURLs)
		if err != nil {
			return nil, err
		}
		if len(stamps) == 0 {
			break
		}
		run := articleRun{after: after, count: len(stamps)}
		for _, st := range stamps {
			t := st.UpdatedAt
			run.lastMod = later(run.lastMod, t)
			if st.Date.OnDatePages() {
				ix.days[st.Date.MonthDay()] = later(ix.days[st.Date.MonthDay()], t)
			}
			if st.Date.HasYear() {
				ix.yearMod[st.Date.Year] = later(ix.yearMod[st.Date.Year], t)
			}
			ix.catMod[st.Category] = later(ix.catMod[st.Category], t)
		}
		ix.all = later(ix.all, run.lastMod)
		ix.runs = append(ix.runs, run)
		ix.articles += len(stamps)
		after = stamps[len(stamps)-1].ID
		if len(stamps) < sitemap.MaxURLs {
			break
		}
	}
	ix.years = slices.Sorted(maps.Keys(ix.yearMod))
	h.index.cur = ix
	return ix, nil
}

// eventStamps asks the store's event index, or, for a store without one,
// derives the stamps from a full read.
func (h *Handler) eventStamps(ctx context.Context, after int64, limit int) ([]flashback.EventStamp, error) {
	if ix, ok := h.Events.(flashback.EventIndexer); ok {
		return ix.EventIndex(ctx, after, limit)
	}
	events, _, err := h.Events.FindEvents(ctx, flashback.EventFilter{})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(events, func(a, b *flashback.Event) int { return cmp.Compare(a.ID, b.ID) })
	out := []flashback.EventStamp{}
	for _, e := range events {
		if e.ID > after && len(out) < limit {
			out = append(out, flashback.EventStamp{ID: e.ID, Slug: site.EventSlug(e), Date: e.Date, Category: e.Category, UpdatedAt: e.UpdatedAt})
		}
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
