// Package feed publishes the daily edition to feed readers, as RSS 2.0 and
// Atom (one item a day, the featured story and the day's list), and the
// anniversaries to calendar apps, as iCalendar files of yearly recurring
// all-day events; each for the whole site and for every category.
package feed

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"flashback"
	"flashback/edition"
	fhttp "flashback/http"
	"flashback/http/cache"
	"flashback/site"
)

// EditionsReader gives the editions of a run of days.
type EditionsReader interface {
	Editions(ctx context.Context, from flashback.CivilDate, n int) ([]*flashback.Edition, error)
}

// Handler serves the feeds.
type Handler struct {
	Events flashback.EventStore
	// Editions gives the daily items; when nil, they are built from Events
	// alone (every featured story chosen automatically).
	Editions EditionsReader
	URLs     site.URLs
	Now      flashback.Clock
	// Location is the site's time zone, whose today is a feed's last day.
	Location *time.Location
	// Days is how many days a daily feed holds, today included (default 14).
	Days   int
	Errors *fhttp.Responder
	Logger *slog.Logger
	// RecheckEvery is how often, at most, the store's content version is
	// asked for; an editor's change reaches the feeds within it (default
	// one second).
	RecheckEvery time.Duration

	host  string
	feeds *cache.Cache
}

// Feeds may be polled often and take a few dozen queries to build, so they
// are built once per content version and day, compressed then, and clients
// may keep them a quarter of an hour. Only real categories are built (a
// path of another is a 404), so the cache holds at most three feeds for
// each and three for the site, for today and, until evicted, days past.
var policy = cache.Policy{
	CacheControl: []string{"public, max-age=900"},
	Vary:         []string{"Accept-Encoding"},
}

// Public data: a script on any site may read a feed (a widget, a web feed
// reader), as it may the API.
var anyOrigin = cache.Header{Name: "Access-Control-Allow-Origin", Value: []string{"*"}}

// The cache's bounds: a calendar of a large site runs to megabytes, and
// each is kept in every coding worth having.
const (
	feedEntries = 512
	feedBytes   = 64 << 20
)

// Register adds the feeds' routes to mux. Call it once, before serving.
func (h *Handler) Register(mux *http.ServeMux) {
	h.init()
	for _, f := range []struct {
		format string
		serve  func(http.ResponseWriter, *http.Request)
	}{{site.RSS, h.rss}, {site.Atom, h.atom}, {site.Calendar, h.calendar}} {
		mux.HandleFunc("GET "+site.Feed("", f.format), f.serve)
		mux.HandleFunc("GET /category/{slug}/"+f.format, f.serve)
		// A page's script that revalidates a feed (If-None-Match) is
		// asked about first.
		mux.HandleFunc("OPTIONS "+site.Feed("", f.format), fhttp.Preflight)
		mux.HandleFunc("OPTIONS /category/{slug}/"+f.format, fhttp.Preflight)
	}
	// The addresses readers and feed readers guess first, from other
	// sites, lead to the RSS feed rather than to a 404.
	for _, guess := range []string{"/feed", "/rss"} {
		mux.Handle("GET "+guess, http.RedirectHandler(site.Feed("", site.RSS), http.StatusMovedPermanently))
	}
}

func (h *Handler) init() {
	if h.Editions == nil {
		h.Editions = &edition.Service{Events: h.Events}
	}
	if h.Now == nil {
		h.Now = flashback.SystemClock
	}
	if h.Location == nil {
		h.Location = time.UTC
	}
	if h.Days <= 0 {
		h.Days = 14
	}
	if h.Logger == nil {
		h.Logger = slog.New(slog.DiscardHandler)
	}
	h.host = "localhost"
	if u, err := url.Parse(h.URLs.Base()); err == nil && u.Host != "" {
		h.host = u.Hostname()
	}
	if h.RecheckEvery <= 0 {
		h.RecheckEvery = time.Second
	}
	h.feeds = cache.New(feedEntries, feedBytes, h.RecheckEvery, h.Events.ContentVersion, h.Logger)
}

// serve answers from the cache or with what build makes for the request's
// category (nil for the whole site) and the site's today.
func (h *Handler) serve(w http.ResponseWriter, r *http.Request, contentType string,
	build func(ctx context.Context, cat *flashback.Category, today flashback.CivilDate) ([]byte, error)) {
	today := flashback.CivilDateOf(h.Now(), h.Location)
	slug := r.PathValue("slug")
	e, err := h.feeds.Fill(r.Context(), today.String()+" "+r.URL.Path, func(ctx context.Context) (*cache.Entry, error) {
		var cat *flashback.Category // nil: the whole site
		if slug != "" {
			var err error
			if cat, err = h.category(ctx, slug); err != nil {
				return nil, err
			}
		}
		body, err := build(ctx, cat, today)
		if err != nil {
			return nil, err
		}
		return cache.NewEntry(body, []string{contentType}, time.Now(), policy, anyOrigin), nil
	})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	e.Serve(w, r)
}

// category finds the category of a feed's path.
func (h *Handler) category(ctx context.Context, slug string) (*flashback.Category, error) {
	cats, err := h.Events.Categories(ctx)
	if err != nil {
		return nil, err
	}
	if c, ok := flashback.FindCategory(cats, slug); ok {
		return c, nil
	}
	return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no category %.60q, and so no feed of it.", slug)
}
