package http_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"flashback"
	fhttp "flashback/http"
)

// chunked is a body whose length the client cannot know, so it is sent
// with Transfer-Encoding: chunked and no Content-Length.
type chunked struct{ io.Reader }

// A chunked body over the limit is a 413, like one whose length says so up
// front, and not what the handler makes of the cut-off form (here, as in
// the real forms, "expired" for a CSRF token it could not read).
func TestServer_ChunkedBodyLimit(t *testing.T) {
	s := newServer(t, io.Discard, slog.LevelInfo)
	form := func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.PostForm.Get("csrf") != "token" {
			s.Errors.Error(w, r, flashback.Errorf(flashback.EFORBIDDEN, "This form has expired."))
			return
		}
		http.Redirect(w, r, "/thanks", http.StatusSeeOther)
	}
	s.Mux.HandleFunc("POST /form", form)
	s.Mux.HandleFunc("POST /upload", form)
	s.BodyLimits = map[string]int64{"/upload": 4 * fhttp.DefaultMaxBodyBytes}
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Close(ctx)
	})
	client := &http.Client{Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	body := func(size int) string {
		return url.Values{"csrf": {"token"}, "text": {strings.Repeat("x", size)}}.Encode()
	}
	for _, tc := range []struct {
		name, path, body string
		status           int
		want             string
	}{
		{"UnderLimit", "/form", body(1000), http.StatusSeeOther, ""},
		{"OverLimit", "/form", body(fhttp.DefaultMaxBodyBytes), http.StatusRequestEntityTooLarge, "larger than the 1024 KB"},
		{"MissingTokenStillExpired", "/form", "text=x", http.StatusForbidden, "expired"},
		{"UploadPathTakesMore", "/upload", body(2 * fhttp.DefaultMaxBodyBytes), http.StatusSeeOther, ""},
		{"UploadPathOverItsLimit", "/upload", body(4 * fhttp.DefaultMaxBodyBytes), http.StatusRequestEntityTooLarge, "larger than the 4096 KB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, s.URL()+tc.path, chunked{strings.NewReader(tc.body)})
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			got, _ := io.ReadAll(res.Body)
			if req.ContentLength != 0 || len(req.TransferEncoding) > 0 && req.TransferEncoding[0] != "chunked" {
				t.Fatalf("the request was not sent chunked: length %d", req.ContentLength)
			}
			if res.StatusCode != tc.status || !strings.Contains(string(got), tc.want) {
				t.Fatalf("status %d, want %d; body %s", res.StatusCode, tc.status, got)
			}
			if tc.status == http.StatusRequestEntityTooLarge && (strings.Contains(string(got), "expired") || res.Header.Get("Location") != "") {
				t.Errorf("the handler's answer leaked into the 413: %v %s", res.Header, got)
			}
		})
	}
}
