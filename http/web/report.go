package web

import (
	"context"
	"net/http"
	"strconv"

	"flashback"
	"flashback/http/render"
)

// reportData is what the "report" placeholder shows.
type reportData struct {
	Headline   string
	ArticleURL string
}

// report serves /events/{id}/report. PLACEHOLDER: the reader-report form
// replaces this file; until then the page says the form is coming, so the
// "Report an inaccuracy" link on articles is never dead.
func (h *Handler) report(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.Errors.Error(w, r, flashback.Errorf(flashback.ENOTFOUND, "There is no article at this address."))
		return
	}
	rcv, err := h.reader(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	rc := &rcv
	h.serveCached(w, r, rc.cacheKey(make([]byte, 0, 128), r.URL.Path), func(ctx context.Context) (*render.Page, string, error) {
		e, err := h.publishedEvent(ctx, id)
		if err != nil {
			return nil, "", err
		}
		d := reportData{Headline: e.Headline, ArticleURL: eventPath(e)}
		return h.pageFor(rc, r.URL.Path, "Report an inaccuracy", "Tell the editors what looks wrong.", "", d), "report", nil
	})
}
