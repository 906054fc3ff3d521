package web

import (
	"flashback/http/cache"
	"net/http"
	"strings"
	"time"
)

// privatePaths are what crawlers are asked to leave alone: the editors'
// desk, readers' personal links (their tokens are secrets), forms, and
// zone variants of pages that exist without one.
var privatePaths = []string{
	"/admin",
	"/subscription/",
	"/confirm/",
	"/unsubscribe/",
	"/subscribe",
	"/contact",
	"/events/*/report",
	"/*?tz=",
	"/*&tz=",
}

// robotsEntry builds /robots.txt once: it depends only on the base URL.
func (h *Handler) robotsEntry() *cache.Entry {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	for _, p := range privatePaths {
		b.WriteString("Disallow: " + p + "\n")
	}
	b.WriteString("\nSitemap: " + h.BaseURL + "/sitemap.xml\n")
	return cache.NewEntry([]byte(b.String()), []string{"text/plain; charset=utf-8"}, time.Now(), shared)
}

// robots serves /robots.txt.
func (h *Handler) robots(w http.ResponseWriter, r *http.Request) {
	h.robotsTxt.Serve(w, r)
}
