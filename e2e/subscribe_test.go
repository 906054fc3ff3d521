package e2e

import (
	"mime"
	"net/http"
	netmail "net/mail"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/cmd/flashback/app"
	"flashback/mail/smtpsink"
)

// The digest's readers and sender in these tests.
const (
	subFrom   = "Flashback Digest <digest@flashback.test>"
	aliceAddr = "alice@example.org"
	bobAddr   = "bob@example.net"
)

// Selectors of the subscription pages.
const (
	selFooterSubmit = ".signup-form button[type=submit]"
	selPageSubmit   = `main form[action="/subscribe"] button[type=submit]`
	selConfirm      = `main form[action^="/confirm/"] button[type=submit]`
	selUnsubscribe  = `main form[action^="/unsubscribe/"] button[type=submit]`
)

// reader is one subscriber as the test follows them.
type reader struct {
	email   string
	confirm string // the confirmation link from their mail
	manage  string // the token of their manage page
	id      int64
	digest  inMail // their first digest
}

// subFlow is the state the steps of TestSubscribe_WakeUpInTokyo share.
type subFlow struct {
	site       *Site
	sink       *smtpsink.Sink
	browser    *Browser
	tokyo      *time.Location
	alice, bob reader
}

// TestSubscribe_WakeUpInTokyo is the digest's whole life in a real browser
// with a real SMTP server: a reader in Tokyo signs up from the footer at
// 18:00 on 31 January, confirms through the mailed link and gets one
// digest at 06:00 on 1 February, Tokyo's date, while the site's zone (Los
// Angeles) and UTC are still on 31 January. They change their preferences
// on the manage page, export their data, and leave with one click from
// their mail client; a second reader sees that the unsubscribe link only
// asks until its button is pressed.
func TestSubscribe_WakeUpInTokyo(t *testing.T) { wakeUpInTokyo(t) }

// TestSubscribe_WakeUpInTokyo_Postgres is the same life with the site's
// data in PostgreSQL.
func TestSubscribe_WakeUpInTokyo_Postgres(t *testing.T) { wakeUpInTokyo(t, OnPostgres(t)) }

func wakeUpInTokyo(t *testing.T, opts ...SiteOption) {
	begin := time.Now()
	tokyo := Zone(t, "Asia/Tokyo")
	sink := smtpsink.StartT(t, smtpsink.Options{})
	site := StartSite(t, append([]SiteOption{
		WithClock(time.Date(2026, time.January, 31, 18, 0, 0, 0, tokyo)),
		WithConfig(func(c *app.Config) {
			c.SMTPURL = sink.URL()
			c.MailFrom = subFrom
		})}, opts...)...)
	f := &subFlow{site: site, sink: sink, browser: StartBrowser(t), tokyo: tokyo,
		alice: reader{email: aliceAddr}, bob: reader{email: bobAddr}}
	steps := []struct {
		name string
		run  func(*testing.T)
	}{
		{"SignUpFromTheFooterInTokyo", f.signUpFromFooter},
		{"ConfirmThroughTheMailedLink", f.confirmAlice},
		{"SecondReaderSignsUpOnSubscribePage", f.signUpOnPage},
		{"OneDigestOnTokyosMorning", f.firstDigest},
		{"ManagePageKeepsNewPreferences", f.changePreferences},
		{"OneClickUnsubscribe", f.oneClickUnsubscribe},
		{"UnsubscribeLinkOnlyAsks", f.unsubscribePageAsks},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.run) {
			return // every step builds on the ones before
		}
	}
	t.Logf("the whole flow took %v", time.Since(begin).Round(time.Millisecond))
}

// signUpFromFooter: the footer's form on today's page, in a browser whose
// zone is Tokyo's.
func (f *subFlow) signUpFromFooter(t *testing.T) {
	p := f.browser.NewPage(t, f.site.URL)
	p.SetTimezone("Asia/Tokyo")
	p.SyncClock(f.site.Clock.Now())
	p.Open("/")
	if got := p.Text(selHeading); got != "Flashback to January 31" {
		t.Fatalf("today's heading %q, want 31 January", got)
	}
	// The server knew only its own zone; the page's script put the
	// browser's in the field.
	if got := Eval[string](p, `document.getElementById("signup-tz").getAttribute("value")`); got != defaultZone {
		t.Errorf("the server pre-filled the zone with %q, want the site's %q (no tz cookie yet)", got, defaultZone)
	}
	if got := p.Value("#signup-tz"); got != "Asia/Tokyo" {
		t.Fatalf("the footer's zone field holds %q, want the browser's Asia/Tokyo", got)
	}
	if got := p.Value("#signup-hour"); got != "07:00" {
		t.Errorf("the default wake-up hour is %q, want 07:00", got)
	}
	p.Fill("#signup-email", f.alice.email)
	p.Select("#signup-hour", "06:00")
	p.Screenshot("1-footer-form")
	if status := p.Follow(selFooterSubmit); status != http.StatusOK {
		t.Fatalf("sign-up answered %d", status)
	}
	if got := p.Text(selHeading); got != "Check your inbox" {
		t.Fatalf("after the sign-up the page says %q", got)
	}
	p.Screenshot("2-thank-you")

	m := decodeMail(t, waitMails(t, f.sink, 1)[0])
	f.alice.confirm = f.checkConfirmMail(t, m, f.alice.email, "06:00 (Asia/Tokyo)")
}

// checkConfirmMail checks the double opt-in mail to addr and returns its
// link.
func (f *subFlow) checkConfirmMail(t *testing.T, m inMail, addr, schedule string) string {
	t.Helper()
	if !slices.Equal(m.To, []string{addr}) {
		t.Fatalf("the confirmation went to %v, want %s", m.To, addr)
	}
	from, err := netmail.ParseAddress(m.Header.Get("From"))
	if want, _ := netmail.ParseAddress(subFrom); err != nil || *from != *want {
		t.Errorf("From %q (%v), want %q", m.Header.Get("From"), err, subFrom)
	}
	if mt, _, _ := mime.ParseMediaType(m.Header.Get("Content-Type")); mt != "multipart/alternative" ||
		!slices.Equal(m.Parts, []string{"text/plain", "text/html"}) {
		t.Errorf("the confirmation is %q with parts %v, want multipart/alternative of text and HTML", mt, m.Parts)
	}
	if !strings.Contains(strings.ToLower(m.Subject), "confirm") {
		t.Errorf("the confirmation's subject %q does not ask to confirm", m.Subject)
	}
	for _, h := range []string{"Message-ID", "Date"} {
		if m.Header.Get(h) == "" {
			t.Errorf("the confirmation has no %s", h)
		}
	}
	link := findIn(t, "the confirmation's text", `(`+regexp.QuoteMeta(f.site.URL)+`/confirm/[A-Za-z0-9_-]{40,})`, m.Text)
	mustContain(t, "the confirmation's HTML", m.HTML, `href="`+link+`"`)
	mustContain(t, "the confirmation's text", m.Text, schedule)
	return link
}

// confirmAlice opens the mailed link: a page with a button, which confirms.
func (f *subFlow) confirmAlice(t *testing.T) {
	p := f.browser.NewPage(t, f.site.URL)
	p.SetTimezone("Asia/Tokyo")
	f.alice.manage = f.confirmIn(t, p, f.alice.confirm, "3-confirm")
	mustContain(t, "the confirmed page", p.Text("main"), f.alice.email,
		"Sunday, 1 February 2026", "06:00 (Asia/Tokyo)")
	sub := f.site.managed(t, f.alice.manage)
	f.alice.id = sub.ID
	want := flashback.Preferences{TimeZone: "Asia/Tokyo", WakeHour: 6}
	if sub.Status != flashback.SubscriberConfirmed || sub.TimeZone != want.TimeZone || sub.WakeHour != want.WakeHour || len(sub.Categories) != 0 {
		t.Errorf("stored subscriber: status %s, %+v; want confirmed, %+v, every category", sub.Status, sub.Preferences, want)
	}
	if sub.NextDate != (flashback.CivilDate{Year: 2026, Month: time.February, Day: 1}) {
		t.Errorf("first digest on %s, want 2026-02-01 (Tokyo's next 06:00)", sub.NextDate)
	}
	if sub.Consent.ConfirmedAt.IsZero() || !strings.Contains(sub.Consent.Source, "sign-up box") {
		t.Errorf("consent record %+v lacks the confirmation or the form", sub.Consent)
	}
}

// confirmIn opens a confirmation link in p, checks that the GET alone
// confirms nothing, presses the button and returns the manage token the
// confirmed page links to.
func (f *subFlow) confirmIn(t *testing.T, p *Page, link, shot string) string {
	t.Helper()
	if status := p.openLink(link); status != http.StatusOK {
		t.Fatalf("GET %s: status %d", link, status)
	}
	if got := p.Text(selHeading); got != "Confirm your subscription" {
		t.Fatalf("the confirmation link shows %q", got)
	}
	p.Screenshot(shot)
	if status := p.Follow(selConfirm); status != http.StatusOK {
		t.Fatalf("confirming answered %d", status)
	}
	if got := p.Text(selHeading); got != "You are subscribed" {
		t.Fatalf("after confirming the page says %q", got)
	}
	p.Screenshot(shot + "ed")
	href := p.Attrs(`main a[href^="/subscription/"]`, "href")
	if len(href) != 1 {
		t.Fatalf("the confirmed page links to %d manage pages", len(href))
	}
	return strings.TrimPrefix(href[0], "/subscription/")
}

// signUpOnPage: a second reader uses /subscribe, typing a zone over the
// one their browser (London) gave, and confirms.
func (f *subFlow) signUpOnPage(t *testing.T) {
	p := f.browser.NewPage(t, f.site.URL)
	p.SetTimezone("Europe/London")
	p.Open("/subscribe")
	if got := p.Value("#sub-tz"); got != "Europe/London" {
		t.Errorf("the form's zone field holds %q, want the browser's Europe/London", got)
	}
	p.Fill("#sub-email", f.bob.email)
	p.Retype("#sub-tz", "Asia/Tokyo")
	p.Select("#sub-hour", "06:00")
	if status := p.Follow(selPageSubmit); status != http.StatusOK {
		t.Fatalf("sign-up answered %d", status)
	}
	if got := p.Text(selHeading); got != "Check your inbox" {
		t.Fatalf("after the sign-up the page says %q", got)
	}
	waitMails(t, f.sink, 2)
	mails := mailsTo(t, f.sink, f.bob.email, false)
	if len(mails) != 1 {
		t.Fatalf("%d confirmation mails to %s, want 1", len(mails), f.bob.email)
	}
	link := f.checkConfirmMail(t, mails[0], f.bob.email, "06:00 (Asia/Tokyo)")
	f.bob.manage = f.confirmIn(t, p, link, "4-second-reader-confirm")
	sub := f.site.managed(t, f.bob.manage)
	f.bob.id = sub.ID
	if sub.TimeZone != "Asia/Tokyo" || !strings.Contains(sub.Consent.Source, "/subscribe") {
		t.Errorf("stored: zone %q, consent source %q; want Asia/Tokyo from /subscribe", sub.TimeZone, sub.Consent.Source)
	}
}
