package api

import (
	"net/http"

	"flashback/auth"
)

// The CORS values of every answer, built once and shared: nothing writes
// to them, and a cached answer then allocates nothing for them.
var (
	anyOrigin = []string{"*"}
	exposed   = []string{"ETag, Link, Retry-After"}
)

// Guard wraps a GET route with what every answer shares: CORS headers, so
// that any site's script may read the public data, and the per-client
// limit. Routes of other packages under /api/v1 (search) wrap theirs with
// it too, and answer errors with Problem.
func (h *Handler) Guard(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd["Access-Control-Allow-Origin"] = anyOrigin
		hd["Access-Control-Expose-Headers"] = exposed
		if h.Limit != nil {
			err := h.Limit.Allow(r.Context(), auth.ClientKey(r), "Too many requests from your address; please wait before asking again.")
			if err != nil {
				h.Problem(w, r, err)
				return
			}
		}
		next(w, r)
	}
}
