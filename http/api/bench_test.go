package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"flashback"
	"flashback/http/api"
)

type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(code int)        { w.status = code }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// BenchmarkEdition measures a day's edition through the real middleware,
// with the content version asked for once a second as the program does:
// answered from the answer cache, revalidated with its ETag, compressed,
// and with the per-client limit taking a token from the shared store on
// each request or, chunked, from the tokens the process holds.
func BenchmarkEdition(b *testing.B) {
	t0 := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	unlimited := newFixture(b, t0, withRecheck(time.Second))
	limited := newFixture(b, t0, withRecheck(time.Second), withLimit(flashback.Rate{Burst: 1 << 30, Every: time.Nanosecond}))
	chunked := newFixture(b, t0, withRecheck(time.Second), withChunkedLimit(flashback.Rate{Burst: 1 << 30, Every: time.Nanosecond}, 16))
	for _, f := range []*fixture{unlimited, limited, chunked} {
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
		gzip   bool
	}{{"Cached", unlimited, "", 200, false}, {"CachedGzip", unlimited, "", 200, true}, {"NotModified", unlimited, etag, 304, false},
		{"Limited", limited, "", 200, false}, {"ChunkedLimit", chunked, "", 200, true}} {
		b.Run(bc.name, func(b *testing.B) {
			r := httptest.NewRequest("GET", path, nil)
			if bc.header != "" {
				r.Header.Set("If-None-Match", bc.header)
			}
			if bc.gzip {
				r.Header.Set("Accept-Encoding", "gzip")
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

// BenchmarkEditionManyClients serves a day's edition to ten thousand client
// addresses from parallel callers, as bench/today.sh's API run does: with
// the program's chunked limit, each client's chunk of tokens comes from
// the shared store every LimitChunk requests, and ns/op, with the callers
// keeping both processors busy, includes those store writes wherever they
// run. Unlimited is the same work without the limit.
func BenchmarkEditionManyClients(b *testing.B) {
	t0 := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	unlimited := newFixture(b, t0, withRecheck(time.Second))
	chunked := newFixture(b, t0, withRecheck(time.Second), withChunkedLimit(flashback.Rate{Burst: 1 << 30, Every: time.Nanosecond}, api.LimitChunk))
	for _, f := range []*fixture{unlimited, chunked} {
		f.add(flashback.Event{Date: flashback.HistDate{Year: 1969, Month: time.April, Day: 1}, Headline: "An event", Body: "An article."})
	}
	const path, clients = "/api/v1/onthisday/all/04/01", 10_000
	for _, bc := range []struct {
		name string
		f    *fixture
	}{{"Unlimited", unlimited}, {"Chunked", chunked}} {
		b.Run(bc.name, func(b *testing.B) {
			// Every client once first: a client's first request waits for
			// its first chunk, a cost of the first seconds, not of the
			// steady state measured.
			for i := range clients {
				r := httptest.NewRequest("GET", path, nil)
				r.RemoteAddr = clientAddr(i)
				bc.f.handler.ServeHTTP(&discardWriter{h: http.Header{}}, r)
			}
			var next atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := processCPU()
			b.RunParallel(func(pb *testing.PB) {
				r := httptest.NewRequest("GET", path, nil)
				r.Header.Set("Accept-Encoding", "gzip")
				w := &discardWriter{h: http.Header{}}
				for pb.Next() {
					i := next.Add(7919) % clients // spread, as random clients are
					r.RemoteAddr = clientAddr(int(i))
					clear(w.h)
					bc.f.handler.ServeHTTP(w, r)
					if w.status != http.StatusOK {
						b.Fatalf("status %d", w.status)
					}
				}
			})
			// CPU time, which counts the store's goroutines too and which
			// a busy machine inflates less than ns/op.
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

func clientAddr(i int) string { return fmt.Sprintf("10.0.%d.%d:4000", i/256, i%256) }

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
