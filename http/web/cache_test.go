package web_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"flashback"
)

func TestCache_Validators(t *testing.T) {
	s := newSite(t, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	s.add(flashback.Event{Date: day(1990, time.April, 1), Headline: "First"})
	first := s.get("/")
	etag, mod := first.Header().Get("ETag"), first.Header().Get("Last-Modified")
	if first.Code != 200 || etag == "" || mod == "" {
		t.Fatalf("status %d, ETag %q, Last-Modified %q", first.Code, etag, mod)
	}
	tests := []struct {
		name    string
		headers []string
		want    int
	}{
		{"IfNoneMatch", []string{"If-None-Match", etag}, http.StatusNotModified},
		{"IfNoneMatchList", []string{"If-None-Match", `"zzz", W/` + etag}, http.StatusNotModified},
		{"IfNoneMatchOther", []string{"If-None-Match", `"zzz"`}, http.StatusOK},
		{"IfModifiedSince", []string{"If-Modified-Since", mod}, http.StatusNotModified},
		{"IfModifiedSinceOld", []string{"If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT"}, http.StatusOK},
		{"EtagWinsOverDate", []string{"If-None-Match", `"zzz"`, "If-Modified-Since", mod}, http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := s.get("/", tc.headers...)
			if w.Code != tc.want {
				t.Fatalf("status %d, want %d", w.Code, tc.want)
			}
			if tc.want == http.StatusNotModified && w.Body.Len() != 0 {
				t.Error("304 with a body")
			}
		})
	}
}

// A change of content reaches readers: the cache drops what it holds when
// the store's content version moves.
func TestCache_Invalidation(t *testing.T) {
	s := newSite(t, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	e := s.add(flashback.Event{Date: day(1990, time.April, 1), Headline: "Old headline"})
	before := s.get("/")
	mustContain(t, before.Body.String(), "Old headline")
	e.Headline = "New headline"
	if err := s.store.UpdateEvent(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	after := s.get("/")
	mustContain(t, after.Body.String(), "New headline")
	if before.Header().Get("ETag") == after.Header().Get("ETag") {
		t.Error("ETag unchanged after the content changed")
	}
}

// Pages for different readers' dates and zones are different entries, and
// unknown query parameters do not make new ones.
func TestCache_Keys(t *testing.T) {
	s := newSite(t, time.Date(2026, 1, 31, 7, 30, 0, 0, time.UTC), time.UTC)
	utc := heading(t, s.mustGet("/", 200))
	la := heading(t, s.mustGet("/?tz=America/Los_Angeles", 200))
	if utc == la {
		t.Fatalf("both zones got %q", utc)
	}
	if again := heading(t, s.mustGet("/?utm_source=x", 200)); again != utc {
		t.Errorf("got %q, want %q", again, utc)
	}
	s.now = s.now.Add(24 * time.Hour)
	if next := heading(t, s.mustGet("/", 200)); next != "Flashback to February 1" {
		t.Errorf("next day got %q", next)
	}
}

// CacheStats counts the pages the cache answered and the ones it rendered.
func TestCache_Stats(t *testing.T) {
	s := newSiteRecheck(t, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), time.UTC, time.Hour)
	s.add(flashback.Event{Date: day(1990, time.April, 1), Headline: "First"})
	for range 3 {
		s.mustGet("/", 200)
	}
	s.mustGet("/on/april/2", 200)
	if hits, misses := s.web.CacheStats(); hits != 2 || misses != 2 {
		t.Errorf("hits=%d misses=%d, want 2 and 2", hits, misses)
	}
}
