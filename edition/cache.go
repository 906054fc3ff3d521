package edition

import (
	"context"
	"sync"
	"time"

	"flashback"
)

// Cache keeps editions in memory until the stored content changes, for
// readers that ask for the same days again and again (the API). Editions
// it returns are shared: callers must not change them.
type Cache struct {
	Reader flashback.EditionReader
	// Version is the store's content version (EventStore.ContentVersion),
	// asked for at most once per RecheckEvery (default 1s), so an editor's
	// change reaches readers within that time.
	Version      func(ctx context.Context) (int64, error)
	RecheckEvery time.Duration

	mu      sync.Mutex
	version int64
	checked time.Time
	eds     map[flashback.CivilDate]*flashback.Edition
}

var _ flashback.EditionReader = (*Cache)(nil)

// maxCached bounds the cache: a year of days, and the days of the next
// when the year turns, before it starts again.
const maxCached = 800

// Edition returns the edition of date, from memory when the content has
// not changed since it was built.
func (c *Cache) Edition(ctx context.Context, date flashback.CivilDate) (*flashback.Edition, error) {
	v, err := c.current(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	ed := c.eds[date]
	c.mu.Unlock()
	if ed != nil {
		return ed, nil
	}
	if ed, err = c.Reader.Edition(ctx, date); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	// Built from content that has since changed: serve it to this
	// request, which asked before the change, but do not keep it.
	if c.version == v {
		if len(c.eds) >= maxCached {
			clear(c.eds)
		}
		c.eds[date] = ed
	}
	return ed, nil
}

// current returns the content version, asking the store when the last
// answer is older than RecheckEvery and dropping every edition when it
// changed.
func (c *Cache) current(ctx context.Context) (int64, error) {
	every := c.RecheckEvery
	if every <= 0 {
		every = time.Second
	}
	c.mu.Lock()
	if c.eds != nil && time.Since(c.checked) < every {
		v := c.version
		c.mu.Unlock()
		return v, nil
	}
	c.mu.Unlock()
	v, err := c.Version(ctx)
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.eds == nil || v != c.version {
		c.eds = map[flashback.CivilDate]*flashback.Edition{}
		c.version = v
	}
	c.checked = time.Now()
	return v, nil
}
