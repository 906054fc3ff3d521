package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"flashback"
	"flashback/http/compress"
)

// discardWriter is the cheapest ResponseWriter there is, so that the
// benchmark measures the handlers and not a recorder.
type discardWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(code int)        { w.status = code }
func (w *discardWriter) Write(b []byte) (int, error) { w.n += len(b); return len(b), nil }
func (w *discardWriter) reset()                      { clear(w.h); w.status, w.n = 0, 0 }

// BenchmarkToday compares a cached hit of the today page, through the real
// middleware, with a bare handler that writes the same bytes from memory.
func BenchmarkToday(b *testing.B) {
	s := newSiteRecheck(b, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), time.UTC, time.Second)
	for i := range 20 {
		s.add(flashback.Event{Date: day(1900+i, time.April, 1), Headline: fmt.Sprintf("Event %d", i)})
	}
	warm := httptest.NewRecorder()
	s.handler.ServeHTTP(warm, httptest.NewRequest("GET", "/", nil))
	if warm.Code != 200 {
		b.Fatalf("status %d", warm.Code)
	}
	page := bytes.Clone(warm.Body.Bytes())
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(page)))
		w.WriteHeader(200)
		_, _ = w.Write(page)
	})
	for _, bc := range []struct {
		name   string
		h      http.Handler
		accept string
	}{{"Cached", s.handler, ""}, {"CachedGzip", s.handler, "gzip, deflate, br;q=0.9"}, {"Bare", bare, ""}} {
		b.Run(bc.name, func(b *testing.B) {
			r := httptest.NewRequest("GET", "/", nil)
			if bc.accept != "" {
				r.Header.Set("Accept-Encoding", bc.accept)
			}
			w := &discardWriter{h: http.Header{}}
			b.ReportAllocs()
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				w.reset()
				bc.h.ServeHTTP(w, r)
			}
			if w.status != 200 || (bc.accept == "" && w.n != len(page)) || (bc.accept != "" && w.h.Get("Content-Encoding") == "") {
				b.Fatalf("status %d, %d bytes, want %d", w.status, w.n, len(page))
			}
		})
	}
}

// BenchmarkCompressPage measures what a cache miss of a date page pays to
// compress it once, per coding.
func BenchmarkCompressPage(b *testing.B) {
	s := newSiteRecheck(b, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), time.UTC, time.Second)
	for i := range 20 {
		s.add(flashback.Event{Date: day(1900+i, time.April, 1), Headline: fmt.Sprintf("Event %d", i)})
	}
	page := []byte(s.mustGet("/", 200))
	for _, c := range []compress.Coding{compress.Gzip, compress.Brotli} {
		b.Run(c.Token(), func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			var n int
			for b.Loop() {
				out, err := compress.Encode(page, c)
				if err != nil {
					b.Fatal(err)
				}
				n = len(out)
			}
			b.ReportMetric(float64(n)/float64(len(page)), "ratio")
		})
	}
}
