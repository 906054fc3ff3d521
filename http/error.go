package http

import (
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"

	"flashback"
	"flashback/http/render"
)

// Responder is the one place where errors become responses: the error's
// code picks the status, its user-safe message is shown, and anything
// internal is logged in full while the reader sees a plain apology.
type Responder struct {
	Render *render.Renderer
	Logger *slog.Logger
}

// StatusOf returns the HTTP status for err's code; unknown codes and plain
// errors are internal errors, never a success.
func StatusOf(err error) int {
	switch flashback.ErrorCode(err) {
	case flashback.ECONFLICT:
		return http.StatusConflict
	case flashback.EINVALID:
		return http.StatusBadRequest
	case flashback.ENOTFOUND:
		return http.StatusNotFound
	case flashback.ENOTIMPLEMENTED:
		return http.StatusNotImplemented
	case flashback.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case flashback.EFORBIDDEN:
		return http.StatusForbidden
	case flashback.ETOOMANY:
		return http.StatusTooManyRequests
	case flashback.EMETHOD:
		return http.StatusMethodNotAllowed
	}
	return http.StatusInternalServerError
}

// FormStatus is StatusOf for a form shown again with its error: it also
// tells a refused client when to try again (Retry-After, in whole seconds).
func FormStatus(w http.ResponseWriter, err error) int {
	if wait := flashback.RetryAfter(err); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	}
	return StatusOf(err)
}

// StatusClientGone is the status recorded for a request whose client hung
// up before its answer was ready (nginx's 499). Nobody reads it; it keeps
// such requests out of the server-error counts and logs.
const StatusClientGone = 499

// ClientGone reports whether err is only the request's own context ending:
// the client went away (or the server is shutting down) while the answer
// was being prepared. That is not a fault of ours to log as one.
func ClientGone(r *http.Request, err error) bool {
	cerr := r.Context().Err()
	return cerr != nil && errors.Is(err, cerr)
}

// heading is the title of the error page for a status.
func heading(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "That request did not make sense to us"
	case http.StatusNotFound:
		return "Page not found"
	case http.StatusMethodNotAllowed:
		return "This page does not take that request"
	case http.StatusConflict:
		return "That clashes with something else"
	case http.StatusUnauthorized:
		return "Please sign in"
	case http.StatusForbidden:
		return "Not allowed"
	case http.StatusTooManyRequests:
		return "Too many requests"
	case http.StatusNotImplemented:
		return "Not available yet"
	}
	return "Sorry, something went wrong"
}

// Error answers the request with the error page for err. Links, if given,
// are offered to the reader as ways on (e.g. valid nearby dates). A client
// that hung up meanwhile gets nothing, and no error is logged for it.
func (e *Responder) Error(w http.ResponseWriter, r *http.Request, err error, links ...render.Link) {
	if ClientGone(r, err) {
		e.Logger.Debug("http: client went away", "method", r.Method, "path", r.URL.Path, "err", err)
		w.WriteHeader(StatusClientGone)
		return
	}
	status := FormStatus(w, err)
	msg := flashback.ErrorMessage(err)
	if status == http.StatusInternalServerError {
		e.Logger.Error("http: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "Something went wrong on our side. It has been logged; please try again in a little while."
	}
	w.Header().Set("Cache-Control", "no-store")
	e.Render.Error(w, status, heading(status), msg, links...)
}

// notFound is the error for paths that no area handles.
func notFound() error {
	return flashback.Errorf(flashback.ENOTFOUND, "There is no page at this address. It may have moved, or the link may be mistyped.")
}
