package subscribe_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"flashback"
)

func signUpForm(email string) url.Values {
	return url.Values{"email": {email}, "tz": {"Europe/Vienna"}, "hour": {"07:00"}, "from-page": {"1"}}
}

// confirmedBy signs email up through the form and confirms it through the
// mailed link; it returns the subscriber's manage path.
func (s *site) confirmedBy(t *testing.T, email string) (manage string, id int64) {
	t.Helper()
	before := len(s.sink.Messages())
	if code, body := post(t, s.url("/subscribe"), signUpForm(email)); code != http.StatusOK || !strings.Contains(body, "Check your inbox") {
		t.Fatalf("POST /subscribe: %d\n%s", code, body)
	}
	msgs, err := s.sink.WaitFor(before+1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	token := find(t, regexp.QuoteMeta(baseURL)+`/confirm/([A-Za-z0-9_-]+)`, textOf(t, msgs[len(msgs)-1]))
	// Opening the link only asks.
	if code, body := get(t, s.url("/confirm/"+token)); code != http.StatusOK || !strings.Contains(body, `action="/confirm/`+token+`"`) {
		t.Fatalf("GET /confirm: %d\n%s", code, body)
	}
	code, body := post(t, s.url("/confirm/"+token), nil)
	if code != http.StatusOK || !strings.Contains(body, "You are subscribed") {
		t.Fatalf("POST /confirm: %d\n%s", code, body)
	}
	manage = find(t, `href="(/subscription/[A-Za-z0-9_-]+)"`, body)
	sub, err := s.svc.Manage(context.Background(), strings.TrimPrefix(manage, "/subscription/"))
	if err != nil {
		t.Fatal(err)
	}
	return manage, sub.ID
}

// TestFlow_SignUpToOneClickUnsubscribe is the whole path by plain HTTP and
// real SMTP.
func TestFlow_SignUpToOneClickUnsubscribe(t *testing.T) {
	s := newSite(t)
	code, body := get(t, s.url("/subscribe"))
	for _, want := range []string{`name="email"`, `name="tz"`, `name="hour"`, `name="category"`, `name="website"`, `value="07:00" selected`} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("GET /subscribe: %d, lacks %s", code, want)
		}
	}
	_, id := s.confirmedBy(t, "reader@example.org")
	if got := s.status(t, id); got != flashback.SubscriberConfirmed {
		t.Fatalf("status %q", got)
	}

	s.set(jan31)
	if st, err := s.sched.RunOnce(context.Background()); err != nil || st.Sent != 1 {
		t.Fatalf("pass: %v, %v", st, err)
	}
	msgs := s.sink.Messages()
	digest := msgs[len(msgs)-1]
	if digest.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" ||
		!strings.HasPrefix(digest.Header.Get("Subject"), "Flashback to January 31") {
		t.Fatalf("digest headers: %v", digest.Header)
	}
	unsub := find(t, `^<`+regexp.QuoteMeta(baseURL)+`(/unsubscribe/[A-Za-z0-9_-]+)>`, digest.Header.Get("List-Unsubscribe"))

	// A link scanner's GET changes nothing.
	if code, body := get(t, s.url(unsub)); code != http.StatusOK || !strings.Contains(body, "reader@example.org") {
		t.Fatalf("GET unsubscribe: %d\n%s", code, body)
	}
	if got := s.status(t, id); got != flashback.SubscriberConfirmed {
		t.Fatalf("GET unsubscribed the reader: %q", got)
	}
	// The mail client's RFC 8058 POST: no cookie, no CSRF token.
	if code, _ := post(t, s.url(unsub), url.Values{"List-Unsubscribe": {"One-Click"}}); code != http.StatusOK {
		t.Fatalf("one-click POST: %d", code)
	}
	sub, _ := s.subs.FindSubscriberByID(context.Background(), id)
	if sub.Status != flashback.SubscriberUnsubscribed || sub.StatusReason != "one-click" {
		t.Fatalf("after one-click: %q (%s)", sub.Status, sub.StatusReason)
	}
	before := len(s.sink.Messages())
	s.set(jan31.Add(24 * time.Hour))
	if st, err := s.sched.RunOnce(context.Background()); err != nil || st.Claimed != 0 {
		t.Errorf("next day: %v, %v", st, err)
	}
	if n := len(s.sink.Messages()); n != before {
		t.Errorf("%d mails after unsubscribing", n-before)
	}
}

func TestManagePage(t *testing.T) {
	s := newSite(t)
	manage, id := s.confirmedBy(t, "m@example.org")
	code, body := get(t, s.url(manage))
	if code != http.StatusOK || !strings.Contains(body, "m@example.org") || !strings.Contains(body, `value="Europe/Vienna"`) {
		t.Fatalf("GET manage: %d\n%s", code, body)
	}
	cases := []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{"Saved", url.Values{"tz": {"Asia/Tokyo"}, "hour": {"06:00"}, "category": {flashback.CategoryMusic}}, http.StatusOK, "Saved."},
		{"BadZone", url.Values{"tz": {"Atlantis/Capital"}, "hour": {"06:00"}}, http.StatusBadRequest, "is not a time zone we know"},
		{"BadCategory", url.Values{"tz": {"UTC"}, "hour": {"06:00"}, "category": {"gossip"}}, http.StatusBadRequest, "There is no category"},
		// Not an hour: the form comes back with the stored one, 06:00
		// since Saved, not midnight.
		{"BadHour", url.Values{"tz": {"Asia/Tokyo"}, "hour": {"99"}}, http.StatusBadRequest, `value="06:00" selected`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := post(t, s.url(manage), c.form)
			if code != c.status || !strings.Contains(body, c.want) {
				t.Errorf("POST: %d, want %d with %q\n%s", code, c.status, c.want, body)
			}
		})
	}
	sub, _ := s.subs.FindSubscriberByID(context.Background(), id)
	if sub.TimeZone != "Asia/Tokyo" || sub.WakeHour != 6 || len(sub.Categories) != 1 {
		t.Errorf("stored preferences: %+v", sub.Preferences)
	}
	resp, err := client.Get(s.url(manage + "/export"))
	if err != nil {
		t.Fatal(err)
	}
	var x map[string]any
	err = json.NewDecoder(resp.Body).Decode(&x)
	resp.Body.Close()
	if err != nil || x["email"] != "m@example.org" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("export: %v, %v", x, err)
	}
	if code, body := post(t, s.url(manage+"/delete"), nil); code != http.StatusOK || !strings.Contains(body, "deleted") {
		t.Fatalf("delete: %d\n%s", code, body)
	}
	if code, _ := get(t, s.url(manage)); code != http.StatusNotFound {
		t.Errorf("manage page after deletion: %d, want 404", code)
	}
	if code, _ := get(t, s.url("/subscription/forged-token")); code != http.StatusNotFound {
		t.Errorf("forged manage link: %d, want 404", code)
	}
}

// TestSignUp_NoEnumeration: the answer to a new, a pending and a confirmed
// address is the same, byte for byte.
func TestSignUp_NoEnumeration(t *testing.T) {
	s := newSite(t)
	s.confirmedBy(t, "confirmed@example.org")
	post(t, s.url("/subscribe"), signUpForm("pending@example.org"))
	s.set(s.clock().Add(time.Hour))
	var bodies []string
	for _, email := range []string{"new@example.org", "pending@example.org", "confirmed@example.org"} {
		code, body := post(t, s.url("/subscribe"), signUpForm(email))
		if code != http.StatusOK {
			t.Errorf("%s: %d", email, code)
		}
		bodies = append(bodies, body)
	}
	if bodies[0] != bodies[1] || bodies[1] != bodies[2] {
		t.Error("the page after sign-up differs between new, pending and confirmed addresses")
	}
}

func TestSignUp_Refusals(t *testing.T) {
	s := newSite(t)
	honey := signUpForm("bot@example.org")
	honey.Set("website", "http://spam.example")
	badZone := signUpForm("z@example.org")
	badZone.Set("tz", "Mars/Base")
	absurdHour := signUpForm("h@example.org")
	absurdHour.Set("hour", "99999999999999999999")
	cases := []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{"Honeypot", honey, http.StatusBadRequest, "took this for a program"},
		{"BadZone", badZone, http.StatusBadRequest, "is not a time zone we know"},
		{"BadEmail", signUpForm("nope"), http.StatusBadRequest, "does not look like an e-mail address"},
		{"BidiInEmail", signUpForm("a\u202eb@example.org"), http.StatusBadRequest, "invisible characters"},
		{"AbsurdHour", absurdHour, http.StatusBadRequest, "That is not a wake-up hour"},
		{"First", signUpForm("twice@example.org"), http.StatusOK, "Check your inbox"},
		{"TooSoon", signUpForm("twice@example.org"), http.StatusTooManyRequests, "a moment ago"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := post(t, s.url("/subscribe"), c.form)
			if code != c.status || !strings.Contains(body, c.want) {
				t.Errorf("%d, want %d with %q\n%s", code, c.status, c.want, body)
			}
			if code != http.StatusOK && !strings.Contains(body, `name="email" type="email" value="`+c.form.Get("email")+`"`) {
				t.Errorf("the refused form is not shown again, filled in")
			}
			// The zone sent comes back as sent, out of the page script's
			// reach: it would put the browser's zone in its place.
			if code != http.StatusOK {
				field := regexp.MustCompile(`<input id="sub-tz"[^>]*>`).FindString(body)
				if !strings.Contains(field, `value="`+c.form.Get("tz")+`"`) || strings.Contains(field, "data-tz-fill") {
					t.Errorf("zone field %s; want %q, kept from the script", field, c.form.Get("tz"))
				}
			}
		})
	}
	if n := len(s.sink.Messages()); n != 1 {
		t.Errorf("%d mails sent, want 1", n)
	}
}

// A browser's sign-up sent from another site is refused and stores
// nothing; the site's own pages, behind a proxy too, and clients that are
// not browsers sign up.
func TestSignUp_FromAnotherSite(t *testing.T) {
	s := newSite(t)
	cases := []struct {
		name    string
		headers map[string]string
		status  int
	}{
		{"CrossSiteFetch", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"SiblingSubdomain", map[string]string{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"OtherOrigin", map[string]string{"Origin": "https://forms.example"}, http.StatusForbidden},
		{"OwnPage", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": s.srv.URL}, http.StatusOK},
		// A proxy passed another Host on; the page was the site's.
		{"OwnOriginBehindProxy", map[string]string{"Origin": baseURL}, http.StatusOK},
		{"TypedByTheReader", map[string]string{"Sec-Fetch-Site": "none"}, http.StatusOK},
		{"NotABrowser", nil, http.StatusOK},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			email := fmt.Sprintf("reader%d@example.org", i)
			req, err := http.NewRequest(http.MethodPost, s.url("/subscribe"), strings.NewReader(signUpForm(email).Encode()))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range c.headers {
				req.Header.Set(k, v)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != c.status {
				t.Errorf("status %d, want %d", resp.StatusCode, c.status)
			}
			_, n, err := s.subs.ListSubscribers(context.Background(), flashback.SubscriberFilter{Search: email})
			if err != nil {
				t.Fatal(err)
			}
			if stored := n == 1; stored != (c.status == http.StatusOK) {
				t.Errorf("%d subscribers of %s after a %d", n, email, resp.StatusCode)
			}
		})
	}
}

// A reader who stopped reads on their page why, as far as it is theirs to
// read, and how to come back where that can work.
func TestManagePage_Stopped(t *testing.T) {
	tests := []struct {
		name      string
		stop      func(s *site, id int64) error
		want, not []string
	}{
		{"Unsubscribed", func(s *site, id int64) error { return s.subs.Unsubscribe(context.Background(), id, "one-click") },
			[]string{"unsubscribed", `<a href="/subscribe">Subscribe again</a>`}, []string{"could not be delivered"}},
		{"Bounced", func(s *site, id int64) error {
			return s.subs.SuppressSubscriber(context.Background(), id, flashback.SuppressBounce)
		}, []string{"mail to this address could not be delivered"}, []string{"Subscribe again"}},
		{"SuppressedByEditors", func(s *site, id int64) error {
			return s.subs.SuppressSubscriber(context.Background(), id, "complained (ticket 123)")
		}, []string{"we no longer send the digest to this address", `href="/contact"`},
			[]string{"could not be delivered", "ticket 123", "Subscribe again"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			manage, id := s.confirmedBy(t, "stop@example.org")
			if err := tt.stop(s, id); err != nil {
				t.Fatal(err)
			}
			code, body := get(t, s.url(manage))
			if code != http.StatusOK {
				t.Fatalf("GET manage: %d", code)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("page shows %q", n)
				}
			}
		})
	}
}
