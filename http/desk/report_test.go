package desk_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"flashback"
)

func reportPath(e *flashback.Event) string {
	return "/events/" + strconv.FormatInt(e.ID, 10) + "/report"
}

func TestReportForm(t *testing.T) {
	s := newSite(t, flashback.Rate{}, nil)
	e := s.event(true)
	b := s.browser()
	res, body := b.fill(reportPath(e), url.Values{"problem": {"It was the 31st of January, not June."},
		"correction": {"31 January 1929"}, "source": {"Deutscher, The Prophet Outcast"}, "email": {"reader@example.org"}})
	wantStatus(t, res, body, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != reportPath(e)+"/thanks" {
		t.Errorf("Location = %q", loc)
	}
	rs := s.reports()
	if len(rs) != 1 || rs[0].Source != "Deutscher, The Prophet Outcast" || rs[0].Email != "reader@example.org" ||
		rs[0].Status != flashback.ReportOpen {
		t.Fatalf("stored reports = %+v", rs)
	}
	res, body = b.do(http.MethodGet, res.Header.Get("Location"), nil)
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, "Thank you", "Leon Trotsky is exiled")
	if ms := s.mails(); len(ms) != 1 || !strings.Contains(ms[0], "editors@example.org") ||
		!strings.Contains(ms[0], "/admin/reports/") {
		t.Errorf("editors' notification = %v", ms)
	}
}

func TestReportFormRefusals(t *testing.T) {
	s := newSite(t, flashback.Rate{}, nil)
	e := s.event(true)
	draft := s.event(false)
	cases := []struct {
		name   string
		path   string
		form   url.Values
		status int
		keeps  []string
	}{
		{"NoProblem", reportPath(e), url.Values{"correction": {"kept correction"}, "source": {"kept source"},
			"email": {"kept@example.org"}}, http.StatusBadRequest,
			[]string{"Please tell us what looks wrong", "kept correction", `value="kept source"`, `value="kept@example.org"`}},
		{"BadEmail", reportPath(e), url.Values{"problem": {"kept problem"}, "email": {"not-an-address"}},
			http.StatusBadRequest, []string{"does not look like an e-mail address", "kept problem"}},
		{"TooLong", reportPath(e), url.Values{"problem": {strings.Repeat("é", flashback.MaxReportProblem+1)}},
			http.StatusBadRequest, []string{"too long"}},
		{"InvalidUTF8", reportPath(e), url.Values{"problem": {"caf\xe9"}, "correction": {"kept correction"}},
			http.StatusBadRequest, []string{"not valid text (UTF-8)", "kept correction"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, body := s.browser().fill(c.path, c.form)
			wantStatus(t, res, body, c.status)
			wantContains(t, body, c.keeps...)
			wantContains(t, body, `name="csrf" value="`)
		})
	}
	t.Run("Draft", func(t *testing.T) {
		res, body := s.browser().do(http.MethodGet, reportPath(draft), nil)
		wantStatus(t, res, body, http.StatusNotFound)
		res, body = s.browser().do(http.MethodPost, reportPath(draft), url.Values{"problem": {"x"}})
		wantStatus(t, res, body, http.StatusNotFound)
	})
	t.Run("NoSuchEvent", func(t *testing.T) {
		res, body := s.browser().do(http.MethodGet, "/events/99999/report", nil)
		wantStatus(t, res, body, http.StatusNotFound)
	})
	t.Run("NoCSRF", func(t *testing.T) {
		b := s.browser()
		b.do(http.MethodGet, reportPath(e), nil)
		res, body := b.do(http.MethodPost, reportPath(e), url.Values{"problem": {"kept text"}})
		wantStatus(t, res, body, http.StatusForbidden)
		wantContains(t, body, "kept text", "expired")
	})
	t.Run("Honeypot", func(t *testing.T) {
		res, body := s.browser().fill(reportPath(e), url.Values{"problem": {"kept spam"}, "website": {"http://spam.example"}})
		wantStatus(t, res, body, http.StatusBadRequest)
		wantContains(t, body, "hidden field", "kept spam")
	})
	if rs := s.reports(); len(rs) != 0 {
		t.Errorf("refused forms stored %d report(s)", len(rs))
	}
}

func TestRateLimit(t *testing.T) {
	now := time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	s := newSite(t, flashback.Rate{Burst: 2, Every: time.Minute}, func() time.Time { return now })
	e := s.event(true)
	b := s.browser()
	for i := range 2 {
		res, body := b.fill(reportPath(e), url.Values{"problem": {"report " + strconv.Itoa(i)}})
		wantStatus(t, res, body, http.StatusSeeOther)
	}
	res, body := b.fill(reportPath(e), url.Values{"problem": {"the third one"}})
	wantStatus(t, res, body, http.StatusTooManyRequests)
	wantContains(t, body, "the third one", "wait a few minutes")
	if got := res.Header.Get("Retry-After"); got != "60" {
		t.Errorf("Retry-After = %q, want 60", got)
	}
	res, body = b.fill("/contact", url.Values{"name": {"A"}, "email": {"a@example.org"}, "subject": {"S"}, "message": {"M"}})
	wantStatus(t, res, body, http.StatusTooManyRequests)
	if n := len(s.reports()); n != 2 {
		t.Errorf("stored %d reports, want 2", n)
	}
	now = now.Add(time.Minute)
	res, body = b.fill(reportPath(e), url.Values{"problem": {"the third one"}})
	wantStatus(t, res, body, http.StatusSeeOther)
}

// TestRateLimitIPv6 posts from addresses of one /64, which count as one
// client: rotating through them does not buy more mail to the editors.
func TestRateLimitIPv6(t *testing.T) {
	s := newSite(t, flashback.Rate{Burst: 3, Every: time.Hour}, nil)
	var accepted int
	for i := range 10 {
		b := s.browserFrom(fmt.Sprintf("2001:db8:5:6::%x", i+1))
		res, _ := b.fill("/contact", url.Values{"name": {"A"}, "email": {"a@example.org"}, "subject": {"S"}, "message": {"M"}})
		if res.StatusCode == http.StatusSeeOther {
			accepted++
		}
	}
	if accepted != 3 {
		t.Errorf("%d of 10 contact posts from one /64 accepted, want 3", accepted)
	}
	b := s.browserFrom("2001:db8:5:7::1")
	res, body := b.fill("/contact", url.Values{"name": {"A"}, "email": {"a@example.org"}, "subject": {"S"}, "message": {"M"}})
	wantStatus(t, res, body, http.StatusSeeOther)
}
