package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"flashback/http/web"
)

// The zone cookie is Secure on an https site, whether it is set (a chosen
// zone) or deleted (a cookie that names no zone), and not on a plain HTTP
// one, where a Secure cookie would never come back.
func TestZoneCookieSecureOnHTTPS(t *testing.T) {
	for _, tc := range []struct {
		name, base string
		secure     bool
	}{
		{"HTTPS", "https://flashback.example", true},
		{"HTTPSUpperCase", "HTTPS://flashback.example", true},
		{"HTTP", "http://localhost:8080", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSiteWith(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), time.UTC, time.Nanosecond,
				func(h *web.Handler) { h.BaseURL = tc.base })
			set := s.get("/on/june/1?tz=Europe/Paris")
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.AddCookie(&http.Cookie{Name: "tz", Value: "Mars%2FOlympus"})
			deleted := record(s, r)
			for name, w := range map[string]*httptest.ResponseRecorder{"set": set, "deleted": deleted} {
				cookies := w.Result().Cookies()
				if len(cookies) != 1 || cookies[0].Name != "tz" {
					t.Fatalf("%s: cookies %v", name, w.Header()["Set-Cookie"])
				}
				if cookies[0].Secure != tc.secure {
					t.Errorf("%s: Secure = %v, want %v", name, cookies[0].Secure, tc.secure)
				}
			}
		})
	}
}
