package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"flashback"
)

func TestOnDate_Routing(t *testing.T) {
	s := newSite(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	tests := []struct {
		name   string
		path   string
		status int
		where  string // Location header, for redirects
	}{
		{"Canonical", "/on/january/31", 200, ""},
		{"Capitals", "/on/January/31", 301, "/on/january/31"},
		{"Abbreviation", "/on/jan/31", 301, "/on/january/31"},
		{"Numbers", "/on/1/31", 301, "/on/january/31"},
		{"LeadingZero", "/on/march/05", 301, "/on/march/5"},
		{"LeapDay", "/on/february/29", 200, ""},
		{"February30", "/on/february/30", 404, ""},
		{"April31", "/on/april/31", 404, ""},
		{"NoMonth", "/on/foo/1", 404, ""},
		{"Month13", "/on/13/1", 404, ""},
		{"DayZero", "/on/may/0", 404, ""},
		{"Jump", "/on?month=1&day=31", 303, "/on/january/31"},
		{"JumpName", "/on?month=December&day=25", 303, "/on/december/25"},
		{"JumpEmpty", "/on", 302, "/"},
		{"JumpInvalid", "/on?month=2&day=31", 404, ""},
		{"JumpHostile", "/on?month=//evil.example&day=1", 404, ""},
		{"Unknown", "/no/such/page", 404, ""},
		{"CategoryCapitals", "/category/World-History", 301, "/category/world-history"},
		{"CategoryCapitalsPage", "/category/World-History?page=2", 301, "/category/world-history?page=2"},
		{"HugeQuery", "/?tz=" + strings.Repeat("A", 10000), 414, ""},
		{"LongZone", "/?tz=" + strings.Repeat("A", 100), 400, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := s.get(tc.path)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d", w.Code, tc.status)
			}
			if got := w.Header().Get("Location"); got != tc.where {
				t.Errorf("Location %q, want %q", got, tc.where)
			}
		})
	}
}

// A 404 for an impossible date helps the reader on.
func TestOnDate_HelpfulNotFound(t *testing.T) {
	s := newSite(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	body := s.mustGet("/on/february/30", http.StatusNotFound)
	mustContain(t, body, `href="/on/february/29"`, `href="/on/march/1"`, `href="/on/february/1"`)
	body = s.mustGet("/on/%3Cscript%3E/1", http.StatusNotFound)
	mustContain(t, body, `href="/on/june/1"`, "&lt;script&gt;")
	mustNotContain(t, body, "<script>")
	heading(t, body)
}

func TestOnDate_Page(t *testing.T) {
	s := newSite(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	s.add(flashback.Event{Date: day(-43, time.March, 15), Headline: "Julius Caesar is assassinated"})
	s.add(flashback.Event{Date: day(1976, time.March, 15), Headline: "A round one", Category: flashback.CategoryMusic})
	s.add(flashback.Event{Date: flashback.HistDate{Month: time.March, Day: 15, Precision: flashback.PrecisionMonthDay}, Headline: "Ides of March", Category: flashback.CategoryHolidays})
	s.add(flashback.Event{Date: flashback.HistDate{Year: 1900, Month: time.March, Precision: flashback.PrecisionMonth}, Headline: "Only a month"})
	s.add(flashback.Event{Date: day(1900, time.March, 15), Headline: "DRAFT not for readers"})
	body := s.mustGet("/on/march/15", http.StatusOK)
	if h := heading(t, body); h != "Flashback to March 15" {
		t.Errorf("heading %q", h)
	}
	mustContain(t, body,
		`<p class="year">44 BC</p>`, "2069 years ago",
		"50 years ago", `<span class="badge">50th anniversary</span>`,
		"Ides of March",
		`href="/on/march/14" rel="prev"`, `href="/on/march/16" rel="next"`,
		`<option value="3" selected>March</option>`,
		`<link rel="canonical" href="https://flashback.example/on/march/15">`,
		"<title>March 15 in history · Flashback</title>",
	)
	mustNotContain(t, body, "Only a month", "DRAFT", " 0 years ago", "AD 0")
	// The round anniversary leads, saying why; it is not listed again.
	lead := body[strings.Index(body, `<article class="card lead"`):]
	lead = lead[:strings.Index(lead, "</article>")]
	mustContain(t, lead, "A round one", `<span class="reason">50th anniversary</span>`, "Details")
	mustNotContain(t, lead, "Read more")
	if n := strings.Count(body, ">A round one<"); n != 1 {
		t.Errorf("the lead's headline appears %d times", n)
	}
	// Categories come in the store's order.
	hist, hol := strings.Index(body, `id="cat-world-history"`), strings.Index(body, `id="cat-holidays-observances"`)
	if hist < 0 || hol < 0 || hist > hol {
		t.Errorf("category order: history at %d, holidays at %d", hist, hol)
	}
	// The year-less observance shows no year and no "years ago".
	i := strings.Index(body, ">Ides of March<")
	card := body[strings.LastIndex(body[:i], `<article class="card`):]
	card = card[:strings.Index(card, "</article>")]
	mustNotContain(t, card, `class="year"`, "years ago")
}

// Leap-day events are shown on 29 February, and in common years on
// 28 February as well, marked.
func TestOnDate_LeapDay(t *testing.T) {
	tests := []struct {
		name     string
		year     int
		path     string
		wantLeap bool
	}{
		{"CommonYear28", 2027, "/on/february/28", true},
		{"LeapYear28", 2028, "/on/february/28", false},
		{"CommonYear29", 2027, "/on/february/29", true},
		{"LeapYear29", 2028, "/on/february/29", true},
		{"CommonYear1March", 2027, "/on/march/1", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, time.Date(tc.year, 5, 1, 12, 0, 0, 0, time.UTC), time.UTC)
			s.add(flashback.Event{Date: day(1904, time.February, 29), Headline: "Leap event"})
			s.add(flashback.Event{Date: day(1904, time.February, 28), Headline: "Twenty-eighth event"})
			body := s.mustGet(tc.path, http.StatusOK)
			if got := strings.Contains(body, ">Leap event<"); got != tc.wantLeap {
				t.Fatalf("leap event shown: %v, want %v", got, tc.wantLeap)
			}
			marked := strings.Contains(body, "Leap day · 29 February")
			if want := tc.wantLeap && strings.HasSuffix(tc.path, "/28"); marked != want {
				t.Errorf("leap-day mark: %v, want %v", marked, want)
			}
		})
	}
	t.Run("TodayCommonYear", func(t *testing.T) {
		s := newSite(t, time.Date(2027, 2, 28, 12, 0, 0, 0, time.UTC), time.UTC)
		s.add(flashback.Event{Date: day(1904, time.February, 29), Headline: "Leap event"})
		body := s.mustGet("/", http.StatusOK)
		mustContain(t, body, ">Leap event<", "Leap day · 29 February", "Flashback to February 28")
	})
}

// The date a page is headed with is the date of every event on it, on all
// 366 pages. The seed page's "June 17" heading over a January 31 article
// must be impossible.
func TestOnDate_Integrity(t *testing.T) {
	s := newSite(t, time.Date(2027, 7, 4, 12, 0, 0, 0, time.UTC), time.UTC)
	var batch []*flashback.Event
	for i, md := range flashback.AllMonthDays() {
		for k := range 2 {
			year := 1800 + i%200 + k*7
			if md.Day == 29 && md.Month == time.February {
				year = 1904 + k*8 // a leap year
			}
			batch = append(batch, &flashback.Event{
				Date:     day(year, md.Month, md.Day),
				Headline: fmt.Sprintf("Event of %s #%d", md, k),
				Summary:  "x", Category: flashback.CategoryHistory, Published: true,
				ExternalKey: fmt.Sprintf("test:%d:%d", i, k),
			})
		}
	}
	stats, err := s.store.ImportEvents(context.Background(), batch)
	if err != nil || stats.Added != len(batch) {
		t.Fatalf("import: %+v, %v", stats, err)
	}
	cardRE := regexp.MustCompile(`(?s)<article class="card[^>]*>(.*?)</article>`)
	headRE := regexp.MustCompile(`>Event of (\w+ \d+) #\d<`)
	for _, md := range flashback.AllMonthDays() {
		body := s.mustGet(fmt.Sprintf("/on/%s/%d", flashback.MonthSlug(md.Month), md.Day), http.StatusOK)
		if h := heading(t, body); h != "Flashback to "+md.String() {
			t.Fatalf("%s: heading %q", md, h)
		}
		cards := cardRE.FindAllStringSubmatch(body, -1)
		want := 2
		if md == (flashback.MonthDay{Month: time.February, Day: 28}) {
			want = 4 // 2027 is a common year
		}
		if len(cards) != want {
			t.Errorf("%s: %d events, want %d", md, len(cards), want)
		}
		for _, c := range cards {
			m := headRE.FindStringSubmatch(c[1])
			if m == nil {
				t.Fatalf("%s: card without a test headline: %s", md, c[1])
			}
			leap := m[1] == "February 29" && md.String() == "February 28"
			if m[1] != md.String() && !leap {
				t.Errorf("page %s shows an event of %s", md, m[1])
			}
			if marked := strings.Contains(c[1], "Leap day"); marked != leap {
				t.Errorf("page %s, event of %s: leap mark %v", md, m[1], marked)
			}
		}
	}
}

// An absurd day number, in the address or the jump form, is the same
// helpful 404 as any impossible date, and no number in it overflows.
func TestOnDate_AbsurdDay(t *testing.T) {
	s := newSite(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	for _, path := range []string{"/on/january/99999999999999999999", "/on/january/-9223372036854775808",
		"/on?month=1&day=99999999999999999999", "/on?month=99999999999999999999&day=1"} {
		t.Run(path, func(t *testing.T) {
			body := s.mustGet(path, http.StatusNotFound)
			mustContain(t, body, "There is no day")
			mustNotContain(t, body, "9223372036854775807", "-9223372036854775807")
		})
	}
	t.Run("SaidAsAReaderWouldSay", func(t *testing.T) {
		body := s.mustGet("/on?month=2&day=31", http.StatusNotFound)
		mustContain(t, body, "There is no day &#34;February 31&#34;")
	})
}

// A lead with an article shows its opening and offers Read more, once.
func TestOnDate_LeadWithArticle(t *testing.T) {
	s := newSite(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	s.add(flashback.Event{Date: day(1946, time.March, 5), Headline: "A round one without article"})
	s.add(flashback.Event{Date: day(1931, time.March, 5), Headline: "Written up",
		Body: "## Heading\n\nThe *first* paragraph.\n\nThe second one."})
	body := s.mustGet("/on/march/5", http.StatusOK)
	lead := body[strings.Index(body, `<article class="card lead"`):]
	lead = lead[:strings.Index(lead, "</article>")]
	mustContain(t, lead, "Written up", "The first paragraph.", "Read more")
	mustNotContain(t, lead, "The second one", "Heading")
	if n := strings.Count(body, ">Read more<"); n > 1 {
		t.Errorf("%d Read more links", n)
	}

}
