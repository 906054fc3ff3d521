package web

import (
	"context"
	"net/http"

	"flashback/http/render"
)

// infoData is what the privacy and licences pages show.
type infoData struct {
	ContactEmail string
	Licences     []Licence
}

// Licence is the terms under which some of the site's content is used,
// shown in full on /licences (the BSD licence asks for its notice to be
// reproduced with binary distributions).
type Licence struct {
	ID    string // the fragment sources link to: /licences#ID
	Title string
	Text  string
}

// privacy serves /privacy. Keep it true to what the code does: update it
// with every feature that stores something about readers.
func (h *Handler) privacy(w http.ResponseWriter, r *http.Request) {
	h.infoPage(w, r, "privacy", "Privacy", "What Flashback stores about you, and why.", "")
}

// licences serves /licences: the notices of the data the site is built on.
func (h *Handler) licences(w http.ResponseWriter, r *http.Request) {
	h.infoPage(w, r, "licences", "Licences", "The sources Flashback's history comes from, and their licences.", "")
}

func (h *Handler) infoPage(w http.ResponseWriter, r *http.Request, name, title, desc, nav string) {
	rcv, err := h.reader(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	rc := &rcv
	h.serveCached(w, r, rc.cacheKey(make([]byte, 0, 128), r.URL.Path), private, func(ctx context.Context) (*render.Page, string, error) {
		return h.pageFor(rc, r.URL.Path, title, desc, nav, infoData{ContactEmail: h.ContactEmail, Licences: h.Licences}), name, nil
	})
}
