package admin_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"flashback"
)

// seedLedger gives 31 January's digests: sent to ok@, a retry with a
// hostile error to slow@, a failure to dead@ and, the day before, one sent
// to ok@. It returns the three subscribers.
func seedLedger(t *testing.T, s *site) (ok, slow, dead *flashback.Subscriber) {
	t.Helper()
	jan30 := flashback.CivilDate{Year: 2026, Month: time.January, Day: 30}
	subs := s.seed(jan30, "ok@example.org")
	subs = append(subs, s.seed(jan31, "slow@example.org", "dead@example.org")...)
	s.deliver(jan31Wake.Add(-24*time.Hour), sentOutcome)
	s.deliver(jan31Wake, func(c *flashback.Claim) flashback.Outcome {
		switch c.Subscriber.ID {
		case subs[1].ID:
			return flashback.Outcome{State: flashback.DeliveryRetry, Reason: `451 <script>alert("x")</script>`,
				RetryAt: jan31Wake.Add(time.Hour)}
		case subs[2].ID:
			return flashback.Outcome{State: flashback.DeliveryFailed, Reason: "550 no such user"}
		}
		return sentOutcome(c)
	})
	return subs[0], subs[1], subs[2]
}

func TestDeliveries(t *testing.T) {
	s := newSite(t)
	ok, slow, dead := seedLedger(t, s)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	cases := []struct {
		name, query string
		want, not   []string
	}{
		// The admin's clock says 23:30 UTC on 30 January: the 31st in Vienna.
		{"TodayInSiteZone", "", []string{"Showing 2026-01-31 (today)", `value="2026-01-31"`,
			`>all (3)</a>`, `>sent (1)</a>`, `>retry (1)</a>`, `>failed (1)</a>`, `>skipped (0)</a>`, `>sending (0)</a>`,
			"ok@example.org", "slow@example.org", "dead@example.org", "<code>550 no such user</code>",
			// West of UTC-1 it is still the 30th: those readers' digests
			// are that date's.
			`Dates readers are living now: <a href="/admin/deliveries?date=2026-01-30">2026-01-30</a> <strong>2026-01-31</strong>.`},
			[]string{"<td>2026-01-30</td>"}},
		{"State", "?date=2026-01-31&state=retry", []string{"slow@example.org", `aria-current="page">retry (1)`,
			"next try 31 Jan 08:00"}, []string{"ok@example.org", "dead@example.org"}},
		{"OtherDate", "?date=2026-01-30", []string{"Showing 2026-01-30.", "<td>2026-01-30</td>", `>sent (1)</a>`,
			"&lt;digest-" + itoa(ok.ID) + "-2026-01-30@flashback.example&gt;"}, []string{"slow@example.org"}},
		{"EmptyDate", "?date=2026-02-05", []string{"No delivery here.", `>all (0)</a>`}, []string{"ok@example.org"}},
		{"AllDates", "?date=all", []string{"Showing every date.", "<td>2026-01-30</td>", "<td>2026-01-31</td>"},
			[]string{`>all (`}},
		{"OneSubscriber", "?subscriber=" + itoa(ok.ID), []string{"Showing every date.", "<td>2026-01-30</td>",
			"<td>2026-01-31</td>", `name="subscriber" value="` + itoa(ok.ID) + `"`}, []string{"slow@example.org", "dead@example.org"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, body := b.get("/admin/deliveries" + c.query)
			wantStatus(t, res, body, http.StatusOK)
			wantContains(t, body, c.want...)
			for _, n := range c.not {
				if strings.Contains(body, n) {
					t.Errorf("page shows %q", n)
				}
			}
		})
	}
	t.Run("HostileErrorEscaped", func(t *testing.T) {
		_, body := b.get("/admin/deliveries?state=retry")
		if strings.Contains(body, "<script>alert") {
			t.Error("the error text was written as HTML")
		}
		wantContains(t, body, `451 &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`)
	})
	for _, q := range []string{"?date=31.1.2026", "?state=lost", "?subscriber=x"} {
		t.Run("Bad"+q, func(t *testing.T) {
			res, body := b.get("/admin/deliveries" + q)
			wantStatus(t, res, body, http.StatusBadRequest)
		})
	}
	t.Run("RowsLinkToSubscribers", func(t *testing.T) {
		_, body := b.get("/admin/deliveries")
		for _, sub := range []*flashback.Subscriber{ok, slow, dead} {
			wantContains(t, body, `<a href="/admin/subscribers/`+itoa(sub.ID)+`">`+sub.Email+`</a>`)
		}
	})
}

func TestDeliveriesPages(t *testing.T) {
	s := newSite(t)
	var emails []string
	for i := range 52 {
		emails = append(emails, fmt.Sprintf("r%02d@example.org", i))
	}
	s.seed(jan31, emails...)
	if n := s.deliver(jan31Wake, sentOutcome); n != 52 {
		t.Fatalf("%d digests sent", n)
	}
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	_, first := b.get("/admin/deliveries?date=2026-01-31&state=sent")
	_, second := b.get("/admin/deliveries?date=2026-01-31&state=sent&page=2")
	wantContains(t, first, "Page 1 of 2 (52 in all)", `>sent (52)</a>`)
	wantContains(t, second, "Page 2 of 2 (52 in all)")
	rows := strings.Count(first, "<td>2026-01-31</td>") + strings.Count(second, "<td>2026-01-31</td>")
	if rows != 52 {
		t.Errorf("%d rows over both pages, want 52", rows)
	}
	for _, e := range emails {
		if strings.Contains(first, ">"+e+"<") == strings.Contains(second, ">"+e+"<") {
			t.Errorf("%s is on both pages or on neither", e)
		}
	}
}
