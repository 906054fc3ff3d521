package api

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes every route of this package and the search
// package's /api/v1/search, which answers through this package's Guard,
// Problem and JSON. Tests validate real answers of each route against it,
// so it cannot drift from the code.
//
//go:embed openapi.json
var openAPIDocument []byte

// OpenAPI returns the API's OpenAPI 3.1 document.
func OpenAPI() []byte { return openAPIDocument }

// openAPI serves /api/openapi.json, prepared once at start.
func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) {
	h.document.Serve(w, r)
}
