package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	fhttp "flashback/http"
)

var _ fhttp.RequestObserver = (*Metrics)(nil)

// Unmatched labels requests that no route pattern matched. The raw path is
// never a label: anyone could mint a series per request.
const Unmatched = "unmatched"

// latencyBuckets span a cached page (well under a millisecond) to a slow
// search or upload.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

func (m *Metrics) registerHTTP() {
	m.requests = m.counterVec("http_requests_total",
		"HTTP requests answered, by route pattern and status code.", "route", "code")
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace, Name: "http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern.",
		Buckets: latencyBuckets,
	}, []string{"route"})
	m.Registry.MustRegister(m.latency)
}

type routeKey struct {
	pattern string
	status  int
}

type routeMetrics struct {
	requests prometheus.Counter
	latency  prometheus.Observer
}

// ObserveRequest counts a request under the pattern that matched it.
func (m *Metrics) ObserveRequest(pattern string, status int, took time.Duration) {
	k := routeKey{pattern, status}
	v, ok := m.routes.Load(k)
	if !ok {
		v, _ = m.routes.LoadOrStore(k, m.newRoute(k))
	}
	r := v.(*routeMetrics)
	r.requests.Inc()
	r.latency.Observe(took.Seconds())
}

func (m *Metrics) newRoute(k routeKey) *routeMetrics {
	route := k.pattern
	if route == "" {
		route = Unmatched
	}
	return &routeMetrics{
		requests: m.requests.WithLabelValues(route, strconv.Itoa(k.status)),
		latency:  m.latency.WithLabelValues(route),
	}
}
