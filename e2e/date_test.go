package e2e

import (
	"strings"
	"testing"
	"time"

	"flashback"
)

var (
	feb28 = flashback.MonthDay{Month: time.February, Day: 28}
	feb29 = flashback.MonthDay{Month: time.February, Day: 29}
)

// The jump-to-date form takes a reader to 29 February, and in a common
// year (2026, the clock's) the 28 February page remembers the leap-day
// events too, each marked as one.
func TestDate_JumpToLeapDay(t *testing.T) {
	site := StartSite(t)
	leapEvents := site.EventsOn(t, feb29)
	if len(leapEvents) == 0 {
		t.Fatal("the bundled corpus has no event on 29 February; the test needs one")
	}
	p := OpenPage(t, site)
	p.SetTimezone("America/Los_Angeles")
	p.SyncClock(site.Clock.Now())
	p.Open("/")

	p.Select("#jump-month", "2")
	p.Fill("#jump-day", "29")
	if status := p.Follow(".jump-form button[type=submit]"); status != 200 {
		t.Fatalf("jump to 29 February: status %d", status)
	}
	if got := p.Path(); got != "/on/february/29" {
		t.Fatalf("the jump form went to %s, want /on/february/29", got)
	}
	if got := p.Text(selHeading); got != "Flashback to February 29" {
		t.Errorf("heading %q, want %q", got, "Flashback to February 29")
	}
	checkCardsAreOn(t, site, p, feb29)
	if n := p.Count(selCard); n != len(leapEvents) {
		t.Errorf("29 February shows %d events, the store has %d", n, len(leapEvents))
	}
	if n := p.Count(selLeapMark); n != 0 {
		t.Errorf("29 February itself marks %d events as leap-day events", n)
	}
	p.Screenshot("feb29")

	if status := p.Follow(`.daynav a[rel="prev"]`); status != 200 {
		t.Fatalf("previous day: status %d", status)
	}
	if got := p.Path(); got != "/on/february/28" {
		t.Fatalf("the previous day of 29 February is %s, want /on/february/28", got)
	}
	if got := p.Text(selHeading); got != "Flashback to February 28" {
		t.Errorf("heading %q, want %q", got, "Flashback to February 28")
	}
	checkCardsAreOn(t, site, p, feb28, feb29)
	checkLeapMarks(t, site, p)
	if n := p.Count(selLeapMark); n != len(leapEvents) {
		t.Errorf("28 February marks %d leap-day events, the store has %d on 29 February", n, len(leapEvents))
	}
	if note := strings.Join(p.Texts(".day > .lede"), " "); !strings.Contains(note, "not a leap year") {
		t.Errorf("28 February does not explain the leap-day events; lede %q", note)
	}
	p.Screenshot("feb28")

	// The note links back to the leap day itself.
	if status := p.FollowText("29 February"); status != 200 {
		t.Fatalf("29 February link: status %d", status)
	}
	if got := p.Path(); got != "/on/february/29" {
		t.Errorf("the note's link went to %s, want /on/february/29", got)
	}
}

// checkLeapMarks fails the test unless exactly the cards of 29 February
// events carry the leap-day mark.
func checkLeapMarks(t *testing.T, site *Site, p *Page) {
	t.Helper()
	type card struct {
		Href   string `json:"href"`
		Marked bool   `json:"marked"`
	}
	cards := Eval[[]card](p, `Array.from(document.querySelectorAll(`+jsString(selCard)+`), c => ({
		href: c.querySelector("h4 a, .more a").getAttribute("href"),
		marked: !!c.querySelector(".badge.leap"),
	}))`)
	for _, c := range cards {
		e := site.EventAt(t, c.Href)
		if leap := e.Date.MonthDay() == feb29; c.Marked != leap {
			t.Errorf("%q of %s: leap-day mark %v, want %v", e.Headline, e.Date, c.Marked, leap)
		}
	}
}
