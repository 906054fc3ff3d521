package desk

import (
	"net/http"
	"strconv"

	"flashback"
	fhttp "flashback/http"
	"flashback/http/render"
)

const correctionsPerPage = 50

type correctionsView struct {
	Corrections []*flashback.Correction
	Page        int
	Prev, Next  string
}

// corrections serves /corrections: the latest corrections, site-wide.
func (h *Handler) corrections(w http.ResponseWriter, r *http.Request) {
	page, err := fhttp.PageParam(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	cs, total, err := h.Corrections.FindCorrections(r.Context(), flashback.CorrectionFilter{
		Limit: correctionsPerPage, Offset: (page - 1) * correctionsPerPage})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if page > 1 && len(cs) == 0 {
		h.Errors.Error(w, r, flashback.Errorf(flashback.ENOTFOUND, "There are not that many corrections."))
		return
	}
	v := correctionsView{Corrections: cs, Page: page}
	if page > 1 {
		v.Prev = "/corrections?page=" + strconv.Itoa(page-1)
	}
	if page*correctionsPerPage < total {
		v.Next = "/corrections?page=" + strconv.Itoa(page+1)
	}
	p := &render.Page{Title: "Corrections", Canonical: h.BaseURL + "/corrections", Description: "Every correction we have made to our articles, newest first.", Data: v}
	if err := h.Render.Write(w, http.StatusOK, "desk-corrections", p); err != nil {
		h.Errors.Error(w, r, err)
	}
}
