package web

import (
	"context"
	"net/http"

	"flashback/http/render"
)

// infoData is what the privacy page shows.
type infoData struct {
	ContactEmail string
}

// privacy serves /privacy. Keep it true to what the code does: update it
// with every feature that stores something about readers.
func (h *Handler) privacy(w http.ResponseWriter, r *http.Request) {
	h.infoPage(w, r, "privacy", "Privacy", "What Flashback stores about you, and why.", "")
}

func (h *Handler) infoPage(w http.ResponseWriter, r *http.Request, name, title, desc, nav string) {
	rcv, err := h.reader(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	rc := &rcv
	h.serveCached(w, r, rc.cacheKey(make([]byte, 0, 128), r.URL.Path), func(ctx context.Context) (*render.Page, string, error) {
		return h.pageFor(rc, r.URL.Path, title, desc, nav, infoData{ContactEmail: h.ContactEmail}), name, nil
	})
}
