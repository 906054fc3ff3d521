package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"flashback"
)

type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(code int)        { w.status = code }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// BenchmarkEdition measures a day's edition through the real middleware:
// built afresh, revalidated with its ETag, and with the per-client limit
// taking a token from the shared store on each request.
func BenchmarkEdition(b *testing.B) {
	unlimited := newFixture(b, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC))
	limited := newFixture(b, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), withLimit(flashback.Rate{Burst: 1 << 30, Every: time.Nanosecond}))
	cached := newFixture(b, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), withEditionCache())
	cachedLimited := newFixture(b, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), withEditionCache(), withLimit(flashback.Rate{Burst: 1 << 30, Every: time.Nanosecond}))
	for _, f := range []*fixture{unlimited, limited, cached, cachedLimited} {
		for d := 23; d <= 31; d++ { // the week the edition's features balance over
			for i := range 8 {
				md := flashback.HistDate{Year: 1900 + i*7 + d, Month: time.March, Day: d}
				if d == 31 {
					md.Month, md.Day = time.April, 1
				}
				f.add(flashback.Event{Date: md, Headline: fmt.Sprintf("Event %d of day %d", i, d), Body: "An article."})
			}
		}
	}
	const path = "/api/v1/onthisday/all/04/01"
	etag := unlimited.getJSON(path, 200, nil).Header().Get("ETag")
	for _, bc := range []struct {
		name   string
		f      *fixture
		header string
		want   int
	}{{"Fresh", unlimited, "", 200}, {"NotModified", unlimited, etag, 304}, {"FreshLimited", limited, "", 200},
		{"Cached", cached, "", 200}, {"CachedNotModified", cached, etag, 304}, {"CachedLimited", cachedLimited, "", 200}} {
		b.Run(bc.name, func(b *testing.B) {
			r := httptest.NewRequest("GET", path, nil)
			if bc.header != "" {
				r.Header.Set("If-None-Match", bc.header)
			}
			w := &discardWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				bc.f.handler.ServeHTTP(w, r)
			}
			if w.status != bc.want {
				b.Fatalf("status %d, want %d", w.status, bc.want)
			}
		})
	}
}
