package web

import (
	"net/http"
)

// subscribe serves GET and POST /subscribe. PLACEHOLDER: the subscription
// flow replaces this file. Until then the page says sign-up is coming and,
// truthfully, that nothing was stored: the posted form is not even read.
func (h *Handler) subscribe(w http.ResponseWriter, r *http.Request) {
	rcv, err := h.reader(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	rc := &rcv
	p := h.pageFor(rc, "/subscribe", "Subscribe", "Wake up to Today's Flashback.", "", r.Method == http.MethodPost)
	w.Header().Set("Cache-Control", "no-store")
	if err := h.Render.Write(w, http.StatusOK, "subscribe", p); err != nil {
		h.Errors.Error(w, r, err)
	}
}
