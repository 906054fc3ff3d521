package app_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"flashback"
	"flashback/cmd/flashback/app"
	"flashback/mail/smtpsink"
)

// clock is a settable clock for the whole program.
type clock struct{ ns atomic.Int64 }

func newClock(t time.Time) *clock { c := &clock{}; c.Set(t); return c }
func (c *clock) Now() time.Time   { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) Set(t time.Time)  { c.ns.Store(t.UnixNano()) }

// openWithMetrics starts the program with its metrics listener and a real
// SMTP server, at the instant the clock says.
func openWithMetrics(t *testing.T, c *clock) *app.Main {
	t.Helper()
	sink := smtpsink.StartT(t, smtpsink.Options{})
	cfg := app.DefaultConfig()
	cfg.Addr, cfg.MetricsAddr = "127.0.0.1:0", "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.SMTPURL = sink.URL()
	return openMain(t, cfg, c.Now)
}

// scrape fetches /metrics and parses it with Prometheus's own parser.
func scrape(t *testing.T, m *app.Main) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(m.MetricsURL() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %s", resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return families
}

// value is the counter, gauge or histogram count of the series of name
// whose labels include want ("k=v" each); 0 when there is none.
func value(families map[string]*dto.MetricFamily, name string, want ...string) float64 {
	f := families[name]
	if f == nil {
		return 0
	}
	for _, mt := range f.Metric {
		labels := map[string]string{}
		for _, l := range mt.Label {
			labels[l.GetName()] = l.GetValue()
		}
		match := true
		for _, kv := range want {
			k, v, _ := strings.Cut(kv, "=")
			match = match && labels[k] == v
		}
		if !match {
			continue
		}
		switch {
		case mt.Counter != nil:
			return mt.Counter.GetValue()
		case mt.Gauge != nil:
			return mt.Gauge.GetValue()
		case mt.Histogram != nil:
			return float64(mt.Histogram.GetSampleCount())
		}
	}
	return 0
}

// confirmedSubscriber signs up email for a digest at hour UTC and confirms it.
func confirmedSubscriber(t *testing.T, m *app.Main, email string, hour int) {
	t.Helper()
	store := m.Stores.Subscribers
	token := sha256.Sum256([]byte(email))
	_, err := store.Subscribe(context.Background(), &flashback.SubscribeRequest{
		Email: email, Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: hour},
		Consent: flashback.Consent{Source: "test", RequestIP: "192.0.2.1"}, ConfirmTokenHash: token[:],
		ConfirmTTL: time.Hour, Limit: flashback.ConfirmLimit{Max: 3, Window: time.Hour},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ConfirmSubscriber(context.Background(), token[:], "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
}

// waitFirstPass waits for the background scheduler's first (empty) pass,
// which runs at start-up: the next is a minute away, so the test's own
// pass is then the only one that finds the digests due.
func waitFirstPass(t *testing.T, m *app.Main) {
	t.Helper()
	for range 500 {
		if value(scrape(t, m), "flashback_digest_passes_total", "result=ok") > 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the scheduler's first pass did not end")
}

func getStatus(t *testing.T, method, url string) int {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// The metrics listener reports real requests by route pattern, the page
// cache, a real digest pass over SMTP and the due queue, in the format
// Prometheus parses.
func TestMetrics_EndToEnd(t *testing.T) {
	c := newClock(time.Date(2026, time.January, 31, 5, 0, 0, 0, time.UTC))
	m := openWithMetrics(t, c)
	waitFirstPass(t, m)
	confirmedSubscriber(t, m, "early@example.org", 6)
	confirmedSubscriber(t, m, "late@example.org", 7)
	for range 3 {
		get(t, m.HTTP.URL()+"/on/january/31")
	}
	for _, q := range []string{"", "?page=1", "?utm_source=feed"} { // one answer
		get(t, m.HTTP.URL()+"/api/v1/onthisday/all/01/31"+q)
	}
	if code := getStatus(t, http.MethodGet, m.HTTP.URL()+"/no/such/page"); code != http.StatusNotFound {
		t.Fatalf("missing page: %d", code)
	}

	// 07:30: both digests are due, the oldest for 90 minutes.
	c.Set(time.Date(2026, time.January, 31, 7, 30, 0, 0, time.UTC))
	before := scrape(t, m)
	if got := value(before, "flashback_digest_due"); got != 2 {
		t.Errorf("due queue = %v, want 2", got)
	}
	if got := value(before, "flashback_digest_oldest_due_age_seconds"); got != 90*60 {
		t.Errorf("oldest due age = %vs, want 5400", got)
	}
	stats, err := m.Scheduler.RunOnce(context.Background())
	if err != nil || stats.Sent != 2 {
		t.Fatalf("pass: %v %v", stats, err)
	}

	f := scrape(t, m)
	checks := []struct {
		name   string
		metric string
		labels []string
		want   float64
	}{
		{"DatePageRequests", "flashback_http_requests_total", []string{"route=GET /on/{month}/{day}", "code=200"}, 3},
		{"DatePageLatency", "flashback_http_request_duration_seconds", []string{"route=GET /on/{month}/{day}"}, 3},
		{"NotFoundUnderFallback", "flashback_http_requests_total", []string{"route=GET /", "code=404"}, 1},
		{"CacheHits", "flashback_page_cache_hits_total", nil, 2},
		{"CacheMisses", "flashback_page_cache_misses_total", nil, 1},
		{"AnswerCacheHits", "flashback_api_answer_cache_hits_total", nil, 2},
		{"AnswerCacheMisses", "flashback_api_answer_cache_misses_total", nil, 1},
		{"DigestsClaimed", "flashback_digests_claimed_total", nil, 2},
		{"DigestsSent", "flashback_digest_outcomes_total", []string{"outcome=sent"}, 2},
		{"DigestsFailed", "flashback_digest_outcomes_total", []string{"outcome=failed"}, 0},
		{"SMTPSends", "flashback_smtp_send_duration_seconds", []string{"result=ok"}, 2},
		{"DueQueueDrained", "flashback_digest_due", nil, 0},
		{"NoDueAge", "flashback_digest_oldest_due_age_seconds", nil, 0},
	}
	for _, tc := range checks {
		t.Run(tc.name, func(t *testing.T) {
			if got := value(f, tc.metric, tc.labels...); got != tc.want {
				t.Errorf("%s%v = %v, want %v", tc.metric, tc.labels, got, tc.want)
			}
		})
	}
	if got := value(f, "flashback_digest_passes_total", "result=ok"); got != 2 {
		t.Errorf("passes = %v, want the scheduler's first and ours", got)
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes", "go_build_info"} {
		if f[name] == nil {
			t.Errorf("%s missing from /metrics", name)
		}
	}
}

// A thousand made-up paths and methods make a handful of series, not a
// thousand: the route label is the matched pattern, here the fallbacks'
// ("GET /" for GETs, "/" for any other method), or "unmatched".
func TestMetrics_RandomPathsDoNotMintSeries(t *testing.T) {
	m := openWithMetrics(t, newClock(time.Date(2026, time.January, 31, 12, 0, 0, 0, time.UTC)))
	for i := range 1000 {
		method := http.MethodGet
		if i%2 == 1 {
			method = http.MethodDelete // only the fallback of every method takes it
		}
		getStatus(t, method, fmt.Sprintf("%s/x%d/%d", m.HTTP.URL(), rand.Int64(), i))
	}
	// A request is counted once its handler has returned, which can be a
	// moment after the client has read the answer: wait for the last ones.
	f := scrape(t, m)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); f = scrape(t, m) {
		if value(f, "flashback_http_requests_total", "route=/", "code=404")+
			value(f, "flashback_http_requests_total", "route=GET /", "code=404") >= 1000 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := len(f["flashback_http_requests_total"].GetMetric()); n > 5 {
		t.Errorf("%d request series after 1000 random paths", n)
	}
	if n := len(f["flashback_http_request_duration_seconds"].GetMetric()); n > 3 {
		t.Errorf("%d latency series after 1000 random paths", n)
	}
	if got := value(f, "flashback_http_requests_total", "route=/", "code=404"); got != 500 {
		t.Errorf("other methods' 404s = %v, want 500", got)
	}
	if got := value(f, "flashback_http_requests_total", "route=GET /", "code=404"); got != 500 {
		t.Errorf("GET fallback 404s = %v, want 500", got)
	}
}

// /metrics and pprof answer on the metrics listener only.
func TestMetrics_OnlyOnTheirOwnListener(t *testing.T) {
	m := openWithMetrics(t, newClock(time.Date(2026, time.January, 31, 12, 0, 0, 0, time.UTC)))
	tests := []struct {
		name string
		url  string
		want int
	}{
		{"MetricsOnMetricsListener", m.MetricsURL() + "/metrics", http.StatusOK},
		{"PprofIndex", m.MetricsURL() + "/debug/pprof/", http.StatusOK},
		{"PprofHeap", m.MetricsURL() + "/debug/pprof/heap?debug=1", http.StatusOK},
		{"NoMetricsOnPublic", m.HTTP.URL() + "/metrics", http.StatusNotFound},
		{"NoPprofOnPublic", m.HTTP.URL() + "/debug/pprof/", http.StatusNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := getStatus(t, http.MethodGet, tc.url); got != tc.want {
				t.Errorf("GET %s = %d, want %d", tc.url, got, tc.want)
			}
		})
	}
}

// Without FLASHBACK_METRICS_ADDR nothing is listening for metrics.
func TestMetrics_OffUnlessSet(t *testing.T) {
	m := MustOpenMain(t, time.Date(2026, time.January, 31, 12, 0, 0, 0, time.UTC), "UTC")
	if m.Metrics != nil || m.MetricsURL() != "" {
		t.Errorf("metrics on without an address: %q", m.MetricsURL())
	}
}
