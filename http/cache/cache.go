// Package cache keeps answers built from stored content (rendered pages,
// API documents) in memory, ready to send: each in every content coding
// worth having, compressed once when it is kept, with its validators and
// headers built once, so that a hit allocates nothing and costs no
// database query. Everything kept is dropped when the store's content
// version moves.
package cache

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"
)

// Cache keeps answers in memory, least recently used out first.
// Everything cached is dropped when the store's content version changes;
// the version is asked for at most once per recheck interval, by whichever
// request comes first, so a hit costs no database query.
//
// A hit takes only the read lock and stamps its entry with an atomic use
// counter: requests on different threads never wait for one another, so a
// thread the operating system pauses in the middle of a lookup (on a busy
// machine it does, for milliseconds) holds up no other request. Eviction,
// on a miss's Put, looks for the oldest stamp instead of keeping a list in
// order, which every hit would have had to lock to reorder.
type Cache struct {
	max      int // entries
	maxBytes int // total size of the cached bodies
	every    time.Duration
	version  func(context.Context) (int64, error)
	logger   *slog.Logger

	mu    sync.RWMutex
	items map[string]*Entry
	bytes int // total size of the cached bodies
	// ver is the content version the entries were rendered from; written
	// under mu, read without it by recheck, which takes mu only when the
	// version moved.
	ver atomic.Int64

	uses         atomic.Uint64 // stamps entries in the order they were last used
	hits, misses atomic.Uint64 // of Get, for metrics

	checkedAt atomic.Int64 // monotonic nanoseconds since start, of the last check
	checking  atomic.Bool
	start     time.Time

	flights singleflight.Group // Fill's builds under way
}

// New returns a cache of at most max answers and maxBytes of bodies, which
// asks version for the content version at most once per every.
func New(max, maxBytes int, every time.Duration, version func(context.Context) (int64, error), logger *slog.Logger) *Cache {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c := &Cache{max: max, maxBytes: maxBytes, every: every, version: version, logger: logger,
		items: map[string]*Entry{}, start: time.Now()}
	c.checkedAt.Store(-int64(every))
	return c
}

// Get returns the answer kept under key, or nil.
func (c *Cache) Get(ctx context.Context, key []byte) *Entry {
	c.recheck(ctx)
	c.mu.RLock()
	e := c.items[string(key)] // no allocation: the compiler sees the conversion is only for the lookup
	c.mu.RUnlock()
	if e == nil {
		c.misses.Add(1)
		return nil
	}
	c.hits.Add(1)
	if e.used.Load() != c.uses.Load() {
		// Not the most recently used already: stamp it so. The usual
		// hit, on the one page everybody asks for, writes nothing.
		e.used.Store(c.uses.Add(1))
	}
	return e
}

// BuildTimeout bounds a build that others may wait for: it no longer ends
// when the request that started it leaves, and those waiting cannot leave
// it, so a store that stopped answering would otherwise hold them all. A
// server's write timeout is as long: past it, no answer reaches a client.
const BuildTimeout = time.Minute

// Fill returns the answer kept under key or, when there is none, the one
// build makes, which it keeps. Misses of one key at once share one build:
// after an editor's change empties the cache, the page everybody asks for
// is built once rather than once per request waiting for it, which on a
// large site (a date page of thousands of events, a calendar of a million)
// would take every core for seconds. The build runs in the goroutine of
// the request that started it, so that a panic reaches that request's
// recovery, and to its end even when that request leaves, since others
// may be waiting, up to BuildTimeout. A build started for an older
// content version is not shared with requests that come after the version
// moved.
func (c *Cache) Fill(ctx context.Context, key string, build func(context.Context) (*Entry, error)) (*Entry, error) {
	if e := c.Get(ctx, []byte(key)); e != nil {
		return e, nil
	}
	ver := c.Version()
	v, err, _ := c.flights.Do(strconv.FormatInt(ver, 10)+" "+key, func() (any, error) {
		// A build that ended just before this one began has kept its
		// answer: take it rather than build again.
		c.mu.RLock()
		e := c.items[key]
		c.mu.RUnlock()
		if e != nil && ver == c.Version() {
			return e, nil
		}
		bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), BuildTimeout)
		defer cancel()
		e, err := build(bctx)
		if err != nil {
			return nil, err
		}
		c.Put(key, e, ver)
		return e, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*Entry), nil
}

// Version is the content version an answer about to be built belongs to:
// Put keeps it only if the content has not moved on meanwhile.
func (c *Cache) Version() int64 {
	return c.ver.Load()
}

// Put keeps e under key unless the content changed (from version ver)
// while it was being built.
func (c *Cache) Put(key string, e *Entry, ver int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ver != c.ver.Load() {
		return
	}
	e.key = key
	e.used.Store(c.uses.Add(1))
	if old, ok := c.items[key]; ok {
		c.bytes -= old.size
	}
	c.items[key] = e
	c.bytes += e.size
	// Bounded by count and by bytes, so a crawler walking every page
	// cannot grow the process past its memory budget.
	for len(c.items) > 1 && (len(c.items) > c.max || c.bytes > c.maxBytes) {
		c.evictOldest()
	}
}

// evictOldest drops the least recently used entry. It looks at every
// entry, a few thousand at most: a miss that pays for it has just built a
// page, which costs far more, while a hit pays nothing to keep an order.
func (c *Cache) evictOldest() {
	var oldest *Entry
	for _, e := range c.items {
		if oldest == nil || e.used.Load() < oldest.used.Load() {
			oldest = e
		}
	}
	delete(c.items, oldest.key)
	c.bytes -= oldest.size
}

// Len reports the number of answers kept.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.items)
}

// versionTimeout bounds a content version check, which no request waits
// for but which holds off the next one.
const versionTimeout = 5 * time.Second

// recheck asks the store for its content version if the last answer is
// older than the interval, and empties the cache when it moved. A failed
// check keeps what is cached: stale pages beat no pages.
func (c *Cache) recheck(ctx context.Context) {
	now := int64(time.Since(c.start))
	if now-c.checkedAt.Load() < int64(c.every) || !c.checking.CompareAndSwap(false, true) {
		return
	}
	defer c.checking.Store(false)
	// The check serves every request after this one: a client that hangs
	// up meanwhile must not fail it (and log an error for it).
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), versionTimeout)
	defer cancel()
	v, err := c.version(ctx)
	c.checkedAt.Store(now)
	if err != nil {
		c.logger.Error("cache: read content version", "err", err)
		return
	}
	if v == c.ver.Load() {
		return // the usual answer: no lock taken, so no hit waits
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ver.Store(v)
	clear(c.items)
	c.bytes = 0
}

// Stats reports how many lookups found an answer (hits) and how many did
// not (misses) since New.
func (c *Cache) Stats() (hits, misses uint64) {
	return c.hits.Load(), c.misses.Load()
}
