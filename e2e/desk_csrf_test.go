package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"flashback"
)

// TestDesk_ForgedCSRFChangesNothing submits each of the desk's forms, as a
// person fills them in, with the CSRF token altered in the page just
// before sending: each is refused with 403 and the store is unchanged.
func TestDesk_ForgedCSRFChangesNothing(t *testing.T) {
	site := StartSite(t, deskClock(t))
	site.AddEditor(t, "ed@example.org", "Ed Itor", flashback.RoleEditor)
	site.AddEditor(t, "boss@example.org", "Ada Min", flashback.RoleAdmin)
	e := site.AddEvent(t, trotskyEvent())
	// The editor's row edits an event the linter passes, so that only the
	// token can stop the save.
	clean := trotskyEvent()
	clean.Date.Month, clean.Date.Day = time.January, 31
	clean = site.AddEvent(t, clean)
	editPath := fmt.Sprintf("/admin/events/%d", clean.ID)
	b := StartBrowser(t)

	tests := []struct {
		name   string
		signIn string // who signs in first; "" for a reader
		open   string
		fill   func(p *Page)
		form   string // the form whose token is forged
		submit string // its submit button
		check  func(t *testing.T, p *Page)
	}{{
		name: "ReaderReport",
		open: fmt.Sprintf("/events/%d/report", e.ID),
		fill: func(p *Page) { p.Type("#problem", "The date is wrong.") },
		form: `form[action$="/report"]`, submit: selReportSend,
		check: func(t *testing.T, p *Page) {
			if rs := site.Reports(t, e.ID); len(rs) != 0 {
				t.Errorf("a report with a forged token was stored: %+v", rs[0])
			}
			if got := p.Value("#problem"); got != "The date is wrong." {
				t.Errorf("the refused form lost the reader's text: %q", got)
			}
		},
	}, {
		name: "Contact",
		open: "/contact",
		fill: func(p *Page) {
			p.Fill("#name", "Rea Der")
			p.Fill("#email", "reader@example.org")
			p.Fill("#subject", "Hello")
			p.Type("#message", "A message.")
		},
		form: `form[action="/contact"]`, submit: `form[action="/contact"] button[type=submit]`,
		check: func(t *testing.T, p *Page) {
			if _, n, err := site.Main.Stores.Messages.FindMessages(context.Background(), flashback.MessageFilter{}); err != nil || n != 0 {
				t.Errorf("messages stored after a forged form: %d (%v)", n, err)
			}
		},
	}, {
		name: "Login",
		open: "/admin/login",
		fill: func(p *Page) {
			p.Fill("#email", "ed@example.org")
			p.Fill("#password", editorPassword)
		},
		form: `form[action="/admin/login"]`, submit: selLoginButton,
		check: func(t *testing.T, p *Page) {
			if _, ok := p.SessionCookie(); ok {
				t.Errorf("a sign-in with a forged token started a session")
			}
		},
	}, {
		name: "EventEdit", signIn: "ed@example.org",
		open: editPath,
		fill: func(p *Page) { p.Fill("#headline", "A forged headline") },
		form: fmt.Sprintf(`form[action=%q]`, editPath), submit: `button[name=action][value=save]`,
		check: func(t *testing.T, p *Page) {
			if got := site.Event(t, clean.ID); got.Headline != clean.Headline {
				t.Errorf("the headline became %q", got.Headline)
			}
			if revs := site.Revisions(t, clean.ID); len(revs) != 0 {
				t.Errorf("a forged edit left %d revisions", len(revs))
			}
		},
	}, {
		name: "AddUser", signIn: "boss@example.org",
		open: "/admin/users",
		fill: func(p *Page) {
			p.Fill("#nemail", "crony@example.org")
			p.Fill("#nname", "Crony")
			p.Select("#nrole", "admin")
			p.Fill("#npw", "0123456789abc")
		},
		form: `form[action="/admin/users"]`, submit: `form[action="/admin/users"] button[type=submit]`,
		check: func(t *testing.T, p *Page) { checkNoUser(t, site, "crony@example.org") },
	}, {
		name: "SignOut", signIn: "ed@example.org",
		open: "/admin",
		fill: func(p *Page) {},
		form: `form[action="/admin/logout"]`, submit: `form[action="/admin/logout"] button[type=submit]`,
		check: func(t *testing.T, p *Page) {
			p.Open("/admin")
			if p.Path() != "/admin" {
				t.Errorf("a forged sign-out ended the session: /admin shows %s", p.Path())
			}
		},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := b.NewPage(t, site.URL)
			if tc.signIn != "" {
				if st := p.SignIn(tc.signIn, editorPassword); st != 200 {
					t.Fatalf("sign in as %s: status %d", tc.signIn, st)
				}
			}
			p.Open(tc.open)
			tc.fill(p)
			p.ForgeCSRF(tc.form)
			if st := p.Follow(tc.submit); st != 403 {
				t.Errorf("forged token: status %d, want 403", st)
			}
			tc.check(t, p)
		})
	}
}
