package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"flashback"
	"flashback/newsletter"
)

var _ newsletter.PassObserver = (*Metrics)(nil)

func (m *Metrics) registerDigest() {
	m.passes = m.counterVec("digest_passes_total",
		"Digest delivery passes, by result (ok, error).", "result")
	m.passDuration = prometheus.NewHistogram(prometheus.HistogramOpts{
		Namespace: namespace, Name: "digest_pass_duration_seconds",
		Help:    "Time a digest delivery pass took.",
		Buckets: prometheus.ExponentialBuckets(.01, 4, 9), // 10 ms to about 11 min
	})
	m.Registry.MustRegister(m.passDuration)
	m.claimed = m.counter("digests_claimed_total", "Digests claimed for sending by delivery passes.")
	m.outcomes = m.counterVec("digest_outcomes_total",
		"Digest outcomes recorded by delivery passes: sent, retried, failed, skipped, "+
			"released (handed back at shutdown) or expired (lease too short to send).", "outcome")
}

// ObservePass adds what one delivery pass did.
func (m *Metrics) ObservePass(s newsletter.PassStats, err error) {
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.passes.WithLabelValues(result).Inc()
	m.passDuration.Observe(s.Elapsed.Seconds())
	m.claimed.Add(float64(s.Claimed))
	for outcome, n := range map[string]int{"sent": s.Sent, "retried": s.Retried, "failed": s.Failed,
		"skipped": s.Skipped, "released": s.Released, "expired": s.Expired} {
		m.outcomes.WithLabelValues(outcome).Add(float64(n))
	}
}

// DueQueueReader is the store read behind the due-queue gauges.
type DueQueueReader interface {
	DueQueue(ctx context.Context) (flashback.DueQueue, error)
}

// WatchDueQueue adds the due queue's depth and the age of its oldest
// digest, read from the store at every scrape (and only then).
func (m *Metrics) WatchDueQueue(store DueQueueReader, now flashback.Clock) {
	m.Registry.MustRegister(&dueQueueCollector{
		store: store, now: now,
		depth: prometheus.NewDesc(namespace+"_digest_due",
			"Digests due now and not yet claimed by a delivery pass.", nil, nil),
		age: prometheus.NewDesc(namespace+"_digest_oldest_due_age_seconds",
			"How long the longest-waiting due digest has been claimable; 0 when none is.", nil, nil),
	})
}

// scrapeTimeout bounds a store read made for a scrape.
const scrapeTimeout = 2 * time.Second

type dueQueueCollector struct {
	store      DueQueueReader
	now        flashback.Clock
	depth, age *prometheus.Desc
}

func (c *dueQueueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.depth
	ch <- c.age
}

func (c *dueQueueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	q, err := c.store.DueQueue(ctx)
	if err != nil {
		// The rest of the scrape is still served; the error is logged.
		ch <- prometheus.NewInvalidMetric(c.depth, err)
		return
	}
	var age time.Duration
	if q.Depth > 0 {
		age = max(c.now().Sub(q.Oldest), 0)
	}
	ch <- prometheus.MustNewConstMetric(c.depth, prometheus.GaugeValue, float64(q.Depth))
	ch <- prometheus.MustNewConstMetric(c.age, prometheus.GaugeValue, age.Seconds())
}

// SendCheckCounter is a delivery store that counts how it answered the
// checks made just before each send: from what it remembers of the claim
// and the changes announced since, or by asking the database.
type SendCheckCounter interface {
	SendChecks() (fromMemory, fromDatabase uint64)
}

// WatchSendChecks adds the store's count of send checks by how they were
// answered, read at every scrape. All of them answered by the database
// while digests go out means the store is not hearing its notices.
func (m *Metrics) WatchSendChecks(store SendCheckCounter) {
	m.Registry.MustRegister(&sendCheckCollector{store: store,
		desc: prometheus.NewDesc(namespace+"_digest_send_checks_total",
			"Checks made just before a digest's send, by how the store answered them (memory, database).",
			[]string{"answered"}, nil)})
}

type sendCheckCollector struct {
	store SendCheckCounter
	desc  *prometheus.Desc
}

func (c *sendCheckCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *sendCheckCollector) Collect(ch chan<- prometheus.Metric) {
	memory, database := c.store.SendChecks()
	ch <- prometheus.MustNewConstMetric(c.desc, prometheus.CounterValue, float64(memory), "memory")
	ch <- prometheus.MustNewConstMetric(c.desc, prometheus.CounterValue, float64(database), "database")
}
