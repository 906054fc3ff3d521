// Package api serves the JSON API under /api/v1: the edition of a date by
// type, in Flashback's own shape and in the shape of Wikipedia's "on this
// day" feed, events with their sources and corrections, categories and
// the corrections log, described by the OpenAPI document at
// /api/openapi.json.
//
// Every answer carries an ETag (a matching If-None-Match gets 304), a
// Cache-Control and CORS headers for GET; clients are limited per address
// (429 with Retry-After); errors are application/problem+json (RFC 9457).
package api

import (
	"context"
	"golang.org/x/sync/singleflight"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"flashback"
	"flashback/edition"
	fhttp "flashback/http"
	"flashback/http/cache"
	"flashback/site"
)

// RevisionReader gives an event's revisions, newest first: the part of
// flashback.EditStore the API reads.
type RevisionReader interface {
	Revisions(ctx context.Context, eventID int64) ([]*flashback.Revision, error)
}

// Handler serves the API.
type Handler struct {
	Events flashback.EventStore
	// Editions gives the edition of a date; when nil, one is built from
	// Events alone (every featured story chosen automatically). The
	// handler keeps the editions it reads beside its answers.
	Editions    flashback.EditionReader
	Corrections flashback.CorrectionFinder // required
	// Revisions, when set, gives each event its last revision.
	Revisions RevisionReader
	URLs      site.URLs
	Now       flashback.Clock
	// Location is the site's time zone: a date's edition is that of the
	// year it is there now.
	Location *time.Location
	// Limit, when set, counts every request per client address (see
	// DefaultRate).
	Limit  *flashback.Limiter
	Logger *slog.Logger
	// RecheckEvery is how often, at most, the store's content version is
	// asked for to decide whether kept answers are stale (default 1s).
	RecheckEvery time.Duration

	answers  *cache.Cache // see cached
	building singleflight.Group
	editions *edition.Cache // Editions, kept while the answers are
	document *cache.Entry   // the OpenAPI document, ready to send
}

// DefaultRate lets a client fetch a burst of 300 answers (a widget
// loading a year of days, a crawler starting), then five a second.
func DefaultRate() flashback.Rate {
	return flashback.Rate{Burst: 300, Every: 200 * time.Millisecond}
}

// LimitChunk is how many of a client's tokens an instance takes from the
// shared limit store at once (flashback.Limiter.Chunk): one store write
// per chunk of answers rather than per answer. Within a window, a client
// may then get, or be refused, up to Limiter.MostHeld answers per
// instance more than the rate says: 40 beside a burst of 300. With 16,
// the store's reservations still took a tenth of the process's CPU under
// bench/today.sh's ten thousand clients.
const LimitChunk = 32

// Register adds the API's routes to mux. Call it once, before serving.
func (h *Handler) Register(mux *http.ServeMux) {
	h.init()
	mux.HandleFunc("GET "+site.OpenAPI, h.Guard(h.openAPI))
	mux.HandleFunc("GET "+site.APIPrefix+"/onthisday/{type}/{month}/{day}", h.Guard(h.cachedPages(h.onThisDay)))
	mux.HandleFunc("GET "+site.APIPrefix+"/feed/onthisday/{type}/{month}/{day}", h.Guard(h.cached(h.wikimediaFeed)))
	mux.HandleFunc("GET "+site.APIPrefix+"/events/{id}", h.Guard(h.cached(h.event)))
	mux.HandleFunc("GET "+site.APIPrefix+"/categories", h.Guard(h.cached(h.categories)))
	mux.HandleFunc("GET "+site.APIPrefix+"/corrections", h.Guard(h.cachedPages(h.corrections)))
	// Anything else under /api/ is a problem document, not the HTML 404
	// page, and every path answers a CORS preflight.
	mux.HandleFunc("GET /api/", h.Guard(h.notFound))
	mux.HandleFunc("OPTIONS /api/", fhttp.Preflight)
	// The other methods one by one: "/api/" alone would clash with the
	// site's "GET /", neither being more specific than the other.
	other := h.Guard(func(w http.ResponseWriter, r *http.Request) { h.otherMethod(mux, w, r) })
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodTrace} {
		mux.HandleFunc(m+" /api/", other)
	}
}

// otherMethod answers, as a problem document, a request whose method no
// route of its path takes: 405 with an Allow header on a real route, 404
// elsewhere.
func (h *Handler) otherMethod(mux *http.ServeMux, w http.ResponseWriter, r *http.Request) {
	allowed := fhttp.AllowedMethods(mux, r, "GET /api/", "POST /api/", "PUT /api/", "PATCH /api/", "DELETE /api/", "/", "GET /")
	if len(allowed) == 0 {
		h.notFound(w, r)
		return
	}
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	h.Problem(w, r, fhttp.MethodNotAllowed())
}

func (h *Handler) init() {
	if h.Corrections == nil {
		panic("api: Handler.Corrections is required")
	}
	if h.Editions == nil {
		h.Editions = &edition.Service{Events: h.Events}
	}
	if h.Now == nil {
		h.Now = flashback.SystemClock
	}
	if h.Location == nil {
		h.Location = time.UTC
	}
	if h.Logger == nil {
		h.Logger = slog.New(slog.DiscardHandler)
	}
	if h.RecheckEvery <= 0 {
		h.RecheckEvery = time.Second
	}
	h.answers = cache.New(answerEntries, answerBytes, h.RecheckEvery, h.Events.ContentVersion, h.Logger)
	// A day's edition takes milliseconds to build and serves every type
	// and shape of that day's answers. It is kept under the version the
	// answer cache last read, so both layers empty together.
	h.editions = &edition.Cache{Reader: h.Editions, Version: h.answers.Version}
	h.document = cache.NewEntry(openAPIDocument, jsonType, time.Now(),
		cache.Policy{CacheControl: []string{cacheDocument}, Vary: varyEncoding})
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.Problem(w, r, flashback.Errorf(flashback.ENOTFOUND, "There is nothing at this address of the API; /api/openapi.json lists what there is."))
}

// Abs is the absolute URL of a site path: every link an API answer holds
// is one, so a client needs no base to follow it. Routes of other packages
// under /api/v1 (search) make theirs with it too.
func (h *Handler) Abs(path string) string { return h.URLs.Abs(path) }

// today is the site's current date, whose year every edition is told in.
func (h *Handler) today() flashback.CivilDate {
	return flashback.CivilDateOf(h.Now(), h.Location)
}
