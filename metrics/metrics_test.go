package metrics_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"flashback"
	fhttp "flashback/http"
	"flashback/http/render"
	"flashback/metrics"
)

// gather returns the registry's families by name.
func gather(t testing.TB, m *metrics.Metrics) map[string]*dto.MetricFamily {
	t.Helper()
	fs, err := m.Registry.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	out := map[string]*dto.MetricFamily{}
	for _, f := range fs {
		out[f.GetName()] = f
	}
	return out
}

// labelsOf lists each series of a family as "k=v,k=v".
func labelsOf(f *dto.MetricFamily) []string {
	var out []string
	for _, mt := range f.GetMetric() {
		var kv []string
		for _, l := range mt.GetLabel() {
			kv = append(kv, l.GetName()+"="+l.GetValue())
		}
		out = append(out, strings.Join(kv, ","))
	}
	return out
}

func TestObserveRequest_Labels(t *testing.T) {
	m := metrics.New()
	m.ObserveRequest("GET /on/{month}/{day}", 200, time.Millisecond)
	m.ObserveRequest("GET /on/{month}/{day}", 200, time.Millisecond)
	m.ObserveRequest("", 405, time.Millisecond)
	got := labelsOf(gather(t, m)["flashback_http_requests_total"])
	slices.Sort(got)
	want := []string{"code=200,route=GET /on/{month}/{day}", "code=405,route=unmatched"}
	if !slices.Equal(got, want) {
		t.Errorf("series %q, want %q", got, want)
	}
}

type dueQueue struct {
	q   flashback.DueQueue
	err error
}

func (d dueQueue) DueQueue(context.Context) (flashback.DueQueue, error) { return d.q, d.err }

// A failing store read leaves the due-queue gauges out of the scrape; the
// rest is still served.
func TestDueQueue_StoreFailure(t *testing.T) {
	now := time.Date(2026, 1, 31, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		store   dueQueue
		wantAge string // "" when the gauges are left out
	}{
		{"Empty", dueQueue{}, "0"},
		{"Waiting", dueQueue{q: flashback.DueQueue{Depth: 3, Oldest: now.Add(-90 * time.Second)}}, "90"},
		{"StoreDown", dueQueue{err: errors.New("database is locked")}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := metrics.New()
			m.WatchDueQueue(tc.store, func() time.Time { return now })
			rec := httptest.NewRecorder()
			m.Handler(slog.New(slog.DiscardHandler)).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
			body := rec.Body.String()
			if rec.Code != 200 || !strings.Contains(body, "go_goroutines") {
				t.Fatalf("status %d, body without the Go metrics", rec.Code)
			}
			switch {
			case tc.wantAge == "" && strings.Contains(body, "flashback_digest_oldest_due_age_seconds"):
				t.Error("a due age was reported although the store failed")
			case tc.wantAge != "" && !strings.Contains(body, "flashback_digest_oldest_due_age_seconds "+tc.wantAge+"\n"):
				t.Errorf("no due age of %ss in:\n%s", tc.wantAge, body)
			}
		})
	}
}

// BenchmarkMiddleware measures what the request metrics add to a request
// through the server's whole middleware chain.
func BenchmarkMiddleware(b *testing.B) {
	for _, on := range []bool{false, true} {
		name := "Off"
		if on {
			name = "On"
		}
		b.Run(name, func(b *testing.B) {
			rend, err := render.New()
			if err != nil {
				b.Fatal(err)
			}
			srv := fhttp.NewServer(":0", rend, slog.New(slog.DiscardHandler))
			srv.Mux.HandleFunc("GET /on/{month}/{day}", func(w http.ResponseWriter, _ *http.Request) {
				_, _ = io.WriteString(w, "ok")
			})
			if on {
				srv.Requests = metrics.New()
			}
			h := srv.Handler()
			req := httptest.NewRequest("GET", "/on/january/31", nil)
			w := discardWriter{http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				h.ServeHTTP(w, req)
			}
		})
	}
}

type discardWriter struct{ h http.Header }

func (w discardWriter) Header() http.Header         { return w.h }
func (w discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w discardWriter) WriteHeader(int)             {}

// BenchmarkObserveRequest is the metric update alone, from all cores.
func BenchmarkObserveRequest(b *testing.B) {
	m := metrics.New()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.ObserveRequest("GET /on/{month}/{day}", 200, 300*time.Microsecond)
		}
	})
}

// sendCheckCounts stands in for a delivery store's counts: the metric only
// reads them.
type sendCheckCounts struct{ memory, database uint64 }

func (c sendCheckCounts) SendChecks() (uint64, uint64) { return c.memory, c.database }

func TestSendChecks_ByAnswer(t *testing.T) {
	m := metrics.New()
	m.WatchSendChecks(sendCheckCounts{memory: 99_840, database: 160})
	rec := httptest.NewRecorder()
	m.Handler(slog.New(slog.DiscardHandler)).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`flashback_digest_send_checks_total{answered="memory"} 99840` + "\n",
		`flashback_digest_send_checks_total{answered="database"} 160` + "\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q in:\n%s", want, body)
		}
	}
}
