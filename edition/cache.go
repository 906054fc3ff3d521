package edition

import (
	"context"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"flashback"
)

// Cache keeps editions in memory until the content version changes, for
// readers that ask for the same days again and again (the API). Editions
// it returns are shared: callers must not change them.
type Cache struct {
	Reader flashback.EditionReader
	// Version is the content version as the layer above last saw it; it is
	// asked on every call, so it must be cheap (an atomic load). The cache
	// does not ask the store on a clock of its own: two layers checking on
	// two clocks could hand an answer cache just emptied for an edit an
	// edition from before it, which the answer cache would then keep,
	// labelled new, until the next edit.
	Version func() int64

	mu      sync.Mutex
	version int64
	eds     map[flashback.CivilDate]*flashback.Edition
	stories int // in eds, for the bound on memory

	building singleflight.Group // editions under way, by version and date
}

var _ flashback.EditionReader = (*Cache)(nil)

// maxCached bounds the cache: a year of days, and the days of the next
// when the year turns, before it starts again. maxStories bounds it too:
// a day of a million-event site holds thousands of events, each with its
// article, and a crawler walking a year of days would otherwise have the
// cache keep the whole site (the bundled site's year holds about 2,000).
const (
	maxCached  = 800
	maxStories = 100_000
)

// buildTimeout bounds a build that others may wait for: those waiting
// cannot leave it, and a store that stopped answering would otherwise
// hold them all. No answer reaches a client after the server's write
// timeout, which is as long.
const buildTimeout = time.Minute

// Edition returns the edition of date, from memory when the content
// version has not moved since it was built. An edition built after the
// version was read is at least as new as that version, so it may be kept
// under it.
func (c *Cache) Edition(ctx context.Context, date flashback.CivilDate) (*flashback.Edition, error) {
	v := c.Version()
	c.mu.Lock()
	if c.eds == nil || v != c.version {
		c.eds = map[flashback.CivilDate]*flashback.Edition{}
		c.version, c.stories = v, 0
	}
	ed := c.eds[date]
	c.mu.Unlock()
	if ed != nil {
		return ed, nil
	}
	// Requests for one day at once share one build: on a large site it
	// takes a third of a second, and every client of the API asks for
	// today. The build keeps what it made before it ends, so a request
	// that missed just before finds it rather than building again.
	built, err, _ := c.building.Do(strconv.FormatInt(v, 10)+" "+date.String(), func() (any, error) {
		c.mu.Lock()
		ed := c.eds[date]
		if c.version != v {
			ed = nil
		}
		c.mu.Unlock()
		if ed != nil {
			return ed, nil
		}
		// Others may wait for it: it runs to its end if this request
		// leaves, up to buildTimeout.
		bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), buildTimeout)
		defer cancel()
		ed, err := c.Reader.Edition(bctx, date)
		if err != nil {
			return nil, err
		}
		c.keep(v, date, ed)
		return ed, nil
	})
	if err != nil {
		return nil, err
	}
	return built.(*flashback.Edition), nil
}

// keep keeps ed, the edition of date built from version v, unless the
// version moved while it was built: it is served to the requests that
// asked before the move, but not kept.
func (c *Cache) keep(v int64, date flashback.CivilDate, ed *flashback.Edition) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != v || c.eds[date] != nil {
		return
	}
	if len(c.eds) >= maxCached || c.stories+ed.Count > maxStories {
		clear(c.eds)
		c.stories = 0
	}
	c.eds[date] = ed
	c.stories += ed.Count
}
