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
	"sync"
	"time"

	"flashback"
	"flashback/edition"
	fhttp "flashback/http"
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

	host  string
	mu    sync.Mutex
	cache map[string]cached
}

// cached is a built feed, good while the content and the day stay the same.
type cached struct {
	version int64
	today   flashback.CivilDate
	body    []byte
}

// Feeds may be polled often and take a few dozen queries to build, so they
// are built once per content version and day, and clients may keep them a
// quarter of an hour.
const cacheControl = "public, max-age=900"

// Register adds the feeds' routes to mux. Call it once, before serving.
func (h *Handler) Register(mux *http.ServeMux) {
	h.init()
	for _, f := range []struct {
		format string
		serve  func(http.ResponseWriter, *http.Request)
	}{{site.RSS, h.rss}, {site.Atom, h.atom}, {site.Calendar, h.calendar}} {
		mux.HandleFunc("GET "+site.Feed("", f.format), f.serve)
		mux.HandleFunc("GET /category/{slug}/"+f.format, f.serve)
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
	h.cache = map[string]cached{}
}

// serve answers from the cache or with what build makes for the request's
// category (nil for the whole site) and the site's today.
func (h *Handler) serve(w http.ResponseWriter, r *http.Request, contentType string,
	build func(ctx context.Context, cat *flashback.Category, today flashback.CivilDate) ([]byte, error)) {
	ctx := r.Context()
	v, err := h.Events.ContentVersion(ctx)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	today := flashback.CivilDateOf(h.Now(), h.Location)
	key := r.URL.Path
	h.mu.Lock()
	c, ok := h.cache[key]
	h.mu.Unlock()
	if !ok || c.version != v || c.today != today {
		var cat *flashback.Category // nil: the whole site
		if slug := r.PathValue("slug"); slug != "" {
			if cat, err = h.category(ctx, slug); err != nil {
				h.Errors.Error(w, r, err)
				return
			}
		}
		body, err := build(ctx, cat, today)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		// Only real categories reach here, so the cache holds at most
		// three feeds for each, and three for the site.
		c = cached{version: v, today: today, body: body}
		h.mu.Lock()
		h.cache[key] = c
		h.mu.Unlock()
	}
	// Public data: a script on any site may read it (a widget, a web feed
	// reader), as it may the API.
	w.Header().Set("Access-Control-Allow-Origin", "*")
	fhttp.WriteBody(w, r, contentType, cacheControl, c.body)
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
