package subscribe

import (
	"flashback/site"
	"net/http"
)

// unsubscribePage serves GET /unsubscribe/{token}. It only asks: link
// scanners and prefetchers open every link in a mail, and must not
// unsubscribe the reader by doing so.
func (h *Handler) unsubscribePage(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	sub, err := h.Service.Unsubscriber(r.Context(), token)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := struct{ Token, Email, Status string }{token, sub.Email, string(sub.Status)}
	h.page(w, r, http.StatusOK, "sub-unsubscribe", "Unsubscribe", d)
}

// unsubscribe serves POST /unsubscribe/{token}: the RFC 8058 one-click
// request (body "List-Unsubscribe=One-Click", sent by mail clients without
// cookies) and the confirmation page's button alike unsubscribe at once.
func (h *Handler) unsubscribe(w http.ResponseWriter, r *http.Request) {
	how := "unsubscribe page"
	if err := r.ParseForm(); err == nil && r.PostForm.Get("List-Unsubscribe") == "One-Click" {
		how = "one-click"
	}
	sub, err := h.Service.Unsubscribe(r.Context(), r.PathValue("token"), how)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.page(w, r, http.StatusOK, "sub-unsubscribed", "You are unsubscribed", site.Manage(h.Service.ManageToken(sub)))
}
