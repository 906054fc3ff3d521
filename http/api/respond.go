package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"flashback"
	fhttp "flashback/http"
)

// How long clients and shared caches may keep answers before asking again.
// An edition changes when editors change an event, so a few minutes; the
// corrections log grows, so one; the OpenAPI document only with a release.
const (
	cacheContent     = "public, max-age=300"
	cacheCorrections = "public, max-age=60"
	cacheDocument    = "public, max-age=3600"
)

// JSON sends v as JSON with a strong ETag over the bytes, or 304 Not
// Modified when the client's copy has the same tag, compressed when the
// client asks and the answer is large enough to gain. Answers are small,
// so they are encoded whole before anything is sent: a failing encoder
// never leaves half a document. A route behind cached keeps its answer.
// Routes of other packages under /api/v1 (search) answer with it too.
func (h *Handler) JSON(w http.ResponseWriter, r *http.Request, cacheControl string, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		h.Problem(w, r, err)
		return
	}
	h.answer(w, r, cacheControl, append(body, '\n')).Serve(w, r)
}

// Problem is an error as RFC 9457 describes it. Type stays "about:blank":
// the status and its title say all a client can act on, and Detail says
// it to a person.
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance,omitempty"`
}

// Problem answers with err as application/problem+json: its code picks the
// status (and Retry-After for ETOOMANY), its user-safe message becomes the
// detail, and an internal error is logged while the client reads an
// apology. A client that hung up gets nothing and logs no error.
func (h *Handler) Problem(w http.ResponseWriter, r *http.Request, err error) {
	if fhttp.ClientGone(r, err) {
		h.Logger.Debug("api: client went away", "method", r.Method, "path", r.URL.Path, "err", err)
		w.WriteHeader(fhttp.StatusClientGone)
		return
	}
	status := fhttp.FormStatus(w, err)
	detail := flashback.ErrorMessage(err)
	if status == http.StatusInternalServerError {
		h.Logger.Error("api: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		detail = "Something went wrong on our side. It has been logged; please try again in a little while."
	}
	body, _ := json.Marshal(Problem{
		Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail, Instance: r.URL.RequestURI(),
	})
	hd := w.Header()
	hd.Set("Content-Type", "application/problem+json")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(append(body, '\n'))
	}
}
