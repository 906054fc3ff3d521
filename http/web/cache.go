package web

import (
	"container/list"
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	fhttp "flashback/http"
)

// pageCache keeps rendered pages in memory, least recently used out first.
// Everything cached is dropped when the store's content version changes;
// the version is asked for at most once per recheck interval, by whichever
// request comes first, so a hit costs no database query.
type pageCache struct {
	max      int // entries
	maxBytes int // total size of the cached bodies
	every    time.Duration
	version  func(context.Context) (int64, error)
	logger   *slog.Logger

	mu    sync.Mutex
	ll    *list.List // front = most recently used; values are *entry
	items map[string]*list.Element
	bytes int   // total size of the cached bodies
	ver   int64 // content version the entries were rendered from

	hits, misses atomic.Uint64 // of get, for metrics

	checkedAt atomic.Int64 // monotonic nanoseconds since start, of the last check
	checking  atomic.Bool
	start     time.Time
}

func newPageCache(max, maxBytes int, every time.Duration, version func(context.Context) (int64, error), logger *slog.Logger) *pageCache {
	c := &pageCache{max: max, maxBytes: maxBytes, every: every, version: version, logger: logger,
		ll: list.New(), items: map[string]*list.Element{}, start: time.Now()}
	c.checkedAt.Store(-int64(every))
	return c
}

// get returns the entry for key, or nil.
func (c *pageCache) get(ctx context.Context, key []byte) *entry {
	c.recheck(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[string(key)] // no allocation: the compiler sees the conversion is only for the lookup
	if !ok {
		c.misses.Add(1)
		return nil
	}
	c.hits.Add(1)
	c.ll.MoveToFront(el)
	return el.Value.(*entry)
}

// currentVersion is the version a page about to be rendered belongs to.
func (c *pageCache) currentVersion() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ver
}

// put stores e unless the content changed while it was being rendered.
func (c *pageCache) put(key string, e *entry, ver int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ver != c.ver {
		return
	}
	e.key = key
	if el, ok := c.items[key]; ok {
		c.bytes -= len(el.Value.(*entry).body)
		el.Value = e
		c.ll.MoveToFront(el)
	} else {
		c.items[key] = c.ll.PushFront(e)
	}
	c.bytes += len(e.body)
	// Bounded by count and by bytes, so a crawler walking every page
	// cannot grow the process past its memory budget.
	for c.ll.Len() > 1 && (c.ll.Len() > c.max || c.bytes > c.maxBytes) {
		old := c.ll.Back()
		c.ll.Remove(old)
		c.bytes -= len(old.Value.(*entry).body)
		delete(c.items, old.Value.(*entry).key)
	}
}

// len reports the number of cached pages.
func (c *pageCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}

// recheck asks the store for its content version if the last answer is
// older than the interval, and empties the cache when it moved. A failed
// check keeps what is cached: stale pages beat no pages.
func (c *pageCache) recheck(ctx context.Context) {
	now := int64(time.Since(c.start))
	if now-c.checkedAt.Load() < int64(c.every) || !c.checking.CompareAndSwap(false, true) {
		return
	}
	defer c.checking.Store(false)
	v, err := c.version(ctx)
	c.checkedAt.Store(now)
	if err != nil {
		c.logger.Error("web: read content version", "err", err)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.ver {
		c.ver = v
		c.ll.Init()
		clear(c.items)
		c.bytes = 0
	}
}

// entry is one rendered page with its validators. The header values are
// built once so that serving a hit allocates nothing for them.
type entry struct {
	key      string
	body     []byte
	etag     string
	modified time.Time
	hdr      []header
}

type header struct {
	name  string // canonical form
	value []string
}

func newEntry(body []byte, now time.Time) *entry {
	etag := fhttp.ETag(body)
	mod := now.UTC().Truncate(time.Second)
	return &entry{
		body:     body,
		etag:     etag,
		modified: mod,
		hdr: []header{
			{"Content-Type", []string{"text/html; charset=utf-8"}},
			{"Content-Length", []string{strconv.Itoa(len(body))}},
			{"Etag", []string{etag}},
			{"Last-Modified", []string{mod.Format(http.TimeFormat)}},
			// Pages depend on the tz cookie, and on the date: browsers
			// may keep them but must ask again (cheaply, with a 304).
			{"Cache-Control", []string{"no-cache"}},
			{"Vary", []string{"Cookie"}},
		},
	}
}

// serve writes the entry, or 304 Not Modified when the client's copy is
// current. If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2).
func (e *entry) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for _, kv := range e.hdr {
		h[kv.name] = kv.value
	}
	if e.notModified(r) {
		delete(h, "Content-Type")
		delete(h, "Content-Length")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(e.body)
	}
}

func (e *entry) notModified(r *http.Request) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return fhttp.ETagMatch(inm, e.etag)
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !e.modified.After(t)
	}
	return false
}
