// Package desk serves the readers' side of the accuracy desk: the form to
// report an inaccuracy in an event, the contact form, and the public page
// of the latest corrections.
//
// Both forms carry a CSRF token bound to a cookie, a honeypot field, a
// per-client rate limit and size limits. A form that fails comes back with
// everything the reader typed and a clear message; the thank-you page is
// shown only after the submission is committed to the store.
package desk

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"

	"flashback"
	"flashback/auth"
	fhttp "flashback/http"
	"flashback/http/render"
	"flashback/mail"
)

//go:embed templates/*.html
var templates embed.FS

// Templates returns the page templates, for render.New. Their names all
// start with "desk-".
func Templates() fs.FS {
	return render.Sub(templates, "templates")
}

// Handler serves the readers' forms and the corrections page.
type Handler struct {
	Events      flashback.EventStore
	Reports     flashback.ReportStore
	Messages    flashback.MessageStore
	Corrections flashback.CorrectionFinder
	CSRF        *auth.CSRF

	// Mail, when set with NotifyTo, tells the editors of each new contact
	// message and report, from MailFrom.
	Mail     mail.Sender
	MailFrom string
	NotifyTo []string
	// BaseURL is the public address of the site, for links in e-mails.
	BaseURL string

	// Limit bounds accepted submissions per client address (IPv6 by
	// /64); see DeskLimit.
	Limit *flashback.Limiter

	Render *render.Renderer // must include Templates()
	Errors *fhttp.Responder
	Logger *slog.Logger
}

// Register adds the routes to mux. The readers' site (http/web) must not
// register GET /events/{id}/report or GET /contact itself.
func (h *Handler) Register(mux *http.ServeMux) {
	if h.Logger == nil {
		h.Logger = slog.New(slog.DiscardHandler)
	}
	if h.Limit == nil || h.Limit.Store == nil {
		panic("desk: Handler.Limit is required")
	}
	mux.HandleFunc("GET /events/{id}/report", h.reportForm)
	mux.HandleFunc("POST /events/{id}/report", h.reportSubmit)
	mux.HandleFunc("GET /events/{id}/report/thanks", h.reportThanks)
	mux.HandleFunc("GET /contact", h.contactForm)
	mux.HandleFunc("POST /contact", h.contactSubmit)
	mux.HandleFunc("GET /contact/thanks", h.contactThanks)
	mux.HandleFunc("GET /corrections", h.corrections)
}

// honeypot is the form field people never see and bots fill in.
const honeypot = "website"

// write renders a page; forms are never cached, since they carry a token.
func (h *Handler) write(w http.ResponseWriter, r *http.Request, status int, name string, p *render.Page) {
	w.Header().Set("Cache-Control", "no-store")
	if err := h.Render.Write(w, status, name, p); err != nil {
		h.Errors.Error(w, r, err)
	}
}
