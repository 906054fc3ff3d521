// Package media serves the pictures imports brought in, from the site
// itself: pages load nothing from other hosts, and the security policy
// stays "img-src 'self'".
package media

import (
	"net/http"
	"strconv"

	"flashback"
	fhttp "flashback/http"
)

// Handler serves /media/{hash}.{ext}.
type Handler struct {
	Media  flashback.MediaStore
	Errors *fhttp.Responder
}

// Register adds the media route to mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /media/{name}", h.serve)
}

// serve answers with the stored bytes. The name is the hash of the
// content, so the answer never changes: browsers may keep it for a year,
// and an If-None-Match is always a 304.
func (h *Handler) serve(w http.ResponseWriter, r *http.Request) {
	hash, ext, ok := flashback.ParseMediaName(r.PathValue("name"))
	if !ok {
		h.Errors.Error(w, r, flashback.Errorf(flashback.ENOTFOUND, "There is no picture at this address."))
		return
	}
	etag := `"` + hash + `"`
	if r.Header.Get("If-None-Match") == etag {
		w.Header().Set("ETag", etag)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	m, err := h.Media.FindMedia(r.Context(), hash)
	if err == nil && flashback.MediaTypes[m.ContentType] != ext {
		err = flashback.Errorf(flashback.ENOTFOUND, "There is no picture at this address.")
	}
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", m.ContentType)
	hdr.Set("Content-Length", strconv.Itoa(len(m.Data)))
	hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	hdr.Set("ETag", etag)
	hdr.Set("X-Content-Type-Options", "nosniff")
	w.Write(m.Data)
}
