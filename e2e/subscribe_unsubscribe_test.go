package e2e

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"flashback"
)

// unsubscribeLink returns the HTTPS link of a digest's List-Unsubscribe.
func (f *subFlow) unsubscribeLink(t *testing.T, r reader) (link, token string) {
	t.Helper()
	prefix := f.site.URL + "/unsubscribe/"
	link = findIn(t, "List-Unsubscribe", `^<(`+regexp.QuoteMeta(prefix)+`[A-Za-z0-9_-]+)>$`, r.digest.Header.Get("List-Unsubscribe"))
	return link, strings.TrimPrefix(link, prefix)
}

// oneClickUnsubscribe is the mail client's RFC 8058 request: a bare POST,
// no cookie, no CSRF token, and the subscription ends at once.
func (f *subFlow) oneClickUnsubscribe(t *testing.T) {
	link, _ := f.unsubscribeLink(t, f.alice)
	if status := oneClick(t, link); status < 200 || status > 299 {
		t.Fatalf("one-click POST %s: status %d, want 2xx", link, status)
	}
	sub := f.site.managed(t, f.alice.manage)
	if sub.Status != flashback.SubscriberUnsubscribed || sub.StatusReason != "one-click" {
		t.Errorf("after the one-click POST: status %s (%q), want unsubscribed by one-click", sub.Status, sub.StatusReason)
	}
}

// unsubscribePageAsks: opening the unsubscribe link, as a link scanner
// would, changes nothing; the next day's pass sends the second reader their
// digest and the first reader none; the button then unsubscribes.
func (f *subFlow) unsubscribePageAsks(t *testing.T) {
	site := f.site
	link, token := f.unsubscribeLink(t, f.bob)
	p := f.browser.NewPage(t, site.URL)
	if status := p.openLink(link); status != http.StatusOK {
		t.Fatalf("GET %s: status %d", link, status)
	}
	if got := p.Text(selHeading); got != "Unsubscribe" {
		t.Fatalf("the unsubscribe link shows %q", got)
	}
	mustContain(t, "the unsubscribe page", p.Text("main"), f.bob.email)
	p.Screenshot("7-unsubscribe-asks")
	if sub := site.unsubscriber(t, token); sub.Status != flashback.SubscriberConfirmed {
		t.Fatalf("opening the unsubscribe link left %s %s", f.bob.email, sub.Status)
	}

	// 08:30 UTC on 2 February: past 09:00 in Vienna, the first reader's new
	// time, and well within the cut-off of the second's 06:00 in Tokyo.
	site.Clock.Set(time.Date(2026, time.February, 2, 8, 30, 0, 0, time.UTC))
	n := len(f.sink.Messages())
	site.deliveryPass(t)
	waitMails(t, f.sink, n+1)
	if got := len(mailsTo(t, f.sink, f.alice.email, true)); got != 1 {
		t.Errorf("%s got %d digests in all, want only the one before unsubscribing", f.alice.email, got)
	}
	bobs := mailsTo(t, f.sink, f.bob.email, true)
	if len(bobs) != 2 || !strings.HasPrefix(bobs[len(bobs)-1].Subject, "Flashback to February 2") {
		t.Errorf("%s got %d digests, want a second one of 2 February", f.bob.email, len(bobs))
	}
	if got := len(f.sink.Messages()) - n; got != 1 {
		t.Errorf("the pass of 2 February sent %d mails, want 1", got)
	}

	if status := p.Follow(selUnsubscribe); status != http.StatusOK {
		t.Fatalf("the unsubscribe button answered %d", status)
	}
	if got := p.Text(selHeading); got != "You are unsubscribed" {
		t.Fatalf("after the button the page says %q", got)
	}
	p.Screenshot("8-unsubscribed")
	if sub := site.unsubscriber(t, token); sub.Status != flashback.SubscriberUnsubscribed {
		t.Fatalf("after the button %s is %s", f.bob.email, sub.Status)
	}
	site.Clock.Advance(24 * time.Hour)
	n = len(f.sink.Messages())
	if st := site.deliveryPass(t); st.Claimed != 0 || len(f.sink.Messages()) != n {
		t.Errorf("a pass a day after both left sent %d mails (%s), want none", len(f.sink.Messages())-n, st)
	}
}
