// Package subscribe serves the digest's pages: the sign-up form, the
// confirmation link, the manage page (preferences, export, delete) and the
// unsubscribe link, including RFC 8058 one-click unsubscribe.
//
// Pages that carry a token in their address are capabilities: whoever holds
// the link may act on that subscription, which is why they need no session
// or CSRF token, why they are never cached or indexed, and why GET requests
// (which link scanners make) never change anything.
package subscribe

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"

	"flashback"
	"flashback/auth"
	fhttp "flashback/http"
	"flashback/http/render"
	"flashback/newsletter"
)

//go:embed templates/*.html
var templates embed.FS

// Templates returns the subscription pages, for render.New.
func Templates() fs.FS {
	return render.Sub(templates, "templates")
}

// Handler serves the subscription pages.
type Handler struct {
	Service *newsletter.Service
	Render  *render.Renderer // must include Templates()
	Errors  *fhttp.Responder
	Logger  *slog.Logger
	// DefaultZone pre-fills the form when the reader's browser has not
	// told us theirs (FLASHBACK_TIMEZONE).
	DefaultZone string
	// ClientIP returns the client's address; by default auth.ClientIP, the
	// peer, which the server has already rewritten for trusted proxies.
	ClientIP func(*http.Request) string
	// BaseURL is the site's public URL: a sign-up from a page of its
	// origin is the site's own, whatever Host a proxy passed on.
	BaseURL string
}

// Register adds the subscription routes to mux. Call it once, before
// serving.
func (h *Handler) Register(mux *http.ServeMux) {
	if h.Logger == nil {
		h.Logger = slog.New(slog.DiscardHandler)
	}
	if h.ClientIP == nil {
		h.ClientIP = auth.ClientIP
	}
	mux.HandleFunc("GET /subscribe", h.form)
	mux.Handle("POST /subscribe", h.sameSite(http.HandlerFunc(h.subscribe)))
	mux.HandleFunc("GET /confirm/{token}", h.confirmPage)
	mux.HandleFunc("POST /confirm/{token}", h.confirm)
	mux.HandleFunc("GET /subscription/{token}", h.manage)
	mux.HandleFunc("POST /subscription/{token}", h.update)
	mux.HandleFunc("GET /subscription/{token}/export", h.export)
	mux.HandleFunc("POST /subscription/{token}/delete", h.delete)
	mux.HandleFunc("POST /subscription/{token}/unsubscribe", h.unsubscribeManaged)
	mux.HandleFunc("GET /unsubscribe/{token}", h.unsubscribePage)
	mux.HandleFunc("POST /unsubscribe/{token}", h.unsubscribe)
}

// sameSite refuses a browser's sign-up sent from another site, by its
// Fetch metadata or, from browsers without it, its Origin. The sign-up
// box sits on every cached page, the same for every reader, so it cannot
// carry a CSRF token: without this, any site could have its visitors'
// browsers sign up addresses of its choosing, each confirmation mail then
// coming from another visitor's address and past the per-client limit.
// Requests that are not a browser's (no Sec-Fetch-Site, no Origin) pass,
// as they could not have been forged in someone else's browser.
func (h *Handler) sameSite(next http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	if u, err := url.Parse(h.BaseURL); err == nil && u.Scheme != "" && u.Host != "" {
		// A proxy that rewrites Host would otherwise make the site's own
		// pages look like another origin to a browser that sends no
		// Sec-Fetch-Site.
		if err := p.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			h.Logger.Warn("subscribe: public URL is no origin", "url", h.BaseURL, "err", err)
		}
	}
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.Errors.Error(w, r, flashback.Errorf(flashback.EFORBIDDEN,
			"This sign-up came from another site, so it was not made. To subscribe, use the form on this site."))
	}))
	return p.Handler(next)
}

// page renders one of this package's pages with the given status.
func (h *Handler) page(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	hdr := w.Header()
	hdr.Set("Cache-Control", "no-store")
	// The address of most of these pages is a secret: keep it out of
	// Referer headers and search engines.
	hdr.Set("Referrer-Policy", "no-referrer")
	hdr.Set("X-Robots-Tag", "noindex")
	p := &render.Page{Title: title, Zone: h.readerZone(r), Data: data}
	if err := h.Render.Write(w, status, name, p); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// readerZone is the zone the browser told us (the tz cookie set by the
// site's script), else the site's default.
func (h *Handler) readerZone(r *http.Request) string {
	return fhttp.ReaderZoneOr(r, h.DefaultZone)
}

// fail answers with the error page, or for refusals of a form, the form
// again with the message.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	h.Errors.Error(w, r, err)
}
