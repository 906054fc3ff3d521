package metrics_test

import (
	"errors"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"flashback"
	"flashback/editorial"
	"flashback/mail"
	"flashback/metrics"
	"flashback/newsletter"
)

// sample is the value of the series of name carrying label=value (or the
// only series when label is empty); histograms give their count.
func sample(fs map[string]*dto.MetricFamily, name, label, value string) float64 {
	for _, mt := range fs[name].GetMetric() {
		if label != "" && !hasLabel(mt, label, value) {
			continue
		}
		if h := mt.GetHistogram(); h != nil {
			return float64(h.GetSampleCount())
		}
		return mt.GetCounter().GetValue()
	}
	return -1
}

func hasLabel(mt *dto.Metric, name, value string) bool {
	for _, l := range mt.GetLabel() {
		if l.GetName() == name && l.GetValue() == value {
			return true
		}
	}
	return false
}

// Each observer adds what it is told to the series an operator reads.
func TestObservers(t *testing.T) {
	m := metrics.New()
	m.ObservePass(newsletter.PassStats{Claimed: 5, Sent: 3, Retried: 1, Failed: 1, Skipped: 2}, nil)
	m.ObservePass(newsletter.PassStats{Claimed: 1, Retried: 1}, errors.New("database is locked"))
	m.ObserveSend(40*time.Millisecond, nil)
	m.ObserveSend(time.Second, &mail.SendError{Code: 550})
	m.ObserveSend(time.Second, &mail.SendError{Code: 451, Temporary: true})
	m.ObserveImport(&editorial.ImportReport{Stats: flashback.ImportStats{Added: 7, Updated: 2,
		Skipped: []flashback.Skip{{Ref: "row 3"}}}, SetAside: 1, ParseSkips: []flashback.Skip{{Ref: "row 9"}}})
	m.ObserveLint(2, 1, true)
	m.ObserveLint(0, 1, false)
	fs := gather(t, m)
	tests := []struct {
		name, metric, label, value string
		want                       float64
	}{
		{"PassesOK", "flashback_digest_passes_total", "result", "ok", 1},
		{"PassesFailed", "flashback_digest_passes_total", "result", "error", 1},
		{"Claimed", "flashback_digests_claimed_total", "", "", 6},
		{"Sent", "flashback_digest_outcomes_total", "outcome", "sent", 3},
		{"Retried", "flashback_digest_outcomes_total", "outcome", "retried", 2},
		{"Failed", "flashback_digest_outcomes_total", "outcome", "failed", 1},
		{"Skipped", "flashback_digest_outcomes_total", "outcome", "skipped", 2},
		{"SMTPOK", "flashback_smtp_send_duration_seconds", "result", "ok", 1},
		{"SMTPBounce", "flashback_smtp_send_duration_seconds", "result", "permanent", 1},
		{"SMTPTemporary", "flashback_smtp_send_duration_seconds", "result", "temporary", 1},
		{"Imports", "flashback_imports_total", "", "", 1},
		{"ImportAdded", "flashback_import_events_total", "result", "added", 7},
		{"ImportSkipped", "flashback_import_events_total", "result", "skipped", 2},
		{"ImportSetAside", "flashback_import_events_total", "result", "set_aside", 1},
		{"LintChecks", "flashback_lint_checks_total", "", "", 2},
		{"LintErrors", "flashback_lint_findings_total", "severity", "error", 2},
		{"LintWarnings", "flashback_lint_findings_total", "severity", "warning", 2},
		{"LintOverrides", "flashback_lint_overrides_total", "", "", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := sample(fs, tc.metric, tc.label, tc.value); got != tc.want {
				t.Errorf("%s{%s=%q} = %v, want %v", tc.metric, tc.label, tc.value, got, tc.want)
			}
		})
	}
}
