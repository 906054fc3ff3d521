package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"flashback"
	"flashback/http/compress/compresstest"
)

// compressedSite has a today page large enough to be worth compressing.
func compressedSite(t *testing.T) *site {
	s := newSite(t, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	for i := range 20 {
		s.add(flashback.Event{Date: day(1900+i, time.April, 1), Headline: fmt.Sprintf("Event number %d", i)})
	}
	return s
}

// A cached page goes out in the coding the client prefers, decodes to the
// very bytes of the plain page, with its own length and ETag.
func TestCompression_Negotiation(t *testing.T) {
	s := compressedSite(t)
	plain := s.get("/")
	if plain.Code != 200 || plain.Header().Get("Content-Encoding") != "" {
		t.Fatalf("status %d, Content-Encoding %q without Accept-Encoding", plain.Code, plain.Header().Get("Content-Encoding"))
	}
	tests := []struct {
		name   string
		accept string
		want   string
	}{
		{"Gzip", "gzip", "gzip"},
		{"Browser", "gzip, deflate, br, zstd", "br"},
		{"GzipPreferred", "br;q=0.5, gzip", "gzip"},
		{"IdentityOnly", "identity", ""},
		{"Refused", "gzip;q=0, br;q=0", ""},
	}
	etags := map[string]string{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := s.get("/", "Accept-Encoding", tc.accept)
			h := w.Header()
			if got := h.Get("Content-Encoding"); got != tc.want {
				t.Fatalf("Content-Encoding %q, want %q", got, tc.want)
			}
			if got := h.Get("Content-Length"); got != strconv.Itoa(w.Body.Len()) {
				t.Errorf("Content-Length %s for %d bytes", got, w.Body.Len())
			}
			if got := h.Get("Vary"); got != "Cookie, Accept-Encoding" {
				t.Errorf("Vary %q", got)
			}
			if !bytes.Equal(compresstest.Decode(t, tc.want, w.Body.Bytes()), plain.Body.Bytes()) {
				t.Fatal("decoded body differs from the plain page")
			}
			if tc.want != "" && w.Body.Len() >= plain.Body.Len()/2 {
				t.Errorf("%d bytes compressed from %d", w.Body.Len(), plain.Body.Len())
			}
			etags[tc.want] = h.Get("ETag")
		})
	}
	if len(etags) == 3 && (etags["gzip"] == etags["br"] || etags["gzip"] == etags[""] || etags["br"] == etags[""]) {
		t.Errorf("ETags shared between codings: %q", etags)
	}
}

// Validators and HEAD work per coding: a client's ETag for the gzip copy
// gets a 304 for gzip only.
func TestCompression_Validators(t *testing.T) {
	s := compressedSite(t)
	gz := s.get("/", "Accept-Encoding", "gzip")
	etag := gz.Header().Get("ETag")
	tests := []struct {
		name    string
		method  string
		headers []string
		status  int
		length  string // Content-Length wanted; "" for none
	}{
		{"RevalidateGzip", "GET", []string{"Accept-Encoding", "gzip", "If-None-Match", etag}, 304, ""},
		{"OtherCodingIsNotTheSame", "GET", []string{"Accept-Encoding", "br", "If-None-Match", etag}, 200, ""},
		{"HeadGzip", "HEAD", []string{"Accept-Encoding", "gzip"}, 200, gz.Header().Get("Content-Length")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := http.NewRequest(tc.method, "/", nil)
			for i := 0; i+1 < len(tc.headers); i += 2 {
				r.Header.Set(tc.headers[i], tc.headers[i+1])
			}
			w := record(s, r)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d", w.Code, tc.status)
			}
			if tc.status == 304 && (w.Body.Len() != 0 || w.Header().Get("Content-Encoding") != "" || w.Header().Get("ETag") != etag) {
				t.Errorf("304 with body %d bytes, Content-Encoding %q, ETag %q", w.Body.Len(), w.Header().Get("Content-Encoding"), w.Header().Get("ETag"))
			}
			if tc.method == "HEAD" && (w.Body.Len() != 0 || w.Header().Get("Content-Length") != tc.length) {
				t.Errorf("HEAD: %d body bytes, Content-Length %q, want %q", w.Body.Len(), w.Header().Get("Content-Length"), tc.length)
			}
		})
	}
}

// Who may keep a copy: the today page depends on the reader's zone and
// stays private; date pages and articles are the same for everyone and may
// be kept by shared caches, unless the response sets the reader's cookie.
func TestCompression_Sharing(t *testing.T) {
	s := compressedSite(t)
	e := s.add(flashback.Event{Date: day(1969, time.July, 20), Headline: "Moon landing"})
	tests := []struct {
		name, path, cookie string
		cacheControl, vary string
	}{
		{"Today", "/", "", "private, no-cache", "Cookie, Accept-Encoding"},
		{"DatePage", "/on/april/1", "", "public, no-cache", "Accept-Encoding"},
		{"DatePageWithCookie", "/on/april/1", "tz=Asia%2FTokyo", "public, no-cache", "Accept-Encoding"},
		{"DatePageSettingZone", "/on/april/1?tz=Asia/Tokyo", "", "private, no-cache", "Accept-Encoding"},
		{"Article", "/events/" + strconv.FormatInt(e.ID, 10) + "/moon-landing", "", "public, no-cache", "Accept-Encoding"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "DatePageSettingZone" {
				mustLoad(t, "Asia/Tokyo")
			}
			w := s.get(tc.path, "Cookie", tc.cookie, "Accept-Encoding", "gzip")
			if w.Code != 200 {
				t.Fatalf("status %d", w.Code)
			}
			if got := w.Header().Get("Cache-Control"); got != tc.cacheControl {
				t.Errorf("Cache-Control %q, want %q", got, tc.cacheControl)
			}
			if got := w.Header().Get("Vary"); got != tc.vary {
				t.Errorf("Vary %q, want %q", got, tc.vary)
			}
		})
	}
}

// A shared page is the same bytes whoever asks: a reader's zone cookie
// changes nothing on a date page.
func TestCompression_SharedPageIgnoresReader(t *testing.T) {
	s := compressedSite(t)
	mustLoad(t, "Pacific/Kiritimati")
	plain := s.get("/on/april/1")
	zoned := s.get("/on/april/1", "Cookie", "tz=Pacific%2FKiritimati")
	if plain.Header().Get("ETag") != zoned.Header().Get("ETag") || !bytes.Equal(plain.Body.Bytes(), zoned.Body.Bytes()) {
		t.Error("the date page differs with the reader's zone cookie")
	}
}
