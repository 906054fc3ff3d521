package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"flashback/mail"
)

var _ mail.SendObserver = (*Metrics)(nil)

func (m *Metrics) registerMail() {
	m.smtp = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace, Name: "smtp_send_duration_seconds",
		Help: "Time of one SMTP delivery (dial when needed, MAIL, RCPT, DATA), " +
			"by result: ok, temporary (retried later) or permanent (bounced).",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
	}, []string{"result"})
	m.Registry.MustRegister(m.smtp)
}

// ObserveSend adds one SMTP delivery.
func (m *Metrics) ObserveSend(took time.Duration, err error) {
	result := "ok"
	switch {
	case err == nil:
	case mail.IsPermanent(err):
		result = "permanent"
	default:
		result = "temporary"
	}
	m.smtp.WithLabelValues(result).Observe(took.Seconds())
}
