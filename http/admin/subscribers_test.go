package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"flashback"
)

// hostileEmail is stored as is by SeedConfirmed, which trusts its input:
// pages must still show it as text.
const hostileEmail = `<img src=x onerror=alert(1)>@example.org`

// seed stores already-confirmed subscribers in Europe/Vienna waking at
// 07:00, each first due on nextDate, with their consent made at the
// database clock's instant.
func (s *site) seed(nextDate flashback.CivilDate, emails ...string) []*flashback.Subscriber {
	s.t.Helper()
	var subs []*flashback.Subscriber
	for _, e := range emails {
		subs = append(subs, &flashback.Subscriber{Email: e, NextDate: nextDate,
			Preferences: flashback.Preferences{TimeZone: "Europe/Vienna", WakeHour: 7, Categories: []string{"history", "science"}},
			Consent:     flashback.Consent{Source: "test import", RequestIP: "192.0.2.77"}})
	}
	if err := s.subs.SeedConfirmed(s.t.Context(), subs); err != nil {
		s.t.Fatal(err)
	}
	return subs
}

// deliver claims the digests due at the instant at and completes them with
// the outcome out chooses per subscriber ID; the database clock goes back
// to real time afterwards.
func (s *site) deliver(at time.Time, out func(c *flashback.Claim) flashback.Outcome) int {
	s.t.Helper()
	defer s.dbClock.Set(time.Time{})
	s.dbClock.Set(at)
	res, err := s.ledger.ClaimDeliveries(s.t.Context(), flashback.ClaimOptions{Limit: 1000, Lease: 5 * time.Minute, Cutoff: 12 * time.Hour})
	if err != nil {
		s.t.Fatal(err)
	}
	var outs []flashback.Outcome
	for _, c := range res.Claims {
		o := out(c)
		o.SubscriberID, o.LocalDate, o.Attempt = c.Subscriber.ID, c.LocalDate, c.Attempt
		outs = append(outs, o)
	}
	s.dbClock.Set(at.Add(time.Second))
	if err := s.ledger.CompleteDeliveries(s.t.Context(), outs); err != nil {
		s.t.Fatal(err)
	}
	return len(outs)
}

var (
	jan31     = flashback.CivilDate{Year: 2026, Month: time.January, Day: 31}
	jan31Wake = time.Date(2026, time.January, 31, 6, 0, 0, 0, time.UTC) // 07:00 in Vienna
)

func sentOutcome(c *flashback.Claim) flashback.Outcome {
	return flashback.Outcome{State: flashback.DeliverySent,
		MessageID: fmt.Sprintf("<digest-%d-%s@flashback.example>", c.Subscriber.ID, c.LocalDate)}
}

func TestSubscriberPagesNeedSignIn(t *testing.T) {
	s := newSite(t)
	sub := s.seed(jan31, "reader@example.org")[0]
	b := s.browser()
	for _, path := range []string{"/admin/subscribers", "/admin/subscribers/" + itoa(sub.ID), "/admin/deliveries"} {
		t.Run("GET"+strings.ReplaceAll(path, "/", "_"), func(t *testing.T) {
			res, body := b.get(path)
			wantStatus(t, res, body, http.StatusSeeOther)
			if loc := res.Header.Get("Location"); loc != "/admin/login?next="+url.QueryEscape(path) ||
				strings.Contains(body, "reader@example.org") {
				t.Errorf("Location %q, body %q", loc, body)
			}
		})
	}
	t.Run("POSTSuppress", func(t *testing.T) {
		res, body := b.post("/admin/subscribers/"+itoa(sub.ID)+"/suppress", url.Values{"reason": {"spam"}})
		wantStatus(t, res, body, http.StatusUnauthorized)
		assertStatus(t, s, sub.ID, flashback.SubscriberConfirmed)
	})
}

func assertStatus(t *testing.T, s *site, id int64, want flashback.SubscriberStatus) *flashback.Subscriber {
	t.Helper()
	got, err := s.subs.FindSubscriberByID(t.Context(), id)
	if err != nil || got.Status != want {
		t.Fatalf("subscriber %d = %+v, %v; want status %q", id, got, err, want)
	}
	return got
}

func TestSubscriberList(t *testing.T) {
	s := newSite(t)
	subs := s.seed(jan31, "ann@example.net", "bob@example.org", hostileEmail, "gone@example.org")
	if err := s.subs.Unsubscribe(t.Context(), subs[3].ID, "one-click"); err != nil {
		t.Fatal(err)
	}
	b := s.signedIn("ed@example.org", flashback.RoleEditor)

	t.Run("CountsAndRows", func(t *testing.T) {
		res, body := b.get("/admin/subscribers")
		wantStatus(t, res, body, http.StatusOK)
		wantContains(t, body, `>all (4)</a>`, `>pending (0)</a>`, `>confirmed (3)</a>`, `>unsubscribed (1)</a>`,
			`>suppressed (0)</a>`, `href="/admin/subscribers/`+itoa(subs[0].ID)+`">ann@example.net</a>`,
			"<td>Europe/Vienna</td>", "<td>07:00</td>", "<td>history, science</td>", "<td>2026-01-31</td>",
			`href="/admin/subscribers" aria-current="page">Subscribers</a>`, `href="/admin/deliveries"`)
	})
	t.Run("HostileAddressEscaped", func(t *testing.T) {
		_, body := b.get("/admin/subscribers")
		if strings.Contains(body, "<img src=x") {
			t.Error("the address was written as HTML")
		}
		wantContains(t, body, "&lt;img src=x onerror=alert(1)&gt;@example.org")
	})
	cases := []struct {
		name, query string
		want, not   []string
	}{
		{"Status", "?status=unsubscribed", []string{"gone@example.org", `aria-current="page">unsubscribed (1)`},
			[]string{"ann@example.net", "bob@example.org"}},
		{"Search", "?q=EXAMPLE.NET", []string{"ann@example.net", `value="EXAMPLE.NET"`}, []string{"bob@example.org", "gone@example.org"}},
		{"StatusAndSearch", "?status=confirmed&q=bob", []string{"bob@example.org"}, []string{"ann@example.net", "gone@example.org"}},
		{"NoMatch", "?q=nobody", []string{"No subscriber here."}, []string{"ann@example.net"}},
		{"HostileSearchEscaped", "?q=%22%3E%3Cscript%3Ex%3C%2Fscript%3E", []string{"&#34;&gt;&lt;script&gt;x&lt;/script&gt;"},
			[]string{"<script>x"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, body := b.get("/admin/subscribers" + c.query)
			wantStatus(t, res, body, http.StatusOK)
			wantContains(t, body, c.want...)
			for _, n := range c.not {
				if strings.Contains(body, n) {
					t.Errorf("page shows %q", n)
				}
			}
		})
	}
	t.Run("StoppedHasNoNextDigest", func(t *testing.T) {
		// The stored next date outlives the stop; no digest is due.
		_, body := b.get("/admin/subscribers?status=unsubscribed")
		if strings.Contains(body, "<td>2026-01-31</td>") {
			t.Error("the list gives an unsubscribed reader a next digest")
		}
		res, body := b.get("/admin/subscribers/" + itoa(subs[3].ID))
		wantStatus(t, res, body, http.StatusOK)
		wantContains(t, body, "<dt>Next digest</dt><dd>none scheduled</dd>", "unsubscribed — ")
	})
	t.Run("UnknownStatus", func(t *testing.T) {
		res, body := b.get("/admin/subscribers?status=banned")
		wantStatus(t, res, body, http.StatusBadRequest)
	})
}

func TestSubscriberListPages(t *testing.T) {
	s := newSite(t)
	var emails []string
	for i := range 53 {
		emails = append(emails, fmt.Sprintf("r%02d@example.org", i))
	}
	s.seed(jan31, emails...)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	res, body := b.get("/admin/subscribers?q=example.org")
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, "r52@example.org", "r03@example.org", "Page 1 of 2 (53 in all)", `rel="next"`)
	if strings.Contains(body, "r02@example.org") {
		t.Error("page 1 shows the 51st subscriber")
	}
	res, body = b.get("/admin/subscribers?q=example.org&page=2")
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, "r02@example.org", "r00@example.org", "Page 2 of 2", `rel="prev"`)
	if strings.Contains(body, "r03@example.org") {
		t.Error("page 2 repeats page 1")
	}
}

func TestSubscriberDetail(t *testing.T) {
	s := newSite(t)
	sub := s.seed(jan31, "reader@example.org")[0]
	for day := range 32 {
		if n := s.deliver(jan31Wake.Add(time.Duration(day)*24*time.Hour), sentOutcome); n != 1 {
			t.Fatalf("day %d: %d digests", day, n)
		}
	}
	page := "/admin/subscribers/" + itoa(sub.ID)
	t.Run("EditorSeesNoNetworkAddress", func(t *testing.T) {
		b := s.signedIn("ed@example.org", flashback.RoleEditor)
		res, body := b.get(page)
		wantStatus(t, res, body, http.StatusOK)
		wantContains(t, body, "<h1>reader@example.org</h1>", "Europe/Vienna", "07:00", "history, science",
			"through test import; network address recorded", "2026-03-03")
		if strings.Contains(body, "192.0.2.77") || strings.Contains(body, "/suppress") {
			t.Error("an editor sees the network address or the suppress form")
		}
	})
	t.Run("AdminSeesNetworkAddress", func(t *testing.T) {
		b := s.signedIn("boss@example.org", flashback.RoleAdmin)
		_, body := b.get(page)
		wantContains(t, body, "through test import, from 192.0.2.77", `action="`+page+`/suppress"`)
	})
	t.Run("LastThirtyDeliveries", func(t *testing.T) {
		b := s.signedIn("ed2@example.org", flashback.RoleEditor)
		_, body := b.get(page)
		if n := strings.Count(body, "<td>sent</td>"); n != 30 {
			t.Errorf("%d deliveries shown, want 30", n)
		}
		// 32 digests from 31 January to 3 March; the two oldest are left out.
		wantContains(t, body, "<td>2026-03-03</td>", "<td>2026-02-02</td>", "2 older not shown",
			`href="/admin/deliveries?subscriber=`+itoa(sub.ID)+`"`, "&lt;digest-"+itoa(sub.ID)+"-2026-03-03@flashback.example&gt;")
		if strings.Contains(body, "<td>2026-02-01</td>") {
			t.Error("the 31st delivery is shown")
		}
	})
	t.Run("Unknown", func(t *testing.T) {
		b := s.signedIn("ed3@example.org", flashback.RoleEditor)
		res, body := b.get("/admin/subscribers/999")
		wantStatus(t, res, body, http.StatusNotFound)
	})
}

func TestSuppress(t *testing.T) {
	s := newSite(t)
	subs := s.seed(jan31, "complainer@example.org", "other@example.org")
	id := subs[0].ID
	page := "/admin/subscribers/" + itoa(id)
	admin := s.signedIn("boss@example.org", flashback.RoleAdmin)
	ed := s.signedIn("ed@example.org", flashback.RoleEditor)

	t.Run("EditorForbidden", func(t *testing.T) {
		res, body := ed.send(page, page+"/suppress", url.Values{"reason": {"complaint"}})
		wantStatus(t, res, body, http.StatusForbidden)
		assertStatus(t, s, id, flashback.SubscriberConfirmed)
	})
	t.Run("CSRFRefused", func(t *testing.T) {
		foreign := ed.csrfFrom(page)
		for name, token := range map[string]string{"Missing": "", "Garbage": "abc", "OtherSession": foreign} {
			res, body := admin.post(page+"/suppress", url.Values{"csrf": {token}, "reason": {"complaint"}})
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s token: status %d; body %.300s", name, res.StatusCode, body)
			}
		}
		assertStatus(t, s, id, flashback.SubscriberConfirmed)
	})
	t.Run("ReasonRequired", func(t *testing.T) {
		res, body := admin.send(page, page+"/suppress", url.Values{"reason": {"   "}})
		wantStatus(t, res, body, http.StatusBadRequest)
		wantContains(t, body, "Please say why", `action="`+page+`/suppress"`)
		assertStatus(t, s, id, flashback.SubscriberConfirmed)
	})
	t.Run("Suppresses", func(t *testing.T) {
		res, body := admin.send(page, page+"/suppress", url.Values{"reason": {`complaint <b>"spam"</b>`}})
		wantStatus(t, res, body, http.StatusSeeOther)
		if loc := res.Header.Get("Location"); loc != page+"?done=suppress" {
			t.Errorf("Location = %q", loc)
		}
		got := assertStatus(t, s, id, flashback.SubscriberSuppressed)
		if got.StatusReason != `complaint <b>"spam"</b> (by boss@example.org)` {
			t.Errorf("reason = %q", got.StatusReason)
		}
		if ok, err := s.subs.IsSuppressed(t.Context(), "complainer@example.org"); !ok || err != nil {
			t.Errorf("not on the suppression list: %v, %v", ok, err)
		}
		assertStatus(t, s, subs[1].ID, flashback.SubscriberConfirmed)
		_, body = admin.get(page + "?done=suppress")
		wantContains(t, body, "Subscriber suppressed", "complaint &lt;b&gt;&#34;spam&#34;&lt;/b&gt; (by boss@example.org)")
		if strings.Contains(body, "<b>") || strings.Contains(body, `action="`+page+`/suppress"`) {
			t.Error("the reason is HTML, or the form is still offered")
		}
	})
	t.Run("Twice", func(t *testing.T) {
		res, body := admin.send(page, page+"/suppress", url.Values{"reason": {"again"}})
		wantStatus(t, res, body, http.StatusConflict)
		if got := assertStatus(t, s, id, flashback.SubscriberSuppressed); strings.Contains(got.StatusReason, "again") {
			t.Errorf("the first reason was overwritten: %q", got.StatusReason)
		}
	})
	t.Run("NoMailSent", func(t *testing.T) {
		if entries, err := os.ReadDir(s.outbox); err == nil && len(entries) > 0 {
			t.Errorf("the outbox holds %d message(s)", len(entries))
		}
	})
}
