package newsletter_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"flashback"
	"flashback/newsletter"
)

func TestComposeDigest(t *testing.T) {
	e := newEnv(t, "")
	e.seedJan31(t)
	e.addEvent(t, "Leap-day founding", flashback.CategoryHistory, 1904, time.February, 29)
	e.addEvent(t, "Ordinary 28th", flashback.CategoryHistory, 1950, time.February, 28)
	ctx := context.Background()
	e.addEvent(t, "Last year's launch", flashback.CategoryScience, 2025, time.April, 9)
	e.addEvent(t, "This year's launch", flashback.CategoryScience, 2026, time.April, 9)
	marked := e.addEvent(t, "Town founded", flashback.CategoryHistory, 1850, time.March, 3)
	marked.DateMark = flashback.DateMark{Kind: flashback.DateTraditional, Reason: "The day is the town's tradition."}
	if err := e.events.UpdateEvent(ctx, marked); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name        string
		date        flashback.CivilDate
		cats        []string
		subject     string
		has, hasNot []string
	}{
		{"AllCategories", flashback.CivilDate{Year: 2026, Month: 1, Day: 31}, nil,
			"Flashback to January 31: Trotsky exiled",
			// No event here has an article, so nothing promises one.
			[]string{"World History", "Births", "1929", "97 years ago", "Details"}, []string{"Not today", "Read more"}},
		{"ChosenCategories", flashback.CivilDate{Year: 2026, Month: 1, Day: 31}, []string{flashback.CategoryBirths},
			"Flashback to January 31: Franz Schubert born",
			[]string{"Franz Schubert born"}, []string{"Trotsky", "Explorer"}},
		{"LeapDayOn28thInCommonYear", flashback.CivilDate{Year: 2026, Month: 2, Day: 28}, nil,
			"Flashback to February 28: Leap-day founding",
			[]string{"Leap-day founding", "leap-day event", "Ordinary 28th"}, nil},
		{"No29thEventOn28thInLeapYear", flashback.CivilDate{Year: 2028, Month: 2, Day: 28}, nil,
			"Flashback to February 28: Ordinary 28th", []string{"Ordinary 28th"}, []string{"Leap-day founding"}},
		{"LeapDayItself", flashback.CivilDate{Year: 2028, Month: 2, Day: 29}, nil,
			"Flashback to February 29: Leap-day founding", []string{"Leap-day founding", "124 years ago"}, []string{"leap-day event"}},
		{"DateMark", flashback.CivilDate{Year: 2026, Month: 3, Day: 3}, nil,
			"Flashback to March 3: Town founded", []string{"Town founded", "Traditional date"}, nil},
		// Worded as the site words them.
		{"RecentYears", flashback.CivilDate{Year: 2026, Month: 4, Day: 9}, nil,
			"Flashback to April 9: This year's launch", []string{"1 year ago", "This year"}, []string{"1 years ago", "0 years ago"}},
		{"NothingThatDay", flashback.CivilDate{Year: 2026, Month: 7, Day: 4}, nil,
			"Flashback to July 4", []string{"no events for this date"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := e.svc.ComposeDigest(ctx, c.date, flashback.Preferences{TimeZone: "UTC", Categories: c.cats})
			if err != nil {
				t.Fatal(err)
			}
			if d.Subject != c.subject {
				t.Errorf("subject %q, want %q", d.Subject, c.subject)
			}
			m := e.svc.Personalize(d, &flashback.Subscriber{ID: 7, Email: "x@example.org", TokenGeneration: 1})
			for _, want := range c.has {
				if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
					t.Errorf("text or HTML lacks %q", want)
				}
			}
			for _, not := range c.hasNot {
				if strings.Contains(m.Text, not) || strings.Contains(m.HTML, not) {
					t.Errorf("digest has %q", not)
				}
			}
			for _, bad := range []string{"<img", "<link", "<script", "manage-link-marker", "unsubscribe-link-marker"} {
				if strings.Contains(m.HTML, bad) || strings.Contains(m.Text, bad) {
					t.Errorf("digest contains %q", bad)
				}
			}
			if want := fmt.Sprintf("<digest-7-%s@flashback.example>", c.date); m.MessageID != want {
				t.Errorf("Message-ID %q, want %q", m.MessageID, want)
			}
		})
	}
}

// countingEvents passes through to the real store and counts FindEvents.
type countingEvents struct {
	flashback.EventStore
	finds atomic.Int64
}

func (c *countingEvents) FindEvents(ctx context.Context, f flashback.EventFilter) ([]*flashback.Event, int, error) {
	c.finds.Add(1)
	return c.EventStore.FindEvents(ctx, f)
}

// TestDelivery_EventsReadOncePerDigestKind: 40 subscribers over two
// category choices cost one edition: a query for each day from Monday to
// Saturday 31 January (the week's earlier leads balance this one), not one
// per subscriber or per category choice.
func TestDelivery_EventsReadOncePerDigestKind(t *testing.T) {
	e := newEnv(t, "")
	e.seedJan31(t)
	for i := range 40 {
		var cats []string
		if i%2 == 0 {
			cats = []string{flashback.CategoryMusic}
		}
		e.confirmed(t, fmt.Sprintf("r%d@example.org", i), "Europe/Vienna", "7", cats...)
	}
	counting := &countingEvents{EventStore: e.events}
	svc := e.svc
	d := newsletter.Deps{Subscribers: e.subs, Deliveries: svc.Deliveries, Events: counting, Secrets: svc.Secrets,
		Mail: e.sender, Clock: e.clock.Now}
	svc, err := newsletter.New(context.Background(), d, svc.Config())
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(jan31)
	stats := runPass(t, newsletter.Scheduler{Service: svc, Workers: 4})
	if stats.Sent != 40 {
		t.Fatalf("pass: %v", stats)
	}
	if n := counting.finds.Load(); n != 6 {
		t.Errorf("FindEvents called %d times, want 6", n)
	}
}

// TestDelivery_CopiesMatchPersonalize: what a pass sends (copies of one
// encoded template) decodes to exactly the message Personalize describes,
// for each subscriber, with non-ASCII headlines in both parts.
func TestDelivery_CopiesMatchPersonalize(t *testing.T) {
	e := newEnv(t, "")
	e.seedJan31(t)
	e.addEvent(t, "Ünïcödé “quoted” headline — long enough that quoted-printable must wrap it twice over",
		flashback.CategoryHistory, 1929, time.January, 31)
	subs := map[string]*flashback.Subscriber{}
	for i := range 4 {
		email := fmt.Sprintf("reader%d@example.org", i)
		subs[email] = e.confirmed(t, email, "Europe/Vienna", "7")
	}
	e.clock.Set(jan31)
	if stats := runPass(t, newsletter.Scheduler{Service: e.svc, Workers: 2}); stats.Sent != len(subs) {
		t.Fatalf("pass: %v", stats)
	}
	d, err := e.svc.ComposeDigest(context.Background(), flashback.CivilDate{Year: 2026, Month: 1, Day: 31},
		flashback.Preferences{TimeZone: "Europe/Vienna"})
	if err != nil {
		t.Fatal(err)
	}
	for email, got := range digestsTo(e.sink.Messages()) {
		sub := subs[email]
		if sub == nil || len(got) != 1 {
			t.Fatalf("%s got %d digests", email, len(got))
		}
		want := e.svc.Personalize(d, sub)
		text, html := parts(t, got[0])
		text, html = strings.ReplaceAll(text, "\r\n", "\n"), strings.ReplaceAll(html, "\r\n", "\n")
		if text != want.Text || html != want.HTML {
			t.Errorf("%s: sent parts differ from Personalize:\ntext %q\nwant %q", email, text, want.Text)
		}
		if !strings.Contains(text, "Ünïcödé “quoted” headline") || !strings.Contains(text, e.svc.UnsubscribeURL(sub)) {
			t.Errorf("%s: text lacks the headline or the link", email)
		}
		for name, value := range want.Headers {
			if g := got[0].Header.Get(name); g != value {
				t.Errorf("%s: %s = %q, want %q", email, name, g, value)
			}
		}
		if g := got[0].Header.Get("Message-Id"); g != want.MessageID {
			t.Errorf("%s: Message-ID %q, want %q", email, g, want.MessageID)
		}
	}
}
