package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"flashback"
)

// TestDesk_SignInAndRoles: the desk gives nothing to a browser that has not
// signed in, refuses a wrong password without starting a session, and
// keeps user management for administrators.
func TestDesk_SignInAndRoles(t *testing.T) {
	site := StartSite(t, deskClock(t))
	site.AddEditor(t, "ed@example.org", "Ed Itor", flashback.RoleEditor)
	site.AddEditor(t, "boss@example.org", "Ada Min", flashback.RoleAdmin)
	b := StartBrowser(t)

	t.Run("LoggedOutGetsTheLoginPage", func(t *testing.T) {
		p := b.NewPage(t, site.URL)
		for _, path := range []string{"/admin", "/admin/users", "/admin/reports", "/admin/events/1"} {
			p.Open(path)
			if want := "/admin/login?next=" + url.QueryEscape(path); p.Path() != want {
				t.Errorf("logged out, %s lands on %s, want %s", path, p.Path(), want)
			}
			if got := p.Text("main h1"); got != "Sign in to the desk" {
				t.Errorf("logged out, %s shows %q", path, got)
			}
		}
		// A form posted without a session, as a script on another page
		// could, is refused and creates no one.
		status := postForm(p, "/admin/users", url.Values{"email": {"intruder@example.org"},
			"name": {"Intruder"}, "role": {"admin"}, "password": {"0123456789abc"}})
		if status != 401 {
			t.Errorf("logged out POST /admin/users: status %d, want 401", status)
		}
		checkNoUser(t, site, "intruder@example.org")
	})
	t.Run("WrongPassword", func(t *testing.T) {
		p := b.NewPage(t, site.URL)
		if st := p.SignIn("ed@example.org", editorPassword+"x"); st != 401 {
			t.Errorf("wrong password: status %d, want 401", st)
		}
		if got := p.Text(selAlert); got != "That e-mail address and password do not match an account." {
			t.Errorf("wrong password: the page says %q", got)
		}
		if v, ok := p.SessionCookie(); ok {
			t.Errorf("wrong password left a session cookie %q", v)
		}
		p.Shot("wrong-password")
		p.Open("/admin")
		if !strings.HasPrefix(p.Path(), "/admin/login") {
			t.Errorf("after a wrong password /admin shows %s", p.Path())
		}
	})
	t.Run("EditorCannotManageUsers", func(t *testing.T) {
		p := b.NewPage(t, site.URL)
		if st := p.SignIn("ed@example.org", editorPassword); st != 200 || p.Path() != "/admin" {
			t.Fatalf("sign-in landed on %s with status %d", p.Path(), st)
		}
		if _, ok := p.SessionCookie(); !ok {
			t.Fatal("signed in, but the browser holds no session cookie")
		}
		if n := p.Count(`nav a[href="/admin/users"]`); n != 0 {
			t.Errorf("an editor's menu links to the users page")
		}
		if st := p.OpenStatus("/admin/users"); st != 403 {
			t.Errorf("editor at /admin/users: status %d, want 403", st)
		}
		p.Shot("editor-403")
		// Even with the session's own CSRF token, the form is refused.
		p.Open("/admin")
		token := Eval[string](p, `document.querySelector('input[name=csrf]').value`)
		status := postForm(p, "/admin/users", url.Values{"csrf": {token}, "email": {"crony@example.org"},
			"name": {"Crony"}, "role": {"admin"}, "password": {"0123456789abc"}})
		if status != 403 {
			t.Errorf("editor POST /admin/users: status %d, want 403", status)
		}
		checkNoUser(t, site, "crony@example.org")
	})
	t.Run("AdminManagesUsers", func(t *testing.T) {
		p := b.NewPage(t, site.URL)
		p.SignIn("boss@example.org", editorPassword)
		if st := p.OpenStatus("/admin/users"); st != 200 {
			t.Fatalf("admin at /admin/users: status %d, want 200", st)
		}
		if got := p.Text("main h1"); got != "Users" {
			t.Errorf("admin at /admin/users sees %q", got)
		}
	})
}

// postForm builds a form in the page and submits it: the forged form a
// hostile page would post, carrying the browser's cookies. (The site's
// Content-Security-Policy forbids fetch, and real users post through the
// desk's own forms.) It returns the status of the page that comes back.
func postForm(p *Page, path string, form url.Values) int64 {
	p.t.Helper()
	js := `(() => { const f = document.createElement("form");
		f.method = "post"; f.action = ` + jsString(p.URL(path)) + `; f.id = "forged-form";
		for (const [k, v] of new URLSearchParams(` + jsString(form.Encode()) + `)) {
			const i = document.createElement("input"); i.type = "hidden"; i.name = k; i.value = v; f.appendChild(i);
		}
		document.body.appendChild(f); return true; })()`
	Eval[bool](p, js)
	return p.navigateBy("submit a forged form to "+path, chromedp.Evaluate[chromedp.Void](`document.getElementById("forged-form").submit()`))
}

// checkNoUser fails the test if the store has an account for email.
func checkNoUser(t *testing.T, site *Site, email string) {
	t.Helper()
	u, err := site.Main.Stores.Users.FindUserByEmail(context.Background(), email)
	if flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("the store has a user %s (%+v, %v), want none", email, u, err)
	}
}
