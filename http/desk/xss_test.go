package desk_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"flashback"
)

// hostile strings a reader might type; none may reach a page as markup.
const (
	script   = `<script>alert("xss")</script>`
	imgTag   = `<img src=x onerror=alert(1)>`
	quoteOut = `"><svg onload=alert(2)>`
)

// hostileEmail is the most markup-like address validation lets through
// (quoted local parts with angle brackets are refused, as the form shows).
const hostileEmail = `o'hara&co@example.org`

func assertInert(t *testing.T, page, body string) {
	t.Helper()
	for _, raw := range []string{script, imgTag, quoteOut, "onerror=alert(1)>", "<svg", "hara&co"} {
		if strings.Contains(body, raw) {
			t.Errorf("%s: raw %q in the page", page, raw)
		}
	}
	if !strings.Contains(body, "&lt;script&gt;alert(") {
		t.Errorf("%s: the hostile text is not shown escaped", page)
	}
}

func TestHostileInputShownInert(t *testing.T) {
	s := newSite(t, flashback.Rate{}, nil)
	e := s.event(true)
	reader := s.browser()
	res, body := reader.fill(reportPath(e), url.Values{"problem": {script + imgTag}, "correction": {quoteOut + script},
		"source": {imgTag + script}, "email": {hostileEmail}})
	wantStatus(t, res, body, http.StatusSeeOther)
	res, body = reader.fill("/contact", url.Values{"name": {script}, "email": {hostileEmail},
		"subject": {quoteOut + script}, "message": {imgTag + script}})
	wantStatus(t, res, body, http.StatusSeeOther)

	t.Run("FormEchoesInert", func(t *testing.T) {
		res, body := reader.fill(reportPath(e), url.Values{"problem": {""}, "correction": {quoteOut + script},
			"source": {quoteOut + script}, "email": {`"<script>alert(3)</script>"@example.org`}})
		wantStatus(t, res, body, http.StatusBadRequest)
		assertInert(t, "report form", body)
		res, body = reader.fill("/contact", url.Values{"name": {quoteOut + script}, "subject": {quoteOut},
			"message": {script}, "email": {""}})
		wantStatus(t, res, body, http.StatusBadRequest)
		assertInert(t, "contact form", body)
	})

	editor := s.signedIn(t)
	rs := s.reports()
	ms, _, _ := s.store.FindMessages(context.Background(), flashback.MessageFilter{})
	if len(rs) != 1 || len(ms) != 1 {
		t.Fatalf("stored %d reports and %d messages, want 1 and 1", len(rs), len(ms))
	}
	for _, page := range []string{"/admin/reports", fmt.Sprintf("/admin/reports/%d", rs[0].ID),
		"/admin/messages", fmt.Sprintf("/admin/messages/%d", ms[0].ID)} {
		t.Run("Admin"+strings.ReplaceAll(page, "/", "_"), func(t *testing.T) {
			res, body := editor.do(http.MethodGet, page, nil)
			wantStatus(t, res, body, http.StatusOK)
			assertInert(t, page, body)
		})
	}

	t.Run("CorrectionsPage", func(t *testing.T) {
		fixed := *e
		fixed.Headline = "Exile " + script
		err := s.store.EditEvent(context.Background(), flashback.EventEdit{Event: &fixed, Correction: quoteOut + script})
		if err != nil {
			t.Fatal(err)
		}
		res, body := s.browser().do(http.MethodGet, "/corrections", nil)
		wantStatus(t, res, body, http.StatusOK)
		assertInert(t, "/corrections", body)
	})
}

// signedIn returns a browser signed in to the admin as a new editor.
func (s *site) signedIn(t *testing.T) *browser {
	t.Helper()
	hash, _ := cheap.HashPassword("a good long password")
	u := &flashback.User{Email: "ed@example.org", Name: "Ed", Role: flashback.RoleEditor, PasswordHash: hash}
	if err := s.users.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	b := s.browser()
	res, body := b.fill("/admin/login", url.Values{"email": {u.Email}, "password": {"a good long password"}})
	wantStatus(t, res, body, http.StatusSeeOther)
	return b
}
