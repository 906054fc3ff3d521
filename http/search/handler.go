// Package search serves Flashback's search: the /search page, which works
// without JavaScript, and /api/v1/search, the same search as JSON. Both
// read the query the same way and ask the same flashback.Searcher.
package search

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"time"

	"flashback"
	"flashback/auth"
	fhttp "flashback/http"
	"flashback/http/render"
	"flashback/site"
)

//go:embed templates/*.html
var templates embed.FS

// Templates returns the search page's templates, for render.New.
func Templates() fs.FS {
	return render.Sub(templates, "templates")
}

// DefaultRate is the searches one client may make: a burst of 60, then
// two a second, enough for a reader paging quickly and for a widget, not
// for scraping the corpus through the search.
func DefaultRate() flashback.Rate {
	return flashback.Rate{Burst: 60, Every: 500 * time.Millisecond}
}

// API is what /api/v1/search shares with the rest of the JSON API, an
// *api.Handler: Guard (CORS and the API's per-client limit), Problem
// (errors as application/problem+json) and JSON (ETag, 304 and
// Cache-Control) and Abs (the absolute URL of a site path, as every
// other link of the API is). Its own routes answer CORS preflights,
// /api/v1/search's included.
type API interface {
	Guard(next http.HandlerFunc) http.HandlerFunc
	Problem(w http.ResponseWriter, r *http.Request, err error)
	JSON(w http.ResponseWriter, r *http.Request, cacheControl string, v any)
	Abs(path string) string
}

// cacheAPI is how long a client may keep a search's answer: a minute, as
// the corpus changes when editors publish.
const cacheAPI = "public, max-age=60"

// Handler serves the search page and its JSON twin.
type Handler struct {
	Search flashback.Searcher
	// Categories lists what the category filter offers and accepts.
	Categories func(ctx context.Context) ([]*flashback.Category, error)
	// EventURL is the address of an event's article.
	EventURL func(*flashback.Event) string
	// Limit, when set, counts each client's searches (by auth.ClientKey).
	Limit *flashback.Limiter
	// API answers /api/v1/search as it answers its own routes; required,
	// and registered on the same mux.
	API    API
	Render *render.Renderer // must include Templates()
	Errors *fhttp.Responder
	// DefaultZone pre-fills the layout's sign-up form when the reader's
	// browser has not told us theirs.
	DefaultZone string
}

// Register adds /search and /api/v1/search to mux. Call it once, before
// serving.
func (h *Handler) Register(mux *http.ServeMux) {
	if h.API == nil {
		panic("search: Handler.API is required")
	}
	mux.HandleFunc("GET /search", h.page)
	mux.HandleFunc("GET "+site.APISearch, h.API.Guard(h.api))
}

// allow counts one search for the client, or returns ETOOMANY.
func (h *Handler) allow(r *http.Request) error {
	if h.Limit == nil {
		return nil
	}
	return h.Limit.Allow(r.Context(), auth.ClientKey(r), "Too many searches from your address; please wait a moment.")
}
