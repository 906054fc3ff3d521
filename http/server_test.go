package http_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"flashback"
	fhttp "flashback/http"
	"flashback/http/render"
)

func newServer(t *testing.T, logs io.Writer, level slog.Level) *fhttp.Server {
	t.Helper()
	rend, err := render.New()
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: level}))
	return fhttp.NewServer("127.0.0.1:0", rend, logger)
}

func TestServer_OpenClose(t *testing.T) {
	s := newServer(t, io.Discard, slog.LevelInfo)
	var healthy error
	s.Check = func(context.Context) error { return healthy }
	s.Version = "v1.2.3 abc"
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(s.URL(), ":0") || !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL %q does not carry the real port", s.URL())
	}
	get := func() (int, string) {
		resp, err := http.Get(s.URL() + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get(); code != 200 || !strings.Contains(body, `"status":"ok","version":"v1.2.3 abc"`) {
		t.Errorf("healthy: %d %s", code, body)
	}
	healthy = errors.New("database is locked at /secret/path")
	if code, body := get(); code != 503 || strings.Contains(body, "secret") {
		t.Errorf("unhealthy: %d %s", code, body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(s.URL() + "/healthz"); err == nil {
		t.Error("server still answers after Close")
	}
}

func TestServer_Middleware(t *testing.T) {
	s := newServer(t, io.Discard, slog.LevelInfo)
	s.Mux.HandleFunc("GET /panic", func(http.ResponseWriter, *http.Request) { panic("boom at /secret") })
	echo := func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			s.Errors.Error(w, r, flashback.Errorf(flashback.EINVALID, "Too big."))
			return
		}
		w.WriteHeader(204)
	}
	s.Mux.HandleFunc("POST /echo", echo)
	s.Mux.HandleFunc("POST /upload", echo)
	s.BodyLimits = map[string]int64{"/upload": 4 * fhttp.DefaultMaxBodyBytes}
	h := s.Handler()
	tests := []struct {
		name   string
		method string
		path   string
		body   string
		status int
		want   string
	}{
		{"UnknownPath", "GET", "/no/such/page", "", 404, "Page not found"},
		{"HugeURL", "GET", "/?q=" + strings.Repeat("a", 5000), "", 414, "too long"},
		{"Panic", "GET", "/panic", "", 500, "Something went wrong on our side"},
		{"BigBody", "POST", "/echo", strings.Repeat("x", fhttp.DefaultMaxBodyBytes+1), 413, "too long"},
		{"SmallBody", "POST", "/echo", "x=1", 204, ""},
		{"UploadPathTakesMore", "POST", "/upload", strings.Repeat("x", 2*fhttp.DefaultMaxBodyBytes), 204, ""},
		{"UploadPathHasALimitToo", "POST", "/upload", strings.Repeat("x", 4*fhttp.DefaultMaxBodyBytes+1), 413, "too long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body)))
			if w.Code != tc.status || !strings.Contains(w.Body.String(), tc.want) {
				t.Fatalf("status %d, want %d; body %s", w.Code, tc.status, w.Body.String())
			}
			if strings.Contains(w.Body.String(), "secret") {
				t.Error("internal detail leaked")
			}
			hdr := w.Header()
			csp := hdr.Get("Content-Security-Policy")
			if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "https:") {
				t.Errorf("CSP %q", csp)
			}
			if hdr.Get("X-Content-Type-Options") != "nosniff" || hdr.Get("Referrer-Policy") == "" {
				t.Errorf("security headers missing: %v", hdr)
			}
		})
	}
}

func TestServer_AccessLog(t *testing.T) {
	for _, tc := range []struct {
		name  string
		level slog.Level
		want  bool
	}{{"Debug", slog.LevelDebug, true}, {"Info", slog.LevelInfo, false}} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			s := newServer(t, &logs, tc.level)
			s.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/nope", nil))
			if got := strings.Contains(logs.String(), "path=/nope status=404"); got != tc.want {
				t.Errorf("access log line present: %v, want %v (%s)", got, tc.want, logs.String())
			}
		})
	}
}

func TestStatusOf(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{flashback.Errorf(flashback.ENOTFOUND, "x"), 404},
		{flashback.Errorf(flashback.EINVALID, "x"), 400},
		{flashback.Errorf(flashback.ECONFLICT, "x"), 409},
		{flashback.Errorf(flashback.EUNAUTHORIZED, "x"), 401},
		{flashback.Errorf(flashback.EFORBIDDEN, "x"), 403},
		{flashback.Errorf(flashback.ETOOMANY, "x"), 429},
		{flashback.Errorf(flashback.ENOTIMPLEMENTED, "x"), 501},
		{flashback.Errorf(flashback.EMETHOD, "x"), 405},
		{fmt.Errorf("wrapped: %w", flashback.Errorf(flashback.ENOTFOUND, "x")), 404},
		{flashback.Errorf("made-up", "x"), 500},
		{errors.New("plain"), 500},
	}
	for _, tc := range tests {
		t.Run(tc.err.Error(), func(t *testing.T) {
			if got := fhttp.StatusOf(tc.err); got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}

func TestResponder_HidesInternalErrors(t *testing.T) {
	var logs bytes.Buffer
	s := newServer(t, &logs, slog.LevelInfo)
	w := httptest.NewRecorder()
	s.Errors.Error(w, httptest.NewRequest("GET", "/x", nil), errors.New("sql: password=hunter2"))
	if w.Code != 500 || strings.Contains(w.Body.String(), "hunter2") {
		t.Fatalf("status %d, body leaks: %v", w.Code, strings.Contains(w.Body.String(), "hunter2"))
	}
	if !strings.Contains(logs.String(), "hunter2") {
		t.Error("internal error not logged with its detail")
	}
	w = httptest.NewRecorder()
	s.Errors.Error(w, httptest.NewRequest("GET", "/x", nil), flashback.Errorf(flashback.EINVALID, `Bad "<b>" input.`))
	if w.Code != 400 || !strings.Contains(w.Body.String(), "Bad &#34;&lt;b&gt;&#34; input.") {
		t.Errorf("status %d body %s", w.Code, w.Body.String())
	}
}

// A store call that fails because the reader hung up is not a server
// fault: it must not fill the error log (a load test's cancelled requests
// once logged as internal errors) nor count as a 500. The same error with
// the request still live is one.
func TestResponder_ClientGone(t *testing.T) {
	cancelled := func() *http.Request {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		return httptest.NewRequest("GET", "/x", nil).WithContext(ctx)
	}
	tests := []struct {
		name       string
		req        *http.Request
		err        error
		wantStatus int
		wantLogged bool
	}{
		{"HungUp", cancelled(), fmt.Errorf("rate limit: %w", context.Canceled), fhttp.StatusClientGone, false},
		{"HungUpOtherError", cancelled(), errors.New("disk full"), 500, true},
		{"LiveRequestCancelledInside", httptest.NewRequest("GET", "/x", nil), context.Canceled, 500, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			s := newServer(t, &logs, slog.LevelInfo)
			w := httptest.NewRecorder()
			s.Errors.Error(w, tc.req, tc.err)
			if w.Code != tc.wantStatus {
				t.Errorf("status %d, want %d", w.Code, tc.wantStatus)
			}
			if got := strings.Contains(logs.String(), "internal error"); got != tc.wantLogged {
				t.Errorf("logged as internal error: %v, want %v (log %q)", got, tc.wantLogged, logs.String())
			}
		})
	}
}

func TestServer_MethodsAndSlashes(t *testing.T) {
	s := newServer(t, io.Discard, slog.LevelInfo)
	s.Mux.HandleFunc("GET /on/{month}/{day}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) })
	h := s.Handler()
	tests := []struct {
		name, method, target string
		status               int
		location             string
	}{
		{"WrongMethodOnAPage", "POST", "/on/january/31", 405, ""},
		{"DeleteOnAPage", "DELETE", "/on/january/31", 405, ""},
		{"TraceOnAPage", "TRACE", "/on/january/31", 405, ""},
		{"UnknownGet", "GET", "/nope", 404, ""},
		{"UnknownPost", "POST", "/nope", 404, ""},
		{"UnknownOptions", "OPTIONS", "/nope", 404, ""},
		{"HeadWorks", "HEAD", "/on/january/31", 200, ""},
		{"TrailingSlash", "GET", "/on/january/31/", 301, "/on/january/31"},
		{"TrailingSlashKeepsQuery", "GET", "/on/january/31/?tz=UTC", 301, "/on/january/31?tz=UTC"},
		// The mux cleans "//x/" to "/x/" itself (a same-site path); the
		// slash rule then never produces an off-site Location.
		{"ProtocolRelativeStaysOnSite", "GET", "//evil.example/", 307, "/evil.example/"},
		{"BackslashNeverRedirects", "GET", "/%5Cevil.example/", 404, ""},
		{"DoubleSlashInsideStaysOnSite", "GET", "/a//evil.example/", 307, "/a/evil.example/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(tc.method, tc.target, nil))
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d", w.Code, tc.status)
			}
			if got := w.Header().Get("Location"); got != tc.location {
				t.Errorf("Location %q, want %q", got, tc.location)
			}
			if tc.status == 405 && w.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("405 with Allow %q, want \"GET, HEAD\"", w.Header().Get("Allow"))
			}
			// Errors are the site's pages, not the mux's bare text.
			if tc.status >= 400 && tc.method != "HEAD" && !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
				t.Errorf("%d as %q, want the site's HTML page", tc.status, w.Header().Get("Content-Type"))
			}
		})
	}
}

func TestServer_TrustedProxies(t *testing.T) {
	s := newServer(t, io.Discard, slog.LevelInfo)
	var err error
	if s.TrustedProxies, err = fhttp.ParsePrefixes("10.0.0.0/8, 192.0.2.7"); err != nil {
		t.Fatal(err)
	}
	var seen string
	s.Mux.HandleFunc("GET /who", func(w http.ResponseWriter, r *http.Request) { seen = r.RemoteAddr })
	h := s.Handler()
	tests := []struct {
		name, peer, xff, want string
	}{
		{"ThroughProxy", "10.1.1.1:5000", "203.0.113.9", "203.0.113.9:0"},
		{"ClientForgesLeftOfProxy", "10.1.1.1:5000", "198.51.100.1, 203.0.113.9", "203.0.113.9:0"},
		{"TwoTrustedHops", "10.1.1.1:5000", "203.0.113.9, 192.0.2.7", "203.0.113.9:0"},
		{"UntrustedPeerIgnored", "198.51.100.5:4000", "203.0.113.9", "198.51.100.5:4000"},
		{"GarbageIgnored", "10.1.1.1:5000", "not-an-ip", "10.1.1.1:5000"},
		{"NoHeader", "10.1.1.1:5000", "", "10.1.1.1:5000"},
		{"EmptyHopIgnored", "10.1.1.1:5000", "203.0.113.9,", "10.1.1.1:5000"},
		{"IPv6", "10.1.1.1:5000", "2001:db8::1", "[2001:db8::1]:0"},
		{"SecondLine", "10.1.1.1:5000", "198.51.100.1, 203.0.113.9", "203.0.113.9:0"},
		{"IPv4InIPv6", "10.1.1.1:5000", "::ffff:203.0.113.9", "203.0.113.9:0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/who", nil)
			r.RemoteAddr = tc.peer
			if tc.xff != "" {
				r.Header.Set("X-Forwarded-For", tc.xff)
			}
			if tc.name == "SecondLine" {
				r.Header.Add("X-Forwarded-For", "192.0.2.7")
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if seen != tc.want {
				t.Errorf("client %q, want %q", seen, tc.want)
			}
		})
	}
	if _, err := fhttp.ParsePrefixes("10.0.0.0/8, nonsense"); err == nil {
		t.Error("a malformed proxy list was accepted")
	}
}

// HSTS is sent only by a site whose base URL is https: on plain HTTP it
// would be ignored at best, and it must not pin a site to HTTPS by mistake.
func TestServer_HSTS(t *testing.T) {
	for _, tc := range []struct {
		name string
		hsts bool
		want string
	}{{"HTTPS", true, "max-age=31536000"}, {"HTTP", false, ""}} {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, io.Discard, slog.LevelInfo)
			s.HSTS = tc.hsts
			for _, path := range []string{"/healthz", "/no/such/page"} {
				w := httptest.NewRecorder()
				s.Handler().ServeHTTP(w, httptest.NewRequest("GET", path, nil))
				if got := w.Header().Get("Strict-Transport-Security"); got != tc.want {
					t.Errorf("%s: Strict-Transport-Security = %q, want %q", path, got, tc.want)
				}
			}
		})
	}
}

func TestIsHTTPS(t *testing.T) {
	for base, want := range map[string]bool{
		"https://flashback.example": true, "HTTPS://flashback.example/": true,
		"http://flashback.example": false, "": false, "httpsx://a": false, "flashback.example": false,
	} {
		if got := fhttp.IsHTTPS(base); got != want {
			t.Errorf("IsHTTPS(%q) = %v, want %v", base, got, want)
		}
	}
}
