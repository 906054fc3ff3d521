package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/cmd/flashback/app"
	"flashback/mail/smtpsink"
)

// Selectors of the day's featured story.
const (
	selLead         = "article.card.lead"
	selLeadHeadline = "article.card.lead h2"
	selLeadLink     = "article.card.lead .more a"
	selLeadReason   = "article.card.lead .reason"
)

// The featured story a reader sees at the top of their today page is the
// one at the top of their digest that morning, on the calendar date of
// their own zone: in Tokyo the editors' pick for 1 February, in Los
// Angeles, still on 31 January, the automatic choice of that date.
func TestEdition_SameLeadOnPageAndInDigest(t *testing.T) {
	tokyo := Zone(t, "Asia/Tokyo")
	// 06:30 on 1 February in Tokyo is 13:30 on 31 January in Los Angeles.
	now := time.Date(2026, time.February, 1, 6, 30, 0, 0, tokyo)
	sink := smtpsink.StartT(t, smtpsink.Options{})
	site := StartSite(t, WithClock(now), WithConfig(func(c *app.Config) {
		c.SMTPURL = sink.URL()
		c.MailFrom = subFrom
	}))
	ctx := context.Background()
	picked := site.AddEvent(t, &flashback.Event{Date: flashback.HistDate{Year: 1976, Month: time.February, Day: 1},
		Category: flashback.CategoryHistory, Headline: "The editors' story of 1 February", Published: true,
		Body: "The opening paragraph of the editors' story.\n\nA second paragraph."})
	pick := &flashback.FeaturePick{Year: 2026, Month: time.February, Day: 1, EventID: picked.ID}
	if err := site.Main.Stores.Features.SetFeaturePick(ctx, pick); err != nil {
		t.Fatal(err)
	}
	cats, err := site.Main.Stores.Events.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, c := range cats {
		all = append(all, c.Slug)
	}
	tests := []struct {
		name, zone, email, heading string
		wake                       int
		date                       flashback.CivilDate
		want                       string // the lead's headline, when known in advance
	}{
		{"EditorsPickInTokyo", "Asia/Tokyo", "tokyo@example.org", "Flashback to February 1", 6,
			flashback.CivilDate{Year: 2026, Month: time.February, Day: 1}, picked.Headline},
		{"AutomaticInLosAngeles", "America/Los_Angeles", "la@example.org", "Flashback to January 31", 13,
			flashback.CivilDate{Year: 2026, Month: time.January, Day: 31}, ""},
	}
	var subs []*flashback.Subscriber
	for _, tc := range tests {
		subs = append(subs, &flashback.Subscriber{Email: tc.email, NextDate: tc.date,
			Preferences: flashback.Preferences{TimeZone: tc.zone, WakeHour: tc.wake, Categories: all},
			Consent:     flashback.Consent{Source: "e2e seed"}})
	}
	// Seeding skips sign-up and confirmation; the store offers it to tests.
	seeder := site.Main.Stores.Subscribers.(interface {
		SeedConfirmed(context.Context, []*flashback.Subscriber) error
	})
	if err := seeder.SeedConfirmed(ctx, subs); err != nil {
		t.Fatal(err)
	}
	site.deliveryPass(t)
	waitMails(t, sink, len(tests))

	b := StartBrowser(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := b.NewPage(t, site.URL)
			p.SetTimezone(tc.zone)
			p.SyncClock(now)
			p.Open("/?tz=" + tc.zone)
			p.WaitText(selHeading, tc.heading)
			p.Screenshot("today")
			headline := p.Text(selLeadHeadline)
			if tc.want != "" && headline != tc.want {
				t.Errorf("the page's lead is %q, want %q", headline, tc.want)
			}
			links := p.Attrs(selLeadLink, "href")
			if len(links) != 1 {
				t.Fatalf("the lead has %d links to its event", len(links))
			}
			link := links[0]
			if !strings.HasPrefix(link, "http") {
				link = site.URL + link
			}
			if e := site.EventAt(t, link); e.Date.MonthDay() != tc.date.MonthDay() {
				t.Errorf("the lead of %s is an event of %s", tc.date, e.Date)
			}

			ds := mailsTo(t, sink, tc.email, true)
			if len(ds) != 1 {
				t.Fatalf("%d digests to %s, want 1", len(ds), tc.email)
			}
			lead := leadOfDigest(t, ds[0].Text)
			mustContain(t, "the digest's lead", lead, headline, link)
			mustContain(t, "the digest (HTML)", ds[0].HTML, `href="`+link+`"`)
			if tc.want != "" {
				mustContain(t, "the digest's lead", lead, "Editors’ choice", "The opening paragraph of the editors' story.")
			}
		})
	}
}

// leadOfDigest returns the featured story's block of a digest's text: from
// its "TODAY'S FLASHBACK" line to the first category's heading.
func leadOfDigest(t *testing.T, text string) string {
	t.Helper()
	_, lead, ok := strings.Cut(text, "TODAY'S FLASHBACK")
	if !ok {
		t.Fatalf("the digest has no featured story:\n%s", text)
	}
	lead, _, _ = strings.Cut(lead, "\n== ")
	return lead
}
