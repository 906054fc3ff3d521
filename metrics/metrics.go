// Package metrics exposes Flashback's operational metrics in the Prometheus
// format, with pprof beside them, on a listener of their own.
//
// It is the one package that knows Prometheus: the server, the digest
// scheduler, the mailer and the editors' desk report through small observer
// interfaces of their own (fhttp.RequestObserver, newsletter.PassObserver,
// mail.SendObserver, editorial.Observer), which *Metrics implements, and
// cmd wires. Everything is registered on a private registry: no globals.
package metrics

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// namespace prefixes every metric of ours.
const namespace = "flashback"

// Metrics holds the registry and the metrics the observers update.
type Metrics struct {
	Registry *prometheus.Registry

	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// routes caches the label children per (pattern, status), so that a
	// request costs two atomic updates and no label hashing.
	routes sync.Map // routeKey → *routeMetrics

	passes       *prometheus.CounterVec
	passDuration prometheus.Histogram
	claimed      prometheus.Counter
	outcomes     *prometheus.CounterVec

	smtp *prometheus.HistogramVec

	imports       prometheus.Counter
	importEvents  *prometheus.CounterVec
	lintChecks    prometheus.Counter
	lintFindings  *prometheus.CounterVec
	lintOverrides prometheus.Counter
}

// New returns metrics registered on a fresh registry, with the Go runtime,
// process and build information collectors beside ours.
func New() *Metrics {
	m := &Metrics{Registry: prometheus.NewRegistry()}
	m.Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewBuildInfoCollector(),
	)
	m.registerHTTP()
	m.registerDigest()
	m.registerMail()
	m.registerDesk()
	return m
}

// counter and counterVec shorten the registrations below.
func (m *Metrics) counter(name, help string) prometheus.Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Namespace: namespace, Name: name, Help: help})
	m.Registry.MustRegister(c)
	return c
}

func (m *Metrics) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: name, Help: help}, labels)
	m.Registry.MustRegister(c)
	return c
}
