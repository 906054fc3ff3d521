package desk

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"flashback"
	fhttp "flashback/http"
	"flashback/http/render"
	"flashback/mail"
	"flashback/site"
)

type contactView struct {
	CSRF, Honeypot             string
	Name, Email, Subject, Body string
	Error                      string
	Limits                     limits
}

func (h *Handler) contactForm(w http.ResponseWriter, r *http.Request) {
	v := &contactView{CSRF: h.CSRF.AnonToken(w, r), Honeypot: honeypot, Limits: formLimits}
	h.renderContact(w, r, v, http.StatusOK)
}

func (h *Handler) renderContact(w http.ResponseWriter, r *http.Request, v *contactView, status int) {
	p := &render.Page{Title: "Contact", Canonical: h.BaseURL + "/contact", Description: "Write to the editors of Flashback.", Nav: "contact", Data: v}
	h.write(w, r, status, "desk-contact", p)
}

func (h *Handler) contactSubmit(w http.ResponseWriter, r *http.Request) {
	v := &contactView{Honeypot: honeypot, Limits: formLimits, Name: r.PostFormValue("name"),
		Email: r.PostFormValue("email"), Subject: r.PostFormValue("subject"), Body: r.PostFormValue("message")}
	if err := h.checkForm(r); err != nil {
		h.contactError(w, r, v, err)
		return
	}
	if strings.TrimSpace(r.PostFormValue(honeypot)) != "" {
		h.Logger.Info("desk: honeypot message refused")
		h.contactError(w, r, v, errHoneypot())
		return
	}
	m := &flashback.Message{Name: v.Name, Email: v.Email, Subject: v.Subject, Body: v.Body}
	if err := m.Validate(); err != nil {
		h.contactError(w, r, v, err)
		return
	}
	if err := h.allow(r); err != nil {
		h.contactError(w, r, v, err)
		return
	}
	if err := h.Messages.CreateMessage(r.Context(), m); err != nil {
		h.contactError(w, r, v, err)
		return
	}
	h.notify(r.Context(), "Contact: "+m.Subject, messageNotice(m, h.BaseURL))
	http.Redirect(w, r, "/contact/thanks", http.StatusSeeOther)
}

func (h *Handler) contactError(w http.ResponseWriter, r *http.Request, v *contactView, err error) {
	if flashback.ErrorCode(err) == flashback.EINTERNAL {
		h.Errors.Error(w, r, err)
		return
	}
	v.CSRF, v.Error = h.CSRF.AnonToken(w, r), flashback.ErrorMessage(err)
	h.renderContact(w, r, v, fhttp.FormStatus(w, err))
}

func (h *Handler) contactThanks(w http.ResponseWriter, r *http.Request) {
	v := thanksView{Heading: "Thank you", Message: "Your message has reached the editors. We read every one, and answer when we can.",
		Back: render.Link{URL: "/", Text: "Back to today's page"}}
	h.write(w, r, http.StatusOK, "desk-thanks", &render.Page{Title: "Thank you", Data: v})
}

func messageNotice(m *flashback.Message, baseURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s <%s>\nSubject: %s\n\n%s\n", m.Name, m.Email, m.Subject, m.Body)
	if baseURL != "" {
		fmt.Fprintf(&b, "\nIn the inbox: %s\n", site.New(baseURL).Abs(site.AdminMessage(m.ID)))
	}
	return b.String()
}

// notify tells the editors, when configured. The submission is already
// committed, so a failed e-mail is only logged; the reader is not kept
// waiting long for it either.
func (h *Handler) notify(ctx context.Context, subject, text string) {
	if h.Mail == nil || len(h.NotifyTo) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	for _, to := range h.NotifyTo {
		m := &mail.Message{From: h.MailFrom, To: to, Subject: subject, Text: text,
			Headers: map[string]string{"Auto-Submitted": "auto-generated"}}
		if err := h.Mail.Send(ctx, m); err != nil {
			h.Logger.Error("desk: notification mail failed", "to", to, "err", err)
		}
	}
}
