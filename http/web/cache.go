package web

import (
	"container/list"
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	fhttp "flashback/http"
	"flashback/http/compress"
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
		c.bytes -= el.Value.(*entry).size
		el.Value = e
		c.ll.MoveToFront(el)
	} else {
		c.items[key] = c.ll.PushFront(e)
	}
	c.bytes += e.size
	// Bounded by count and by bytes, so a crawler walking every page
	// cannot grow the process past its memory budget.
	for c.ll.Len() > 1 && (c.ll.Len() > c.max || c.bytes > c.maxBytes) {
		old := c.ll.Back()
		c.ll.Remove(old)
		c.bytes -= old.Value.(*entry).size
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

// sharing says who may keep a copy of a page.
type sharing uint8

const (
	// private pages depend on the reader (their zone, a cookie): only
	// their browser may keep them, and must ask again each time (cheaply,
	// with a 304).
	private sharing = iota
	// shared pages are the same for every reader, so proxies and CDNs may
	// keep them too, for a few minutes: a correction reaches everyone
	// within that time, and revalidation after it costs a 304.
	shared
)

// Header values by sharing, built once: serving a hit allocates nothing.
var (
	cacheControl = [...][]string{
		private: {"private, no-cache"},
		// Shared caches may keep these pages but must ask again each
		// time (a 304 is cheap): an editor's correction then reaches every
		// reader at once, not after a cache lifetime.
		shared: {"public, no-cache"},
	}
	vary = [...][]string{
		private: {"Cookie, Accept-Encoding"},
		shared:  {"Accept-Encoding"},
	}
	contentEncoding = [compress.NumCodings][]string{
		compress.Gzip:   {"gzip"},
		compress.Brotli: {"br"},
	}
	htmlType = []string{"text/html; charset=utf-8"}
)

// entry is one rendered page with its validators, in each content coding
// it was worth compressing into. The header values are built once so that
// serving a hit allocates nothing for them.
type entry struct {
	key      string
	modified time.Time
	size     int // of every variant's body, for the cache's byte budget
	have     compress.Set
	variants [compress.NumCodings]variant
}

// variant is the page in one content coding. Each has its own ETag: the
// bytes differ, and a cache must not answer a gzip request with a 304 that
// validates the Brotli copy it holds.
type variant struct {
	body []byte
	etag string
	hdr  []header
}

type header struct {
	name  string // canonical form
	value []string
}

// newEntry prepares an HTML page for serving.
func newEntry(body []byte, now time.Time, sh sharing) *entry {
	return newTypedEntry(body, htmlType, now, sh)
}

// newTypedEntry prepares body, of the given media type, for serving.
// Bodies large enough to gain are compressed here, once, rather than on
// every request.
func newTypedEntry(body []byte, ctype []string, now time.Time, sh sharing) *entry {
	tag := strings.Trim(fhttp.ETag(body), `"`)
	mod := now.UTC().Truncate(time.Second)
	e := &entry{modified: mod}
	common := []header{
		{"Content-Type", ctype},
		{"Last-Modified", []string{mod.Format(http.TimeFormat)}},
		{"Cache-Control", cacheControl[sh]},
		{"Vary", vary[sh]},
	}
	e.add(compress.Identity, body, `"`+tag+`"`, common)
	if !compress.Worthwhile(len(body)) {
		return e
	}
	for _, c := range []compress.Coding{compress.Gzip, compress.Brotli} {
		// Encoding into memory cannot fail short of a bug in the encoder;
		// the page is then served without that coding.
		enc, err := compress.Encode(body, c)
		if err == nil && len(enc) < len(body) {
			e.add(c, enc, `"`+tag+"-"+c.Token()+`"`, common)
		}
	}
	return e
}

func (e *entry) add(c compress.Coding, body []byte, etag string, common []header) {
	hdr := append(common[:len(common):len(common)],
		header{"Content-Length", []string{strconv.Itoa(len(body))}},
		header{"Etag", []string{etag}})
	if c != compress.Identity {
		hdr = append(hdr, header{"Content-Encoding", contentEncoding[c]})
		e.have = e.have.With(c)
	}
	e.variants[c] = variant{body: body, etag: etag, hdr: hdr}
	e.size += len(body)
}

// serve writes the entry in the coding the client prefers, or 304 Not
// Modified when the client's copy is current. If-None-Match wins over
// If-Modified-Since (RFC 9110, 13.2.2).
func (e *entry) serve(w http.ResponseWriter, r *http.Request) {
	v := &e.variants[compress.Choose(first(r.Header["Accept-Encoding"]), e.have)]
	h := w.Header()
	for _, kv := range v.hdr {
		h[kv.name] = kv.value
	}
	if _, ok := h["Set-Cookie"]; ok {
		// The handler set a cookie for this reader (a zone they chose):
		// no shared cache may hand this response to anyone else.
		h["Cache-Control"] = cacheControl[private]
	}
	if e.notModified(r, v.etag) {
		delete(h, "Content-Type")
		delete(h, "Content-Length")
		delete(h, "Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(v.body)
	}
}

func (e *entry) notModified(r *http.Request, etag string) bool {
	if inm := first(r.Header["If-None-Match"]); inm != "" {
		return fhttp.ETagMatch(inm, etag)
	}
	if ims := first(r.Header["If-Modified-Since"]); ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !e.modified.After(t)
	}
	return false
}

// first is the first value of a request header looked up by its canonical
// name, as Header.Get gives it, without canonicalising the name again on
// every cached hit.
func first(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}
