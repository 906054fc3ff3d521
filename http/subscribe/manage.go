package subscribe

import (
	"net/http"
	"strconv"

	"flashback"
	"flashback/newsletter"
	"flashback/site"
)

// manageData is the manage page.
type manageData struct {
	Token      string
	Email      string
	Status     string
	Active     bool   // pending or confirmed: preferences can change
	Bounced    bool   // suppressed because mail to the address bounced
	NextDigest string // date line of the next digest, when confirmed
	Form       formData
	Saved      bool
}

func (h *Handler) manageView(w http.ResponseWriter, r *http.Request, token string, sub *flashback.Subscriber, status int, form *formData, saved bool) {
	cats, err := h.categories(r.Context(), sub.Categories)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := manageData{
		Token:  token,
		Email:  sub.Email,
		Status: string(sub.Status),
		Active: sub.Status == flashback.SubscriberPending || sub.Status == flashback.SubscriberConfirmed,
		// Only a bounce is told as such: an editor's reason for a
		// suppression is a note for the desk.
		Bounced: sub.Status == flashback.SubscriberSuppressed && sub.StatusReason == flashback.SuppressBounce,
		Form:    formData{Zone: sub.TimeZone, Hour: sub.WakeHour, Categories: cats},
		Saved:   saved,
	}
	if sub.Status == flashback.SubscriberConfirmed {
		d.NextDigest = dateLine(sub.NextDate)
	}
	if form != nil {
		d.Form = *form
	}
	h.page(w, r, status, "sub-manage", "Your subscription", d)
}

// manage serves GET /subscription/{token}.
func (h *Handler) manage(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	sub, err := h.Service.Manage(r.Context(), token)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.manageView(w, r, token, sub, http.StatusOK, nil, false)
}

// update serves POST /subscription/{token}: new preferences.
func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, flashback.Errorf(flashback.EINVALID, "The form could not be read. Please try again."))
		return
	}
	hour, err := newsletter.ParseHour(r.PostForm.Get("hour"))
	p := flashback.Preferences{TimeZone: r.PostForm.Get("tz"), WakeHour: hour, Categories: r.PostForm["category"]}
	if err != nil {
		p.WakeHour = -1 // not an hour: the form shows the stored one
	}
	var sub *flashback.Subscriber
	if err == nil {
		sub, err = h.Service.UpdatePreferences(r.Context(), token, p)
	}
	switch flashback.ErrorCode(err) {
	case "":
		h.manageView(w, r, token, sub, http.StatusOK, nil, true)
	case flashback.EINVALID:
		h.refuseUpdate(w, r, token, p, err)
	default:
		h.fail(w, r, err)
	}
}

func (h *Handler) refuseUpdate(w http.ResponseWriter, r *http.Request, token string, p flashback.Preferences, err error) {
	sub, serr := h.Service.Manage(r.Context(), token)
	if serr != nil {
		h.fail(w, r, serr)
		return
	}
	cats, cerr := h.categories(r.Context(), p.Categories)
	if cerr != nil {
		h.fail(w, r, cerr)
		return
	}
	hour := p.WakeHour
	if hour < 0 {
		hour = sub.WakeHour
	}
	f := formData{Zone: p.TimeZone, Hour: hour, Categories: cats, Error: flashback.ErrorMessage(err)}
	h.manageView(w, r, token, sub, http.StatusBadRequest, &f, false)
}

// export serves GET /subscription/{token}/export: everything we keep about
// the subscriber, as a JSON download.
func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	b, err := h.Service.ExportJSON(r.Context(), r.PathValue("token"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "application/json; charset=utf-8")
	hdr.Set("Content-Disposition", `attachment; filename="flashback-subscription.json"`)
	hdr.Set("Content-Length", strconv.Itoa(len(b)))
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("Referrer-Policy", "no-referrer")
	w.Write(b)
}

// delete serves POST /subscription/{token}/delete.
func (h *Handler) delete(w http.ResponseWriter, r *http.Request) {
	if err := h.Service.Delete(r.Context(), r.PathValue("token")); err != nil {
		h.fail(w, r, err)
		return
	}
	h.page(w, r, http.StatusOK, "sub-deleted", "Your data is deleted", nil)
}

// unsubscribeManaged serves POST /subscription/{token}/unsubscribe.
func (h *Handler) unsubscribeManaged(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if err := h.Service.UnsubscribeManaged(r.Context(), token); err != nil {
		h.fail(w, r, err)
		return
	}
	h.page(w, r, http.StatusOK, "sub-unsubscribed", "You are unsubscribed", site.Manage(token))
}
