package web

import "net/http"

// Register prepares the handler and adds the readers' routes to mux.
// Call it once, before serving.
func (h *Handler) Register(mux *http.ServeMux) {
	h.init()
	mux.HandleFunc("GET /{$}", h.today)
	mux.HandleFunc("GET /on", h.jump)
	mux.HandleFunc("GET /on/{month}/{day}", h.onDate)
	mux.HandleFunc("GET /on/{month}/{day}/{slug}", h.daySection)
	mux.HandleFunc("GET /events/{id}", h.article)
	mux.HandleFunc("GET /events/{id}/{slug}", h.article)
	mux.HandleFunc("GET /category/{slug}", h.category)
	mux.HandleFunc("GET /categories", h.categories)
	mux.HandleFunc("GET /privacy", h.privacy)
	mux.HandleFunc("GET /licences", h.licences)
	mux.HandleFunc("GET /year/{year}", h.year)
	mux.HandleFunc("GET /sitemap.xml", h.sitemapIndex)
	mux.HandleFunc("GET /sitemaps/{file}", h.sitemapPart)
	mux.HandleFunc("GET /robots.txt", h.robots)
}
