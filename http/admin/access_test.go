package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"flashback/auth"

	"flashback"
)

func TestLoggedOutGetsOnlyTheLoginPage(t *testing.T) {
	s := newSite(t)
	s.addEvent(&flashback.Event{Date: flashback.HistDate{Year: 1929, Month: 1, Day: 31},
		Category: flashback.CategoryHistory, Headline: "Secret draft headline"})
	b := s.browser()
	for _, path := range []string{"/admin", "/admin/", "/admin/events", "/admin/events/1", "/admin/events/1/revisions",
		"/admin/reports", "/admin/reports/1", "/admin/messages", "/admin/messages/1", "/admin/users",
		"/admin/imports", "/admin/conflicts", "/admin/conflicts/1", "/admin/subscribers", "/admin/subscribers/1",
		"/admin/deliveries"} {
		t.Run(strings.ReplaceAll(path, "/", "_"), func(t *testing.T) {
			res, body := b.get(path)
			wantStatus(t, res, body, http.StatusSeeOther)
			loc := res.Header.Get("Location")
			if !strings.HasPrefix(loc, "/admin/login?next=") || strings.Contains(body, "Secret draft") {
				t.Errorf("Location = %q; body %q", loc, body)
			}
		})
	}
	for _, path := range []string{"/admin/events/new", "/admin/events/1", "/admin/events/1/publish",
		"/admin/users", "/admin/reports/1/accept", "/admin/messages/1", "/admin/logout", "/admin/subscribers/1/suppress"} {
		t.Run("POST"+strings.ReplaceAll(path, "/", "_"), func(t *testing.T) {
			res, body := b.post(path, url.Values{"headline": {"x"}})
			wantStatus(t, res, body, http.StatusUnauthorized)
		})
	}
}

func TestLogin(t *testing.T) {
	s := newSite(t)
	s.addUser("ed@example.org", flashback.RoleEditor)
	t.Run("WrongPasswordKeepsEmail", func(t *testing.T) {
		b := s.browser()
		res, body := b.post("/admin/login", url.Values{"email": {"ed@example.org"}, "password": {"nope"},
			"csrf": {b.csrfFrom("/admin/login")}})
		wantStatus(t, res, body, http.StatusUnauthorized)
		wantContains(t, body, `value="ed@example.org"`, "do not match an account")
	})
	t.Run("NoCSRF", func(t *testing.T) {
		b := s.browser()
		b.get("/admin/login")
		res, body := b.post("/admin/login", url.Values{"email": {"ed@example.org"}, "password": {password}})
		wantStatus(t, res, body, http.StatusForbidden)
	})
	t.Run("RedirectsToNext", func(t *testing.T) {
		b := s.browser()
		res, body := b.post("/admin/login", url.Values{"email": {"ed@example.org"}, "password": {password},
			"next": {"/admin/reports?status=all"}, "csrf": {b.csrfFrom("/admin/login")}})
		wantStatus(t, res, body, http.StatusSeeOther)
		if loc := res.Header.Get("Location"); loc != "/admin/reports?status=all" {
			t.Errorf("Location = %q", loc)
		}
		var cookie string
		for _, c := range res.Header.Values("Set-Cookie") {
			if strings.HasPrefix(c, auth.SessionCookie+"=") {
				cookie = c
			}
		}
		for _, attr := range []string{"HttpOnly", "SameSite=Lax", "Path=/admin"} {
			if !strings.Contains(cookie, attr) {
				t.Errorf("session cookie %q lacks %s", cookie, attr)
			}
		}
		res, body = b.get("/admin")
		wantStatus(t, res, body, http.StatusOK)
		wantContains(t, body, "Signed in as")
	})
	t.Run("NoOpenRedirect", func(t *testing.T) {
		for _, next := range []string{"//evil.example/admin", "https://evil.example/admin", "/\\evil.example",
			"/admin/../../evil", "javascript:alert(1)", "/elsewhere"} {
			b := s.browser()
			res, _ := b.post("/admin/login", url.Values{"email": {"ed@example.org"}, "password": {password},
				"next": {next}, "csrf": {b.csrfFrom("/admin/login")}})
			loc := res.Header.Get("Location")
			if res.StatusCode != http.StatusSeeOther || (loc != "/admin" && !strings.HasPrefix(loc, "/admin/")) ||
				strings.Contains(loc, "evil") {
				t.Errorf("next=%q: Location %q", next, loc)
			}
		}
	})
	t.Run("Logout", func(t *testing.T) {
		b := s.signedIn("out@example.org", flashback.RoleEditor)
		res, body := b.send("/admin", "/admin/logout", url.Values{})
		wantStatus(t, res, body, http.StatusSeeOther)
		res, body = b.get("/admin")
		wantStatus(t, res, body, http.StatusSeeOther)
	})
}

func TestCSRFRequiredOnEveryForm(t *testing.T) {
	s := newSite(t)
	e := s.addEvent(&flashback.Event{Date: flashback.HistDate{Year: 1929, Month: 1, Day: 31},
		Category: flashback.CategoryHistory, Headline: "Trotsky exiled"})
	b := s.signedIn("ed@example.org", flashback.RoleAdmin)
	other := s.signedIn("other@example.org", flashback.RoleAdmin)
	foreign := other.csrfFrom("/admin")
	posts := []string{"/admin/events/new", "/admin/events/1", "/admin/events/1/publish", "/admin/events/1/unpublish",
		"/admin/users", "/admin/users/1", "/admin/messages/1", "/admin/logout", "/admin/conflicts/1",
		"/admin/reports/1/accept", "/admin/reports/1/decline", "/admin/account/password", "/admin/subscribers/1/suppress"}
	for _, path := range posts {
		for name, token := range map[string]string{"Missing": "", "Garbage": "abc", "OtherSession": foreign} {
			t.Run(name+strings.ReplaceAll(path, "/", "_"), func(t *testing.T) {
				res, body := b.post(path, url.Values{"csrf": {token}, "headline": {"Changed"}, "action": {"save"}})
				wantStatus(t, res, body, http.StatusForbidden)
			})
		}
	}
	got, _ := s.events.FindEventByID(t.Context(), e.ID)
	if got.Headline != "Trotsky exiled" {
		t.Errorf("a forged form changed the event: %q", got.Headline)
	}
}

func TestEditorsCannotManageUsers(t *testing.T) {
	s := newSite(t)
	ed := s.signedIn("ed@example.org", flashback.RoleEditor)
	token := ed.csrfFrom("/admin")
	res, body := ed.get("/admin/users")
	wantStatus(t, res, body, http.StatusForbidden)
	res, body = ed.post("/admin/users", url.Values{"csrf": {token}, "email": {"new@example.org"},
		"name": {"New"}, "role": {"admin"}, "password": {password}})
	wantStatus(t, res, body, http.StatusForbidden)
	res, body = ed.post("/admin/users/1", url.Values{"csrf": {token}, "role": {"admin"}})
	wantStatus(t, res, body, http.StatusForbidden)
	if u, _ := s.users.FindUserByEmail(t.Context(), "ed@example.org"); u.IsAdmin() {
		t.Error("the editor made themselves an admin")
	}
	if _, err := s.users.FindUserByEmail(t.Context(), "new@example.org"); err == nil {
		t.Error("the editor created a user")
	}
	_, dash := ed.get("/admin")
	if strings.Contains(dash, `href="/admin/users"`) {
		t.Error("the editor's menu links to user management")
	}
}

func TestAdminManagesUsers(t *testing.T) {
	s := newSite(t)
	a := s.signedIn("boss@example.org", flashback.RoleAdmin)
	res, body := a.send("/admin/users", "/admin/users", url.Values{"email": {"New@Example.org"},
		"name": {"New Editor"}, "role": {"editor"}, "password": {password}})
	wantStatus(t, res, body, http.StatusSeeOther)
	u, err := s.users.FindUserByEmail(t.Context(), "new@example.org")
	if err != nil || u.Role != flashback.RoleEditor {
		t.Fatalf("created user = %+v, %v", u, err)
	}
	t.Run("ShortPasswordKeepsForm", func(t *testing.T) {
		res, body := a.send("/admin/users", "/admin/users", url.Values{"email": {"x@example.org"},
			"name": {"X"}, "role": {"editor"}, "password": {"short"}})
		wantStatus(t, res, body, http.StatusBadRequest)
		wantContains(t, body, `value="x@example.org"`, "at least 10 characters")
	})
	t.Run("CannotDemoteSelf", func(t *testing.T) {
		me, _ := s.users.FindUserByEmail(t.Context(), "boss@example.org")
		res, body := a.send("/admin/users", "/admin/users/"+itoa(me.ID), url.Values{"role": {"editor"}})
		wantStatus(t, res, body, http.StatusBadRequest)
	})
	t.Run("Disable", func(t *testing.T) {
		res, body := a.send("/admin/users", "/admin/users/"+itoa(u.ID), url.Values{"role": {"editor"}, "disabled": {"1"}})
		wantStatus(t, res, body, http.StatusSeeOther)
		got, _ := s.users.FindUserByID(t.Context(), u.ID)
		if !got.Disabled {
			t.Error("user not disabled")
		}
	})
}
