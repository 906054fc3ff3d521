package e2e

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"flashback/cmd/flashback/app"
	"flashback/mail/smtpsink"
	"flashback/newsletter"
)

// A reader whose browser already told the site its zone (the tz cookie the
// site's script sets on the first page) finds that zone in the /subscribe
// form, not the site's.
func TestSubscribe_FormRemembersTheReadersZone(t *testing.T) {
	site := StartSite(t)
	p := OpenPage(t, site)
	p.SetTimezone("Asia/Tokyo")
	p.Open("/categories") // any page: the script stores the zone
	if v, ok := p.Cookie("tz"); !ok || unescape(t, v) != "Asia/Tokyo" {
		t.Fatalf("tz cookie %q (set: %v), want Asia/Tokyo", v, ok)
	}
	p.Open("/subscribe")
	if got := p.Value("#sub-tz"); got != "Asia/Tokyo" {
		p.Screenshot("subscribe-form-zone")
		t.Errorf("the /subscribe form offers the zone %q to a reader whose browser said Asia/Tokyo", got)
	}
	if got := p.Value("#signup-tz"); got != "Asia/Tokyo" {
		t.Errorf("the footer of /subscribe offers the zone %q to a reader whose browser said Asia/Tokyo", got)
	}
}

// The manage page shows the zone the subscriber chose, even in a browser
// elsewhere that has not visited the site before, and saving it unchanged
// keeps that zone.
func TestSubscribe_ManagePageKeepsTheStoredZone(t *testing.T) {
	sink := smtpsink.StartT(t, smtpsink.Options{})
	site := StartSite(t, WithConfig(func(c *app.Config) { c.SMTPURL = sink.URL() }))
	token := confirmedByService(t, site, sink, "traveller@example.org", "Asia/Tokyo")

	p := OpenPage(t, site)
	p.SetTimezone("America/New_York") // on a trip, on a new device: no tz cookie yet
	p.Open("/subscription/" + token)
	if got := p.Value("#sub-tz"); got != "Asia/Tokyo" {
		p.Screenshot("manage-zone")
		t.Errorf("the manage page offers the zone %q for a subscriber who chose Asia/Tokyo", got)
	}
	if status := p.Follow(`main form[action="/subscription/` + token + `"] button[type=submit]`); status != http.StatusOK {
		t.Fatalf("saving answered %d", status)
	}
	if got := site.managed(t, token).TimeZone; got != "Asia/Tokyo" {
		t.Errorf("after saving the page untouched the stored zone is %q, want Asia/Tokyo", got)
	}
}

// confirmedByService signs addr up through the service and confirms it
// with the mailed token, and returns the manage token.
func confirmedByService(t *testing.T, site *Site, sink *smtpsink.Sink, addr, zone string) string {
	t.Helper()
	ctx := context.Background()
	before := len(sink.Messages())
	err := site.Main.Digest.Subscribe(ctx, newsletter.SignUp{Email: addr, TimeZone: zone, IP: "192.0.2.7", Source: "e2e set-up"})
	if err != nil {
		t.Fatalf("subscribe %s: %v", addr, err)
	}
	m := decodeMail(t, waitMails(t, sink, before+1)[before])
	tok := findIn(t, "the confirmation", regexp.QuoteMeta(site.URL)+`/confirm/([A-Za-z0-9_-]+)`, m.Text)
	sub, err := site.Main.Digest.Confirm(ctx, tok, "192.0.2.7")
	if err != nil {
		t.Fatalf("confirm %s: %v", addr, err)
	}
	return site.Main.Digest.ManageToken(sub)
}
