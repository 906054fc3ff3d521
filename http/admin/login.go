package admin

import (
	"net/http"
	"net/url"
	"path"
	"strings"

	"flashback"
	fhttp "flashback/http"
)

type loginView struct {
	CSRF  string
	Next  string
	Email string
	Error string
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	if _, _, err := h.Auth.Current(r); err == nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	v := &loginView{CSRF: h.CSRF.AnonToken(w, r), Next: safeNext(r.URL.Query().Get("next"))}
	h.renderLogin(w, r, v, http.StatusOK)
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	if err := h.CSRF.CheckAnon(r); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v := &loginView{Next: safeNext(r.PostFormValue("next")), Email: r.PostFormValue("email")}
	_, err := h.Auth.Login(r.Context(), w, r, v.Email, r.PostFormValue("password"))
	if err != nil {
		code := flashback.ErrorCode(err)
		if code != flashback.EUNAUTHORIZED && code != flashback.ETOOMANY {
			h.Errors.Error(w, r, err)
			return
		}
		// What was typed as the address is logged only if it looks like
		// one: people type passwords into the wrong field.
		typed := "(not an address)"
		if strings.Contains(v.Email, "@") && !strings.ContainsAny(v.Email, " \t") && len(v.Email) <= 254 {
			typed = v.Email
		}
		h.Logger.Info("admin: failed sign-in", "email", typed, "client", r.RemoteAddr, "reason", code)
		v.CSRF, v.Error = h.CSRF.AnonToken(w, r), flashback.ErrorMessage(err)
		h.renderLogin(w, r, v, fhttp.FormStatus(w, err))
		return
	}
	http.Redirect(w, r, v.Next, http.StatusSeeOther)
}

func (h *Handler) renderLogin(w http.ResponseWriter, r *http.Request, v *loginView, status int) {
	w.Header().Set("Cache-Control", "no-store")
	h.write(w, r, "admin-login", "Sign in", &view{Nav: "login", V: v}, status)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request, rq *request) {
	if err := h.Auth.Logout(w, r); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
}

// safeNext returns next if it is a path inside the admin of this site, and
// "/admin" otherwise, so that the sign-in form cannot send anyone to
// another site ("//evil.example", "/\evil.example", "https://…").
func safeNext(next string) string {
	if next == "" || strings.ContainsAny(next, "\\\r\n\t") || strings.HasPrefix(next, "//") {
		return "/admin"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/admin"
	}
	clean := path.Clean(u.Path)
	if clean != u.Path && clean+"/" != u.Path {
		return "/admin" // dot segments: refuse rather than resolve
	}
	if clean != "/admin" && !strings.HasPrefix(clean, "/admin/") {
		return "/admin"
	}
	if clean == "/admin/login" || clean == "/admin/logout" {
		return "/admin"
	}
	return u.RequestURI()
}
