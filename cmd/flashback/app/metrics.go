package app

import (
	"context"

	fhttp "flashback/http"
	"flashback/metrics"
)

// openMetrics creates the metrics when FLASHBACK_METRICS_ADDR is set; with
// it unset, m.Metrics stays nil and no observer is wired.
func (m *Main) openMetrics() {
	if m.Config.MetricsAddr != "" {
		m.Metrics = metrics.New()
	}
}

// serveMetrics adds the store's gauges and starts the metrics listener.
func (m *Main) serveMetrics() error {
	if m.Metrics == nil {
		return nil
	}
	m.Metrics.WatchDueQueue(m.Stores.Deliveries, m.Now)
	if c, ok := m.Stores.Deliveries.(metrics.SendCheckCounter); ok {
		m.Metrics.WatchSendChecks(c)
	}
	srv, err := metrics.Listen(m.Config.MetricsAddr, m.Metrics.Handler(m.Logger), m.Logger)
	if err != nil {
		return err
	}
	m.metricsSrv = srv
	m.Logger.Info("metrics and pprof are served", "url", m.MetricsURL()+"/metrics")
	return nil
}

// MetricsURL is the base URL of the metrics listener, e.g.
// "http://127.0.0.1:9090"; empty when it is off.
func (m *Main) MetricsURL() string {
	if m.metricsSrv == nil {
		return ""
	}
	return fhttp.ListenURL(m.metricsSrv.Addr())
}

func (m *Main) closeMetrics(ctx context.Context) error {
	if m.metricsSrv == nil {
		return nil
	}
	return m.metricsSrv.Close(ctx)
}

// observer returns the metrics as the observer type T a package asks for,
// or T's nil when metrics are off: never an interface holding a nil
// pointer, which the packages would call.
func observer[T any](mt *metrics.Metrics) T {
	var none T
	if mt == nil {
		return none
	}
	return any(mt).(T)
}
