package e2e

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"flashback"
)

// Selectors of the readers' pages that the tests rely on.
const (
	selHeading   = "main h1"
	selZoneNote  = ".zone .zone-name"
	selCard      = "article.card"
	selEventLink = "article.card h4 a, article.card.lead .more a"
	selLeapMark  = "article.card .badge.leap"
	selDateLine  = "article.article .dateline"
)

// EventAt returns the event an article address such as
// "/events/42/some-slug" (absolute or not) shows, from the site's store.
func (s *Site) EventAt(t testing.TB, href string) *flashback.Event {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil {
		t.Fatalf("article address %q: %v", href, err)
	}
	parts := strings.Split(strings.TrimPrefix(u.Path, "/"), "/")
	if len(parts) < 2 || parts[0] != "events" {
		t.Fatalf("%q is not an article address", href)
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		t.Fatalf("article address %q has no event id", href)
	}
	e, err := s.Main.Stores.Events.FindEventByID(context.Background(), id)
	if err != nil {
		t.Fatalf("event %d of %q: %v", id, href, err)
	}
	return e
}

// EventsOn returns the published events the store remembers on md.
func (s *Site) EventsOn(t testing.TB, md flashback.MonthDay) []*flashback.Event {
	t.Helper()
	events, _, err := s.Main.Stores.Events.FindEvents(context.Background(), flashback.EventFilter{On: []flashback.MonthDay{md}})
	if err != nil {
		t.Fatalf("events on %s: %v", md, err)
	}
	return events
}

// checkCardsAreOn fails the test unless every event link on the page
// leads to an event of one of days, and there is at least one.
func checkCardsAreOn(t *testing.T, site *Site, p *Page, days ...flashback.MonthDay) {
	t.Helper()
	links := p.Attrs(selEventLink, "href")
	if len(links) == 0 {
		t.Fatalf("%s shows no events", p.Path())
	}
	for _, href := range links {
		e := site.EventAt(t, href)
		if !containsDay(days, e.Date.MonthDay()) {
			t.Errorf("%s lists %q of %s, want only %v", p.Path(), e.Headline, e.Date.MonthDay(), days)
		}
	}
}

func containsDay(days []flashback.MonthDay, md flashback.MonthDay) bool {
	for _, d := range days {
		if d == md {
			return true
		}
	}
	return false
}

// wantDateLine is how an article's date line must begin for e: the weekday
// the domain computes for that year, then day, month and year.
func wantDateLine(e *flashback.Event) string {
	return e.Date.Weekday().String() + ", " + strconv.Itoa(e.Date.Day) + " " + e.Date.Month.String() + " " + flashback.FormatYear(e.Date.Year)
}

// checkGregorianWeekday cross-checks the domain's weekday with Go's own
// calendar where the two share one: Gregorian dates of years AD.
func checkGregorianWeekday(t *testing.T, e *flashback.Event) {
	t.Helper()
	d := e.Date
	if d.Calendar != flashback.Gregorian || d.Year < 1 {
		return
	}
	if want := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday(); d.Weekday() != want {
		t.Errorf("%s: domain weekday %s, Go's calendar %s", d, d.Weekday(), want)
	}
}
