package e2e

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"flashback"
)

// zoneScriptReloaded is true once the site's script has reloaded the tab
// to follow the browser's time zone (it leaves this mark to do so once).
const zoneScriptReloaded = `sessionStorage.getItem("flashback-tz-reload") !== null`

var (
	jan30 = flashback.MonthDay{Month: time.January, Day: 30}
	jan31 = flashback.MonthDay{Month: time.January, Day: 31}
)

// A reader in Los Angeles at 23:30 on 30 January, when it is already
// 31 January in UTC, sees 30 January, and the article they open carries the
// same day and the weekday of its own year.
func TestToday_ReaderInLosAngeles(t *testing.T) {
	site := StartSite(t)
	p := OpenPage(t, site)
	p.SetTimezone("America/Los_Angeles")
	p.SyncClock(site.Clock.Now())
	p.Open("/")

	if got := p.Text(selHeading); got != "Flashback to January 30" {
		t.Fatalf("heading %q, want %q", got, "Flashback to January 30")
	}
	if got := p.Text(selZoneNote); got != "America/Los_Angeles" {
		t.Errorf("zone note %q, want America/Los_Angeles", got)
	}
	checkCardsAreOn(t, site, p, jan30)
	// The script stored the browser's zone and, since the browser's date
	// agrees with the page's, did not reload.
	if v, ok := p.Cookie("tz"); !ok || unescape(t, v) != "America/Los_Angeles" {
		t.Errorf("tz cookie %q (set: %v), want America/Los_Angeles", v, ok)
	}
	if Eval[bool](p, zoneScriptReloaded) {
		t.Error("the zone script reloaded a page whose date was already the reader's")
	}
	p.Screenshot("today")

	if status := p.Follow(selEventLink); status != 200 {
		t.Fatalf("event link: status %d", status)
	}
	e := site.EventAt(t, p.Path())
	if e.Date.MonthDay() != jan30 {
		t.Fatalf("the event link on 30 January opened %q of %s", e.Headline, e.Date)
	}
	line := p.Text(selDateLine)
	if !strings.HasPrefix(line, wantDateLine(e)) {
		t.Errorf("date line %q, want it to begin %q", line, wantDateLine(e))
	}
	if !strings.Contains(line, "30 January") {
		t.Errorf("date line %q does not say 30 January", line)
	}
	checkGregorianWeekday(t, e)
	if got := p.Text(selHeading); got != e.Headline {
		t.Errorf("article heading %q, want %q", got, e.Headline)
	}
	p.Screenshot("article")
}

// The same instant, read from other zones: an explicit ?tz= wins and
// sticks, and without one the browser's own zone decides.
func TestToday_ZoneOfTheReader(t *testing.T) {
	site := StartSite(t)
	b := StartBrowser(t)
	tests := []struct {
		name        string
		browserZone string
		path        string
		want        string
		zone        string
		day         flashback.MonthDay
		reload      bool // the script reloads the page to follow the browser's zone
	}{
		// Already 31 January on Kiritimati (UTC+14); the server sets the cookie.
		{"QueryKiritimati", "America/Los_Angeles", "/?tz=Pacific/Kiritimati", "Flashback to January 31", "Pacific/Kiritimati", jan31, false},
		// 16:30 on 31 January in Tokyo: the page of the site's zone is a day behind.
		{"BrowserInTokyo", "Asia/Tokyo", "/", "Flashback to January 31", "Asia/Tokyo", jan31, true},
		// 21:30 on 30 January in Honolulu: the date agrees, nothing to reload.
		{"BrowserInHonolulu", "Pacific/Honolulu", "/", "Flashback to January 30", "Pacific/Honolulu", jan30, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := b.NewPage(t, site.URL)
			p.SetTimezone(tc.browserZone)
			p.SyncClock(site.Clock.Now())
			p.Open(tc.path)
			// The script may reload the page once to follow the browser's zone.
			p.WaitText(selHeading, tc.want)
			if got := Eval[bool](p, zoneScriptReloaded); got != tc.reload {
				t.Errorf("page reloaded by the zone script: %v, want %v", got, tc.reload)
			}
			if v, ok := p.Cookie("tz"); !ok || unescape(t, v) != tc.zone {
				t.Errorf("tz cookie %q (set: %v), want %q", v, ok, tc.zone)
			}
			if got := p.Value("#signup-tz"); got != tc.zone {
				t.Errorf("sign-up form's zone %q, want %q", got, tc.zone)
			}
			checkCardsAreOn(t, site, p, tc.day)
			// The first page already says whose zone its dates follow,
			// reloaded or not.
			if got := p.Text(selZoneNote); got != tc.zone {
				t.Errorf("zone note on the first page %q, want %q", got, tc.zone)
			}
			// The zone is remembered: the plain address shows the same day,
			// and says which zone it follows.
			p.Open("/")
			p.WaitText(selHeading, tc.want)
			if got := p.Text(selZoneNote); got != tc.zone {
				t.Errorf("zone note %q, want %q", got, tc.zone)
			}
			p.Screenshot("today")
		})
	}
}

// A keyboard user reaches an event's link with Tab, sees where the focus
// is, and opens the event with Enter.
func TestToday_KeyboardReachesAnEvent(t *testing.T) {
	site := StartSite(t)
	p := OpenPage(t, site)
	p.SetTimezone("America/Los_Angeles")
	p.SyncClock(site.Clock.Now())
	p.Open("/")

	const focused = `(() => { const a = document.activeElement; return a ? a.textContent.trim() : ""; })()`
	const onEvent = `(() => { const a = document.activeElement; return !!a && a.matches("` + selEventLink + `"); })()`
	var presses int
	for presses = 1; presses <= 40; presses++ {
		p.Press("\t")
		if Eval[bool](p, onEvent) {
			break
		}
	}
	if presses > 40 {
		t.Fatalf("40 presses of Tab never reached an event's link; last focus on %q", Eval[string](p, focused))
	}
	t.Logf("an event's link reached after %d presses of Tab", presses)
	if !Eval[bool](p, `document.activeElement.matches(":focus-visible")`) {
		t.Error("the focused link does not match :focus-visible")
	}
	outline := Eval[string](p, `(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + " " + s.outlineWidth; })()`)
	if strings.HasPrefix(outline, "none") || strings.HasSuffix(outline, " 0px") {
		t.Errorf("the focused link has no visible outline (%s)", outline)
	}
	p.Screenshot("focus")
	href := Eval[string](p, `document.activeElement.getAttribute("href")`)
	if status := p.PressAndWait("\r"); status != 200 {
		t.Fatalf("Enter on the event's link: status %d", status)
	}
	if got := p.Path(); got != href {
		t.Errorf("Enter opened %s, want %s", got, href)
	}
	if e := site.EventAt(t, p.Path()); e.Date.MonthDay() != jan30 {
		t.Errorf("the link on 30 January opened an event of %s", e.Date)
	}
}

func unescape(t *testing.T, s string) string {
	t.Helper()
	v, err := url.PathUnescape(s)
	if err != nil {
		t.Fatalf("unescape %q: %v", s, err)
	}
	return v
}
