package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"flashback/editorial"
)

var _ editorial.Observer = (*Metrics)(nil)

func (m *Metrics) registerDesk() {
	m.imports = m.counter("imports_total", "Imports completed (admin uploads).")
	m.importEvents = m.counterVec("import_events_total",
		"Events in completed imports, by result: added, updated, unchanged, skipped "+
			"(unusable records) or set_aside (conflicting with a stored event).", "result")
	m.lintChecks = m.counter("lint_checks_total", "Accuracy linter checks of events being saved.")
	m.lintFindings = m.counterVec("lint_findings_total",
		"Accuracy linter findings on events being saved, by severity.", "severity")
	m.lintOverrides = m.counter("lint_overrides_total",
		"Events published despite linter errors, with an editor's reason.")
}

// ObserveImport adds one completed import.
func (m *Metrics) ObserveImport(rep *editorial.ImportReport) {
	m.imports.Inc()
	for result, n := range map[string]int{"added": rep.Stats.Added, "updated": rep.Stats.Updated,
		"unchanged": rep.Stats.Unchanged, "skipped": len(rep.Skipped()), "set_aside": rep.SetAside} {
		m.importEvents.WithLabelValues(result).Add(float64(n))
	}
}

// ObserveLint adds one lint check of an event being saved.
func (m *Metrics) ObserveLint(errors, warnings int, overridden bool) {
	m.lintChecks.Inc()
	m.lintFindings.WithLabelValues("error").Add(float64(errors))
	m.lintFindings.WithLabelValues("warning").Add(float64(warnings))
	if overridden {
		m.lintOverrides.Inc()
	}
}

// WatchPageCache adds the rendered-page cache's hits and misses, read from
// stats at every scrape.
func (m *Metrics) WatchPageCache(stats func() (hits, misses uint64)) {
	m.watchCache("page_cache", "Readers' page requests", "the rendered-page cache", stats)
}

// WatchAnswerCache adds the API's answer cache's hits and misses, read
// from stats at every scrape.
func (m *Metrics) WatchAnswerCache(stats func() (hits, misses uint64)) {
	m.watchCache("api_answer_cache", "API requests", "the answer cache", stats)
}

// watchCache adds counters name_hits_total and name_misses_total of a
// cache of what.
func (m *Metrics) watchCache(name, requests, cache string, stats func() (hits, misses uint64)) {
	m.Registry.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: namespace, Name: name + "_hits_total",
			Help: requests + " answered from " + cache + "."},
			func() float64 { h, _ := stats(); return float64(h) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: namespace, Name: name + "_misses_total",
			Help: requests + " " + cache + " sent to be built."},
			func() float64 { _, mi := stats(); return float64(mi) }),
	)
}
