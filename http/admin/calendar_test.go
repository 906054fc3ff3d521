package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"flashback"
)

// calendarSeed is a few days of the calendar that starts on Saturday
// 31 January 2026, the admin's today in Vienna: on 2 February a clean
// article 100 years old, an event without one and an event with an open
// report; on 4 February only an article that fails the linter.
type calendarSeed struct {
	clean, plain, reported, failing *flashback.Event
}

func seedCalendar(t *testing.T, s *site) calendarSeed {
	t.Helper()
	var c calendarSeed
	c.clean = s.addEvent(&flashback.Event{Date: flashback.HistDate{Year: 1926, Month: time.February, Day: 2},
		Category: flashback.CategoryHistory, Headline: "A well-written story", Published: true,
		Body: "An article that lints clean.\n\nIts second paragraph."})
	c.plain = s.addEvent(&flashback.Event{Date: flashback.HistDate{Year: 1990, Month: time.February, Day: 2},
		Category: flashback.CategoryHistory, Headline: "A plain one-liner", Published: true})
	c.reported = s.addEvent(&flashback.Event{Date: flashback.HistDate{Year: 1950, Month: time.February, Day: 2},
		Category: flashback.CategoryHistory, Headline: "A disputed story", Published: true})
	if err := s.desk.CreateReport(t.Context(), &flashback.Report{EventID: c.reported.ID, Problem: "Wrong year?"}); err != nil {
		t.Fatal(err)
	}
	failing := seedEvent()
	failing.Date.Month, failing.Date.Day = time.February, 4
	c.failing = s.addEvent(failing)
	return c
}

var calendarRowRE = regexp.MustCompile(`(?s)<tr>\s*<td>([^<]+)</td>(.*?)</tr>`)

// calendarRows returns the calendar's rows by their day label.
func calendarRows(t *testing.T, body string) (labels []string, rows map[string]string) {
	t.Helper()
	rows = map[string]string{}
	for _, m := range calendarRowRE.FindAllStringSubmatch(body, -1) {
		labels = append(labels, m[1])
		rows[m[1]] = m[2]
	}
	return labels, rows
}

func TestCalendarShowsTheNext60Days(t *testing.T) {
	s := newSite(t)
	c := seedCalendar(t, s)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	res, body := b.get("/admin/calendar")
	wantStatus(t, res, body, http.StatusOK)
	labels, rows := calendarRows(t, body)
	if len(labels) != 60 || labels[0] != "Sat 31 Jan 2026" || labels[59] != "Tue 31 Mar 2026" {
		t.Fatalf("calendar has %d days, %q … %q; want 60, Sat 31 Jan 2026 … Tue 31 Mar 2026", len(labels), labels[0], labels[len(labels)-1])
	}
	tests := []struct {
		name, day string
		wants     []string
	}{
		{"NothingToFeature", "Sun 1 Feb 2026", []string{"Nothing to feature", "automatic", `<td data-label="Reports">none</td>`, `href="/admin/calendar/2026-02-01"`}},
		{"CleanArticleLeads", "Mon 2 Feb 2026", []string{c.clean.Headline, "automatic", "lints clean",
			// The report is on another of the day's events, which is not
			// featured, but the editors see it on the day.
			"1 open report"}},
		{"FailingArticle", "Wed 4 Feb 2026", []string{c.failing.Headline, "1 linter error",
			`<a href="/admin/events/` + itoa(c.failing.ID) + `">fix it<span class="visually-hidden">: ` + c.failing.Headline + `</span></a>`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantContains(t, rows[tc.day], tc.wants...)
		})
	}
	if strings.Contains(body, c.plain.Headline) || strings.Contains(body, c.reported.Headline) {
		t.Error("the calendar features an event that loses to a clean article")
	}
}

func TestCalendarPick(t *testing.T) {
	s := newSite(t)
	c := seedCalendar(t, s)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	const page = "/admin/calendar/2026-02-02"
	pick := func(t *testing.T, event, scope, note string) {
		t.Helper()
		res, body := b.send(page, page, url.Values{"event": {event}, "scope": {scope}, "note": {note}})
		wantStatus(t, res, body, http.StatusSeeOther)
	}
	leadOf := func(t *testing.T, date string) string {
		t.Helper()
		res, body := b.get("/admin/calendar/" + date)
		wantStatus(t, res, body, http.StatusOK)
		now, _, _ := strings.Cut(body[strings.Index(body, "<p>Now:"):], "</p>")
		return now
	}
	history := func(t *testing.T, e *flashback.Event) string {
		t.Helper()
		res, body := b.get("/admin/events/" + itoa(e.ID) + "/revisions")
		wantStatus(t, res, body, http.StatusOK)
		return body
	}

	t.Run("PageOffersTheDaysEvents", func(t *testing.T) {
		res, body := b.get(page)
		wantStatus(t, res, body, http.StatusOK)
		wantContains(t, body, "Featured story for Mon 2 Feb 2026", c.clean.Headline, c.plain.Headline,
			c.reported.Headline, "1 open report", `value="auto"`, `value="every-year"`)
	})
	t.Run("EventForThisDate", func(t *testing.T) {
		pick(t, itoa(c.plain.ID), "date", "A quieter day.")
		if now := leadOf(t, "2026-02-02"); !strings.Contains(now, c.plain.Headline) || !strings.Contains(now, "chosen by the editors") {
			t.Errorf("2 February 2026 after the pick: %s", now)
		}
		if now := leadOf(t, "2027-02-02"); strings.Contains(now, c.plain.Headline) {
			t.Errorf("a pick for 2 February 2026 applies in 2027: %s", now)
		}
	})
	t.Run("RecordedAsRevision", func(t *testing.T) {
		wantContains(t, history(t, c.plain), "User ed@example.org", "A quieter day.", "<th scope=\"row\">featured</th>", "February 2, 2026")
	})
	t.Run("EveryYear", func(t *testing.T) {
		pick(t, itoa(c.clean.ID), "every-year", "")
		for _, date := range []string{"2027-02-02", "2030-02-02"} {
			if now := leadOf(t, date); !strings.Contains(now, c.clean.Headline) || !strings.Contains(now, "chosen by the editors") {
				t.Errorf("%s after an every-year pick: %s", date, now)
			}
		}
		// The pick for the date itself still wins in 2026.
		if now := leadOf(t, "2026-02-02"); !strings.Contains(now, c.plain.Headline) {
			t.Errorf("2 February 2026: %s", now)
		}
		wantContains(t, history(t, c.clean), "every February 2")
	})
	t.Run("Automatic", func(t *testing.T) {
		pick(t, "auto", "date", "Back to the automatic choice.")
		if now := leadOf(t, "2026-02-02"); !strings.Contains(now, c.clean.Headline) {
			t.Errorf("2 February 2026 without its date pick: %s", now)
		}
		wantContains(t, history(t, c.plain), "Back to the automatic choice.")
	})
	t.Run("AutomaticUnderEveryYearIsRefused", func(t *testing.T) {
		// No pick of its own left to take back: "automatic" would change
		// nothing while saying saved.
		res, body := b.send(page, page, url.Values{"event": {"auto"}, "scope": {"date"}, "note": {"again"}})
		wantStatus(t, res, body, http.StatusBadRequest)
		wantContains(t, body, "Every year&#39;s pick for February 2 leads this date")
	})
	t.Run("ReportedEventIsSetAside", func(t *testing.T) {
		pick(t, itoa(c.reported.ID), "date", "")
		now := leadOf(t, "2026-02-02")
		if strings.Contains(now, c.reported.Headline) {
			t.Errorf("an event with an open report leads: %s", now)
		}
		wantContains(t, now, "set aside: 1 open report")
		res, body := b.get("/admin/calendar")
		wantStatus(t, res, body, http.StatusOK)
		_, rows := calendarRows(t, body)
		wantContains(t, rows["Mon 2 Feb 2026"], "set aside: 1 open report")
	})
}

func TestCalendarPickRejects(t *testing.T) {
	s := newSite(t)
	c := seedCalendar(t, s)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	token := b.csrfFrom("/admin/calendar")
	tests := []struct {
		name, path, csrf, event string
		want                    int
		says                    string
	}{
		{"NoCSRF", "/admin/calendar/2026-02-02", "", itoa(c.plain.ID), http.StatusForbidden, ""},
		{"ForeignCSRF", "/admin/calendar/2026-02-02", "abc", itoa(c.plain.ID), http.StatusForbidden, ""},
		{"NotADate", "/admin/calendar/tomorrow", token, itoa(c.plain.ID), http.StatusBadRequest, "is not a date"},
		{"NoSuchDay", "/admin/calendar/2026-02-30", token, itoa(c.plain.ID), http.StatusBadRequest, "is not a date"},
		{"NoLeapDay", "/admin/calendar/2026-02-29", token, itoa(c.plain.ID), http.StatusBadRequest, "is not a date"},
		{"YearZero", "/admin/calendar/0000-02-02", token, itoa(c.plain.ID), http.StatusBadRequest, "year"},
		{"FiveDigitYear", "/admin/calendar/20260-02-02", token, itoa(c.plain.ID), http.StatusBadRequest, "is not a date"},
		{"NoChoice", "/admin/calendar/2026-02-02", token, "", http.StatusBadRequest, "Choose an event"},
		{"NegativeEvent", "/admin/calendar/2026-02-02", token, "-3", http.StatusBadRequest, "Choose an event"},
		{"UnknownEvent", "/admin/calendar/2026-02-02", token, "999999", http.StatusNotFound, ""},
		{"EventOfAnotherDay", "/admin/calendar/2026-02-02", token, itoa(c.failing.ID), http.StatusBadRequest, "not an event of February 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, body := b.post(tc.path, url.Values{"csrf": {tc.csrf}, "event": {tc.event}, "scope": {"date"}})
			wantStatus(t, res, body, tc.want)
			wantContains(t, body, tc.says)
		})
	}
	for _, path := range []string{"/admin/calendar/0000-02-02", "/admin/calendar/2026-13-01"} {
		res, body := b.get(path)
		wantStatus(t, res, body, http.StatusBadRequest)
	}
	picks, err := s.desk.FeaturePicks(t.Context(), flashback.CivilDate{Year: 1, Month: 1, Day: 1}, flashback.CivilDate{Year: 9999, Month: 12, Day: 31})
	if err != nil || len(picks) != 0 {
		t.Errorf("rejected forms left picks %+v (%v)", picks, err)
	}
}

// TestCalendarShowsDraftsForReview: events imported for review (drafts)
// are never featured, but the calendar says they wait and the day's page
// links to each.
func TestCalendarShowsDraftsForReview(t *testing.T) {
	s := newSite(t)
	draft := s.addEvent(&flashback.Event{Date: flashback.HistDate{Year: 1932, Month: time.February, Day: 3},
		Category: flashback.CategoryHistory, Headline: "An import waiting for review"})
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	res, body := b.get("/admin/calendar")
	wantStatus(t, res, body, http.StatusOK)
	_, rows := calendarRows(t, body)
	wantContains(t, rows["Tue 3 Feb 2026"], "Nothing to feature", `<a href="/admin/calendar/2026-02-03#drafts">1 draft to review</a>`)
	res, body = b.get("/admin/calendar/2026-02-03")
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, `id="drafts"`, `<a href="/admin/events/`+itoa(draft.ID)+`">`+draft.Headline+`</a>`)
	if strings.Contains(body, `id="pick-`+itoa(draft.ID)+`"`) {
		t.Error("a draft is offered as the day's lead")
	}
}

// TestCalendarDayPages: a day of more candidates than a page holds offers
// them best first, a page at a time, each page a form of its own.
func TestCalendarDayPages(t *testing.T) {
	s := newSite(t)
	for i := range 60 {
		s.addEvent(&flashback.Event{Date: flashback.HistDate{Year: 1901 + i, Month: time.March, Day: 3},
			Category: flashback.CategoryHistory, Headline: fmt.Sprintf("Story of %d", 1901+i), Published: true})
	}
	// Last in page order, first by preference: the one clean article.
	best := s.addEvent(&flashback.Event{Date: flashback.HistDate{Year: 1999, Month: time.March, Day: 3},
		Category: flashback.CategoryHistory, Headline: "The one with an article", Published: true,
		Body: "An article that lints clean.\n\nIts second paragraph."})
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	radios := regexp.MustCompile(`name="event" value="(\d+)"`)
	seen := map[string]bool{}
	for _, tc := range []struct {
		name, query string
		radios      int
		has         []string
	}{
		{"FirstPage", "", 50, []string{"Best first", "Page 1 of 2 (61 in all)", "?page=2"}},
		{"SecondPage", "?page=2", 11, []string{"Page 2 of 2 (61 in all)", "?page=1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := b.get("/admin/calendar/2026-03-03" + tc.query)
			wantStatus(t, res, body, http.StatusOK)
			wantContains(t, body, tc.has...)
			ms := radios.FindAllStringSubmatch(body, -1)
			if len(ms) != tc.radios {
				t.Fatalf("%d events offered, want %d", len(ms), tc.radios)
			}
			if tc.query == "" && ms[0][1] != itoa(best.ID) {
				t.Errorf("first offered is event %s, want the clean article %d", ms[0][1], best.ID)
			}
			for _, m := range ms {
				if seen[m[1]] {
					t.Errorf("event %s offered on two pages", m[1])
				}
				seen[m[1]] = true
			}
		})
	}
	t.Run("PastTheEnd", func(t *testing.T) {
		res, body := b.get("/admin/calendar/2026-03-03?page=3")
		wantStatus(t, res, body, http.StatusNotFound)
	})
	// The current lead heads the first page, checked, wherever it ranks,
	// so that a form sent with a new scope or note alone keeps it; it is
	// on no other page.
	t.Run("CurrentLeadFirst", func(t *testing.T) {
		const day = "/admin/calendar/2026-03-03"
		last := radios.FindAllStringSubmatch(func() string { _, body := b.get(day + "?page=2"); return body }(), -1)
		picked := last[len(last)-1][1]
		res, body := b.send(day, day, url.Values{"event": {picked}, "scope": {"date"}})
		wantStatus(t, res, body, http.StatusSeeOther)
		_, first := b.get(day)
		if ms := radios.FindAllStringSubmatch(first, -1); len(ms) != 50 || ms[0][1] != picked {
			t.Fatalf("first page offers %d, the first %v; want 50, the pick %s first", len(ms), ms[0], picked)
		}
		wantContains(t, first, `value="`+picked+`" checked`)
		_, second := b.get(day + "?page=2")
		if strings.Contains(second, `value="`+picked+`"`) {
			t.Errorf("the pick is on the second page too")
		}
		if n := len(radios.FindAllString(second, -1)); n != 11 {
			t.Errorf("second page offers %d, want 11", n)
		}
	})
}

// A 29 February event leads 28 February of a common year as that date's
// pick, but not as every year's: leap years show it on its own day, and the
// pick would be set aside there.
func TestCalendarPick_LeapDayEventOn28th(t *testing.T) {
	s := newSite(t)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	e := s.addEvent(&flashback.Event{Date: flashback.HistDate{Year: 1792, Month: time.February, Day: 29},
		Category: flashback.CategoryBirths, Headline: "Rossini born", Published: true})
	const page = "/admin/calendar/2027-02-28"
	res, body := b.send(page, page, url.Values{"event": {itoa(e.ID)}, "scope": {"every-year"}})
	wantStatus(t, res, body, http.StatusBadRequest)
	wantContains(t, body, "is an event of February 29")
	res, body = b.send(page, page, url.Values{"event": {itoa(e.ID)}, "scope": {"date"}})
	wantStatus(t, res, body, http.StatusSeeOther)
}
