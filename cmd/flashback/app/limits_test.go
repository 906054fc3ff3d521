package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"testing"
	"time"

	"flashback/cmd/flashback/app"
)

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// TestLimitsSurviveRestart: the sign-in throttle and the form limits are in
// the database, so a restart (or a second process) does not reset them.
func TestLimitsSurviveRestart(t *testing.T) {
	cfg := app.DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	start := func() *app.Main {
		m := app.NewMain(cfg, nil)
		if err := m.Open(context.Background()); err != nil {
			t.Fatal(err)
		}
		return m
	}
	m := start()
	for range 5 {
		if code := postSignIn(t, m.HTTP.URL()); code != http.StatusUnauthorized {
			t.Fatalf("wrong password: status %d, want 401", code)
		}
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	m = start()
	defer m.Close()
	if code := postSignIn(t, m.HTTP.URL()); code != http.StatusTooManyRequests {
		t.Errorf("sixth wrong password after a restart: status %d, want 429", code)
	}
}

// postSignIn posts a wrong password for an editor's address from a fresh
// browser and returns the status.
func postSignIn(t *testing.T, base string) int {
	t.Helper()
	return postForm(t, base, "/admin/login", "/admin/login",
		url.Values{"email": {"ed@example.org"}, "password": {"a wrong guess"}})
}

// postForm opens page in a fresh browser, fills in form with the page's
// CSRF token, posts it to action and returns the status.
func postForm(t *testing.T, base, page, action string, form url.Values) int {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(base + page)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfRE.FindStringSubmatch(string(body))
	if m == nil {
		t.Fatalf("no CSRF token on %s", page)
	}
	form.Set("csrf", m[1])
	if res, err = c.PostForm(base+action, form); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}
