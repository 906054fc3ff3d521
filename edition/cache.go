package edition

import (
	"context"
	"sync"

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
}

var _ flashback.EditionReader = (*Cache)(nil)

// maxCached bounds the cache: a year of days, and the days of the next
// when the year turns, before it starts again.
const maxCached = 800

// Edition returns the edition of date, from memory when the content
// version has not moved since it was built. An edition built after the
// version was read is at least as new as that version, so it may be kept
// under it.
func (c *Cache) Edition(ctx context.Context, date flashback.CivilDate) (*flashback.Edition, error) {
	v := c.Version()
	c.mu.Lock()
	if c.eds == nil || v != c.version {
		c.eds = map[flashback.CivilDate]*flashback.Edition{}
		c.version = v
	}
	ed := c.eds[date]
	c.mu.Unlock()
	if ed != nil {
		return ed, nil
	}
	ed, err := c.Reader.Edition(ctx, date)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	// The version moved while this was built: serve it to this request,
	// which asked before the move, but do not keep it.
	if c.version == v {
		if len(c.eds) >= maxCached {
			clear(c.eds)
		}
		c.eds[date] = ed
	}
	return ed, nil
}
