// Package admin serves the editors' desk under /admin: sign-in, events and
// articles with revision history and the accuracy linter, imports and the
// conflicts they find, the readers' reports queue, the contact inbox, the
// digest's subscribers and delivery ledger and, for administrators, user
// management and the suppression of subscribers.
//
// Every page needs a signed-in user; every state-changing form carries a
// CSRF token bound to the session. Pages work as plain HTML forms.
package admin

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"flashback"
	"flashback/auth"
	"flashback/edition"
	"flashback/editorial"
	fhttp "flashback/http"
	"flashback/http/render"
	"flashback/mail"
)

//go:embed templates/*.html
var templates embed.FS

// Templates returns the admin page templates, for render.New. Their names
// all start with "admin-".
func Templates() fs.FS {
	return render.Sub(templates, "templates")
}

// Handler serves /admin.
type Handler struct {
	Events    flashback.EventStore
	Edits     flashback.EditStore
	Reports   flashback.ReportStore
	Messages  flashback.MessageStore
	Conflicts flashback.ConflictStore
	Users     flashback.UserStore
	// Features and Editions, set together, add the editorial calendar.
	Features flashback.FeatureStore
	Editions *edition.Service
	// Subscribers, SubscriberList and DeliveryList, set together, add the
	// subscriber and delivery ledger pages; Subscribers also serves the
	// administrators' suppress action. Nothing on these pages sends mail.
	Subscribers    flashback.SubscriberStore
	SubscriberList flashback.SubscriberLister
	DeliveryList   flashback.DeliveryLister
	// Location is the site's time zone, in which the ledger page's
	// "today" is taken; Render.Location (else UTC) when nil.
	Location *time.Location
	// Now is the clock; flashback.SystemClock when nil.
	Now flashback.Clock

	Auth *auth.Auth
	// CSRF protects the sign-in form (no session yet); usually Auth.CSRF.
	CSRF *auth.CSRF
	// MaxUpload bounds an imported file (default 16 MiB). The server's
	// body limit must allow it for POST /admin/imports.
	MaxUpload int64

	// Mail, when set, tells reporters who left an address the outcome of
	// their report, from MailFrom.
	Mail     mail.Sender
	MailFrom string
	// BaseURL is the public address of the site, for links in e-mails.
	BaseURL string

	Render *render.Renderer // must include Templates()
	Errors *fhttp.Responder
	Logger *slog.Logger
	// Observer, when set, is told of imports and of lint checks at save.
	Observer editorial.Observer
}

// Register adds the admin routes to mux.
func (h *Handler) Register(mux *http.ServeMux) {
	if h.Logger == nil {
		h.Logger = slog.New(slog.DiscardHandler)
	}
	if h.CSRF == nil && h.Auth != nil {
		h.CSRF = h.Auth.CSRF
	}
	if h.MaxUpload <= 0 {
		h.MaxUpload = 16 << 20
	}
	mux.HandleFunc("GET /admin/login", h.loginForm)
	mux.HandleFunc("POST /admin/login", h.login)
	mux.HandleFunc("POST /admin/logout", h.editor(h.logout))
	mux.HandleFunc("GET /admin", h.editor(h.dashboard))
	mux.HandleFunc("GET /admin/{$}", h.editor(h.dashboard))

	mux.HandleFunc("GET /admin/events", h.editor(h.eventList))
	mux.HandleFunc("GET /admin/events/new", h.editor(h.eventNew))
	mux.HandleFunc("POST /admin/events/new", h.editor(h.eventCreate))
	mux.HandleFunc("GET /admin/events/{id}", h.editor(h.eventEdit))
	mux.HandleFunc("POST /admin/events/{id}", h.editor(h.eventSave))
	mux.HandleFunc("POST /admin/events/{id}/publish", h.editor(h.eventPublish))
	mux.HandleFunc("POST /admin/events/{id}/unpublish", h.editor(h.eventUnpublish))
	mux.HandleFunc("GET /admin/events/{id}/revisions", h.editor(h.revisions))

	mux.HandleFunc("GET /admin/imports", h.editor(h.importForm))
	mux.HandleFunc("POST /admin/imports", h.editor(h.importUpload))
	mux.HandleFunc("GET /admin/conflicts", h.editor(h.conflictList))
	mux.HandleFunc("GET /admin/conflicts/{id}", h.editor(h.conflictShow))
	mux.HandleFunc("POST /admin/conflicts/{id}", h.editor(h.conflictResolve))

	mux.HandleFunc("GET /admin/reports", h.editor(h.reportList))
	mux.HandleFunc("GET /admin/reports/{id}", h.editor(h.reportShow))
	mux.HandleFunc("POST /admin/reports/{id}/accept", h.editor(h.reportAccept))
	mux.HandleFunc("POST /admin/reports/{id}/decline", h.editor(h.reportDecline))

	mux.HandleFunc("GET /admin/messages", h.editor(h.messageList))
	mux.HandleFunc("GET /admin/messages/{id}", h.editor(h.messageShow))
	mux.HandleFunc("POST /admin/messages/{id}", h.editor(h.messageMark))

	h.registerSubscribers(mux)
	if h.Features != nil && h.Editions != nil {
		mux.HandleFunc("GET /admin/calendar", h.editor(h.calendar))
		mux.HandleFunc("GET /admin/calendar/{date}", h.editor(h.calendarDay))
		mux.HandleFunc("POST /admin/calendar/{date}", h.editor(h.calendarPick))
	}

	mux.HandleFunc("GET /admin/users", h.adminOnly(h.userList))
	mux.HandleFunc("POST /admin/users", h.adminOnly(h.userCreate))
	mux.HandleFunc("POST /admin/users/{id}", h.adminOnly(h.userUpdate))
	mux.HandleFunc("POST /admin/account/password", h.editor(h.changePassword))
}
