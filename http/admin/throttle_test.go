package admin_test

import (
	"net/http"
	"net/url"
	"testing"

	"flashback"
)

// TestSignInThrottleAnswers429: a throttled sign-in says when to come back
// and keeps what was typed in the address field.
func TestSignInThrottleAnswers429(t *testing.T) {
	s := newSite(t)
	s.addUser("ed@example.org", flashback.RoleEditor)
	b := s.browser()
	for range 5 {
		res, body := b.send("/admin/login", "/admin/login", url.Values{"email": {"ed@example.org"}, "password": {"a wrong guess"}})
		wantStatus(t, res, body, http.StatusUnauthorized)
	}
	res, body := b.send("/admin/login", "/admin/login", url.Values{"email": {"ed@example.org"}, "password": {password}})
	wantStatus(t, res, body, http.StatusTooManyRequests)
	wantContains(t, body, "Too many failed sign-in attempts", `value="ed@example.org"`)
	if ra := res.Header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("Retry-After = %q, want the wait in seconds", ra)
	}
}

// TestChangePasswordIsThrottled: the "current password" field is a second
// door to the password and is throttled like the first.
func TestChangePasswordIsThrottled(t *testing.T) {
	s := newSite(t)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	codes := map[int]int{}
	for range 30 {
		res, _ := b.send("/admin", "/admin/account/password",
			url.Values{"current": {"not the password"}, "new": {"another long password"}, "confirm": {"another long password"}})
		codes[res.StatusCode]++
	}
	if codes[http.StatusBadRequest] != 5 || codes[http.StatusTooManyRequests] != 25 {
		t.Errorf("30 wrong current passwords answered %v, want 5×400 and 25×429", codes)
	}
}
