package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"flashback"
	fhttp "flashback/http"
	"flashback/http/render"
)

// request is what every admin handler gets: who is signed in and the token
// their forms must carry.
type request struct {
	User    *flashback.User
	Session *flashback.Session
	CSRF    string
}

type handlerFunc func(w http.ResponseWriter, r *http.Request, rq *request)

// editor lets signed-in users through. Others are sent to the sign-in page
// (GET) or refused (other methods). State-changing requests must carry the
// session's CSRF token.
func (h *Handler) editor(next handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		sess, user, err := h.Auth.Current(r)
		if flashback.ErrorCode(err) == flashback.ENOTFOUND {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			h.Errors.Error(w, r, flashback.Errorf(flashback.EUNAUTHORIZED, "Please sign in first."))
			return
		} else if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if err := h.Auth.CheckSession(r, sess); err != nil {
				h.Errors.Error(w, r, err)
				return
			}
		}
		next(w, r, &request{User: user, Session: sess, CSRF: h.Auth.SessionToken(sess)})
	}
}

// adminOnly is editor for administrators; editors get 403.
func (h *Handler) adminOnly(next handlerFunc) http.HandlerFunc {
	return h.editor(func(w http.ResponseWriter, r *http.Request, rq *request) {
		if !rq.User.IsAdmin() {
			h.Errors.Error(w, r, flashback.Errorf(flashback.EFORBIDDEN, "Only administrators may manage users."))
			return
		}
		next(w, r, rq)
	})
}

// view is the .Data of every admin page.
type view struct {
	User  *flashback.User
	CSRF  string
	Nav   string // current section, for the menu
	Flash string // a fixed message chosen by ?done=
	Error string // a user-safe error shown above a form
	Lists bool   // the subscriber and ledger pages exist, for the menu
	V     any    // the page's own data
}

// flashes are the messages ?done= may ask for; the query never carries
// text of its own, so it cannot be used to put words on our pages.
var flashes = map[string]string{
	"saved":     "Saved.",
	"created":   "Created.",
	"published": "Published.",
	"hidden":    "Unpublished: readers no longer see it.",
	"accepted":  "Report accepted.",
	"declined":  "Report declined.",
	"mailfail":  "Saved, but the e-mail to the reader could not be sent; it has been logged.",
	"resolved":  "Conflict resolved.",
	"handled":   "Message marked as handled.",
	"reopened":  "Message marked as not handled.",
	"user":      "User saved.",
	"password":  "Password changed.",
	"suppress":  "Subscriber suppressed: no more digests go to this address.",
	"picked":    "Featured story saved.",
}

// page renders an admin page with status 200 (or status when given).
func (h *Handler) page(w http.ResponseWriter, r *http.Request, rq *request, name, title, nav string, v any, status ...int) {
	vw := &view{User: rq.User, CSRF: rq.CSRF, Nav: nav, Flash: flashes[r.URL.Query().Get("done")],
		Lists: h.listsEnabled(), V: v}
	h.write(w, r, name, title, vw, status...)
}

// formError re-renders a form page with err's user-safe message, keeping
// what the user typed (it is in v).
func (h *Handler) formError(w http.ResponseWriter, r *http.Request, rq *request, name, title, nav string, v any, err error) {
	code := flashback.ErrorCode(err)
	if code == flashback.EINTERNAL {
		h.Errors.Error(w, r, err)
		return
	}
	vw := &view{User: rq.User, CSRF: rq.CSRF, Nav: nav, Error: flashback.ErrorMessage(err),
		Lists: h.listsEnabled(), V: v}
	h.write(w, r, name, title, vw, fhttp.StatusOf(err))
}

func (h *Handler) write(w http.ResponseWriter, r *http.Request, name, title string, vw *view, status ...int) {
	code := http.StatusOK
	if len(status) > 0 {
		code = status[0]
	}
	w.Header().Set("Cache-Control", "no-store")
	p := &render.Page{Title: title + " · Admin", Data: vw}
	if err := h.Render.Write(w, code, name, p); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// redirect answers a successful POST with 303 to path?done=flash.
func redirect(w http.ResponseWriter, r *http.Request, path, flash string) {
	if flash != "" {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + "done=" + flash
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// pathID reads the {id} path value; ENOTFOUND when it is not a number.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, flashback.Errorf(flashback.ENOTFOUND, "There is no such page.")
	}
	return id, nil
}

// pageParam reads ?page= (1-based). Editors' lists are lenient: a page
// that is no page number shows the first.
func pageParam(r *http.Request) int {
	n, err := fhttp.PageParam(r)
	if err != nil {
		return 1
	}
	return n
}

// pager is the previous/next links of a list.
type pager struct {
	Page, Pages int
	Prev, Next  string
	Total       int
}

const perPage = 50

func newPager(r *http.Request, page, total int) pager {
	p := pager{Page: page, Total: total, Pages: (total + perPage - 1) / perPage}
	link := func(n int) string {
		q := r.URL.Query()
		q.Del("done")
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < p.Pages {
		p.Next = link(page + 1)
	}
	return p
}

// statusParam reads a list's ?status= filter: def when absent, "" (no
// filter) for "all", and an EINVALID error for anything else not valid.
func statusParam[S ~string](r *http.Request, def S, valid func(S) bool) (S, error) {
	switch s := S(r.URL.Query().Get("status")); {
	case s == "":
		return def, nil
	case s == "all":
		return "", nil
	case !valid(s):
		return "", flashback.Errorf(flashback.EINVALID, "Unknown status.")
	default:
		return s, nil
	}
}
