package admin

import (
	"fmt"
	"net/http"

	"flashback"
)

type messageListView struct {
	Show     string
	Messages []*flashback.Message
	Pager    pager
}

func (h *Handler) messageList(w http.ResponseWriter, r *http.Request, rq *request) {
	v := messageListView{Show: r.URL.Query().Get("show")}
	f := flashback.MessageFilter{}
	if v.Show != "all" {
		v.Show = "open"
		unhandled := false
		f.Handled = &unhandled
	}
	page := pageParam(r)
	f.Limit, f.Offset = perPage, (page-1)*perPage
	ms, total, err := h.Messages.FindMessages(r.Context(), f)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v.Messages, v.Pager = ms, newPager(r, page, total)
	h.page(w, r, rq, "admin-messages", "Inbox", "messages", v)
}

func (h *Handler) messageShow(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	m, err := h.Messages.FindMessageByID(r.Context(), id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.page(w, r, rq, "admin-message", "Message", "messages", m)
}

func (h *Handler) messageMark(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	handled := r.PostFormValue("handled") == "1"
	if err := h.Messages.MarkMessage(r.Context(), id, handled, rq.User.ID); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	flash := "reopened"
	if handled {
		flash = "handled"
	}
	redirect(w, r, fmt.Sprintf("/admin/messages/%d", id), flash)
}
