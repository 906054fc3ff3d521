// Package web serves the readers' pages: today, any date, articles,
// categories and the small informational pages.
package web

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"flashback"
	"flashback/edition"
	fhttp "flashback/http"
	"flashback/http/cache"
	"flashback/http/render"
)

//go:embed templates/*.html
var templates embed.FS

// Templates returns the readers' page templates, for render.New.
func Templates() fs.FS {
	return render.Sub(templates, "templates")
}

// Handler serves the readers' pages.
type Handler struct {
	Events flashback.EventStore
	// Editions gives day pages their edition; when nil, one is built from
	// Events alone (every featured story chosen automatically).
	Editions flashback.EditionReader
	Now      flashback.Clock
	// Location is the site's default time zone (FLASHBACK_TIMEZONE); a
	// reader's ?tz= parameter or tz cookie overrides it.
	Location *time.Location
	// BaseURL is the public address of the site, e.g. "https://example.org",
	// used for canonical and OpenGraph links. When it is https, the zone
	// cookie is Secure (decided once, at Register).
	BaseURL string
	Render  *render.Renderer // must include Templates()
	Errors  *fhttp.Responder
	Logger  *slog.Logger
	// ContactEmail, if set, is shown on the privacy page.
	ContactEmail string
	// Corrections, when set, gives each article its public corrections log.
	Corrections flashback.CorrectionFinder
	// Provenance, when set, tells each article's readers whether its
	// sources agree and when an editor last checked it.
	Provenance ProvenanceReader
	// SameEvents, when set, finds other sources' records of an article's
	// event, so that its sources line counts them.
	SameEvents flashback.SameEventFinder
	// Licences are shown on /licences, where sources of licensed data link.
	Licences []Licence

	// CacheEntries and CacheBytes bound the rendered-page cache (default
	// 2048 pages and 8 MiB).
	CacheEntries int
	CacheBytes   int
	// RecheckEvery is how often, at most, the store's content version is
	// asked for to decide whether cached pages are stale (default 1s).
	RecheckEvery time.Duration

	cache *cache.Cache
	// editions keeps the editions the pages are built from, emptied with
	// the page cache (its Version): the pages of one day in many zones,
	// and its categories' pages, share one.
	editions *edition.Cache
	index    indexCache
	secure   bool // cookies are Secure: BaseURL is https
	// sitemaps holds the site map's files, see sitemapCache.
	sitemaps sitemapCache
	// robotsTxt is /robots.txt, built at Register.
	robotsTxt *cache.Entry
	zones     *flashback.ZoneCache
}

// init prepares what Register's routes share. It is called once, from
// Register, before any request can arrive.
func (h *Handler) init() {
	if h.Now == nil {
		h.Now = flashback.SystemClock
	}
	if h.Editions == nil {
		h.Editions = &edition.Service{Events: h.Events}
	}
	if h.Location == nil {
		h.Location = time.UTC
	}
	if h.Logger == nil {
		h.Logger = slog.New(slog.DiscardHandler)
	}
	if h.CacheEntries <= 0 {
		h.CacheEntries = 2048
	}
	if h.RecheckEvery <= 0 {
		h.RecheckEvery = time.Second
	}
	if h.CacheBytes <= 0 {
		h.CacheBytes = 8 << 20
	}
	h.cache = cache.New(h.CacheEntries, h.CacheBytes, h.RecheckEvery, h.Events.ContentVersion, h.Logger)
	h.editions = &edition.Cache{Reader: h.Editions, Version: h.cache.Version}
	h.zones = &flashback.ZoneCache{}
	h.secure = fhttp.IsHTTPS(h.BaseURL)
	h.robotsTxt = h.robotsEntry()
}

// CacheStats reports how many page requests the rendered-page cache has
// answered (hits) and how many it sent to be rendered (misses) since
// Register. It is cheap enough to call at every metrics scrape.
func (h *Handler) CacheStats() (hits, misses uint64) {
	if h.cache == nil {
		return 0, 0
	}
	return h.cache.Stats()
}

// Who may keep a copy of a page, and the page's type: header values built
// once, so that serving a cached page allocates nothing for them.
var (
	// private pages depend on the reader (their zone, a cookie): only
	// their browser may keep them, and must ask again each time (cheaply,
	// with a 304).
	private = cache.Policy{CacheControl: []string{"private, no-cache"}, Vary: []string{"Cookie, Accept-Encoding"}}
	// shared pages are the same for every reader, so proxies and CDNs may
	// keep them too but must ask again each time (a 304 is cheap): an
	// editor's correction then reaches every reader at once, not after a
	// cache lifetime.
	shared   = cache.Policy{CacheControl: []string{"public, no-cache"}, Vary: []string{"Accept-Encoding"}}
	htmlType = []string{"text/html; charset=utf-8"}
)

// pageFor builds the layout data shared by every page. nav names the
// current item of the site navigation.
func (h *Handler) pageFor(rc *readerContext, path, title, desc, nav string, data any) *render.Page {
	return &render.Page{
		Title:       title,
		Description: desc,
		Canonical:   h.BaseURL + path,
		Nav:         nav,
		Zone:        rc.zoneName,
		Data:        data,
	}
}

// serveCached answers from the page cache, rendering with build on a miss.
// key must hold everything the page depends on besides stored content; sh
// says whether that includes the reader.
func (h *Handler) serveCached(w http.ResponseWriter, r *http.Request, key []byte, sh cache.Policy, build func(ctx context.Context) (*render.Page, string, error)) {
	e, err := h.cache.Fill(r.Context(), string(key), func(ctx context.Context) (*cache.Entry, error) {
		p, name, err := build(ctx)
		if err != nil {
			return nil, err
		}
		body, err := h.Render.Bytes(name, p)
		if err != nil {
			return nil, err
		}
		return cache.NewEntry(body, htmlType, time.Now(), sh), nil
	})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	e.Serve(w, r)
}

// fromCache serves the cached page for key, if there is one.
func (h *Handler) fromCache(w http.ResponseWriter, r *http.Request, key []byte) bool {
	e := h.cache.Get(r.Context(), key)
	if e == nil {
		return false
	}
	e.Serve(w, r)
	return true
}

// renderAndCache renders a page built from content version v, keeps it
// and serves it.
func (h *Handler) renderAndCache(w http.ResponseWriter, r *http.Request, key []byte, v int64, name string, p *render.Page, sh cache.Policy) {
	body, err := h.Render.Bytes(name, p)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.cacheAndServe(w, r, key, v, cache.NewEntry(body, htmlType, time.Now(), sh))
}

// cacheAndServe keeps e, built from content version v, and serves it.
func (h *Handler) cacheAndServe(w http.ResponseWriter, r *http.Request, key []byte, v int64, e *cache.Entry) {
	h.cache.Put(string(key), e, v)
	e.Serve(w, r)
}
