package api_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"flashback"
	"flashback/edition"
	"flashback/http/api"
)

// editionAnswer is the part of an edition answer the tests read.
type editionAnswer struct {
	Date     string
	LeapDay  bool `json:"leap_day"`
	Featured *struct {
		ID     int64
		Reason string
	}
	Events, Births, Deaths, Holidays *[]storyOf
}

// storyOf is the part of a story the tests read.
type storyOf struct {
	ID        int64
	Headline  string
	Year      *int
	YearLabel string `json:"year_label"`
	YearsAgo  *int   `json:"years_ago"`
	Round     bool   `json:"round_anniversary"`
	LeapDay   bool   `json:"leap_day"`
	URL       string
}

func TestEditionByType(t *testing.T) {
	f := newFixture(t, jan2026)
	f.add(flashback.Event{Date: day(1946, time.January, 31), Headline: "Eighty years ago", Body: "An article that lints clean."})
	f.add(flashback.Event{Date: day(-43, time.January, 31), Headline: "A Roman date"})
	f.add(flashback.Event{Date: day(1900, time.January, 31), Category: flashback.CategoryBirths, Headline: "Someone born"})
	f.add(flashback.Event{Date: day(1950, time.January, 31), Category: flashback.CategoryDeaths, Headline: "Someone died"})
	f.add(flashback.Event{Date: flashback.HistDate{Month: time.January, Day: 31, Precision: flashback.PrecisionMonthDay}, Category: flashback.CategoryHolidays, Headline: "A national day"})
	f.add(flashback.Event{Date: day(1929, time.February, 1), Headline: "The next day"})
	f.add(flashback.Event{Date: day(1930, time.January, 31), Headline: "DRAFT unpublished"})

	tests := []struct {
		name                            string
		kind                            string
		events, births, deaths, holiday int // -1: the list must be absent
	}{
		{"All", "all", 2, 1, 1, 1},
		{"Featured", "featured", -1, -1, -1, -1},
		{"Events", "events", 2, -1, -1, -1},
		{"Births", "births", -1, 1, -1, -1},
		{"Deaths", "deaths", -1, -1, 1, -1},
		{"Holidays", "holidays", -1, -1, -1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ed editionAnswer
			f.getJSON("/api/v1/onthisday/"+tt.kind+"/01/31", 200, &ed)
			if ed.Date != "2026-01-31" {
				t.Errorf("date %q, want the site's current year", ed.Date)
			}
			if ed.Featured == nil || ed.Featured.ID != 1 || ed.Featured.Reason != "80th anniversary" {
				t.Errorf("featured = %+v, want event 1 for its 80th anniversary", ed.Featured)
			}
			for _, l := range []struct {
				name string
				got  int
				want int
			}{{"events", count(ed.Events), tt.events}, {"births", count(ed.Births), tt.births}, {"deaths", count(ed.Deaths), tt.deaths}, {"holidays", count(ed.Holidays), tt.holiday}} {
				if l.got != l.want {
					t.Errorf("%s: %d stories, want %d", l.name, l.got, l.want)
				}
			}
		})
	}
	t.Run("Story", func(t *testing.T) {
		var ed editionAnswer
		f.getJSON("/api/v1/onthisday/events/01/31", 200, &ed)
		s := (*ed.Events)[1]
		if s.Headline != "A Roman date" || s.Year == nil || *s.Year != -43 || s.YearLabel != "44 BC" || *s.YearsAgo != 2069 {
			t.Errorf("story = %+v, want 44 BC (astronomical -43), 2069 years ago", s)
		}
		if s.URL != base+"/events/2/a-roman-date" {
			t.Errorf("url %q", s.URL)
		}
		var hol editionAnswer
		f.getJSON("/api/v1/onthisday/holidays/01/31", 200, &hol)
		if h := (*hol.Holidays)[0]; h.Year != nil || h.YearsAgo != nil {
			t.Errorf("an observance has year %v, years ago %v; want null", h.Year, h.YearsAgo)
		}
	})
}

// TestEditionLeapDay: 28 February of a common year tells 29 February's
// events too, marked, as the date page does.
func TestEditionLeapDay(t *testing.T) {
	f := newFixture(t, jan2026)
	f.add(flashback.Event{Date: day(1920, time.February, 28), Headline: "On the 28th"})
	f.add(flashback.Event{Date: day(1916, time.February, 29), Headline: "On the 29th"})
	tests := []struct {
		name    string
		path    string
		leapDay bool
		stories map[string]bool // headline: marked as a leap-day story
	}{
		{"CommonYear28", "/api/v1/onthisday/all/02/28", true, map[string]bool{"On the 28th": false, "On the 29th": true}},
		{"CommonYear29", "/api/v1/onthisday/all/02/29", false, map[string]bool{"On the 29th": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ed editionAnswer
			f.getJSON(tt.path, 200, &ed)
			if ed.LeapDay != tt.leapDay {
				t.Errorf("leap_day %v, want %v", ed.LeapDay, tt.leapDay)
			}
			got := map[string]bool{}
			for _, s := range *ed.Events {
				got[s.Headline] = s.LeapDay
			}
			if len(got) != len(tt.stories) {
				t.Errorf("stories %v, want %v", got, tt.stories)
			}
			for h, leap := range tt.stories {
				if l, ok := got[h]; !ok || l != leap {
					t.Errorf("%q: present %v, leap_day %v; want leap_day %v", h, ok, l, leap)
				}
			}
		})
	}
}

func count[T any](l *[]T) int {
	if l == nil {
		return -1
	}
	return len(*l)
}

// countingEditions counts the editions built, each held until gate opens.
type countingEditions struct {
	inner flashback.EditionReader
	calls atomic.Int32
	gate  chan struct{}
}

func (c *countingEditions) Edition(ctx context.Context, d flashback.CivilDate) (*flashback.Edition, error) {
	c.calls.Add(1)
	<-c.gate
	return c.inner.Edition(ctx, d)
}

// TestEdition_ManyAtOnce: requests for one answer at once wait for the
// first to build it, and all get the same bytes.
func TestEdition_ManyAtOnce(t *testing.T) {
	eds := &countingEditions{gate: make(chan struct{})}
	f := newFixture(t, jan2026, func(h *api.Handler, f *fixture) {
		eds.inner = &edition.Service{Events: f.events}
		h.Editions = eds
	})
	f.add(flashback.Event{Date: day(1929, time.June, 17), Headline: "An event"})
	// The content version is read once before: requests that would each
	// find it first could otherwise tell two versions apart, whose
	// answers are built apart.
	f.do("GET", "/api/v1/categories")
	bodies := make([]string, 30)
	var wg sync.WaitGroup
	for i := range bodies {
		wg.Go(func() {
			w := f.do("GET", "/api/v1/onthisday/all/06/17")
			if w.Code != 200 {
				t.Errorf("status %d", w.Code)
			}
			bodies[i] = w.Body.String()
		})
	}
	time.Sleep(20 * time.Millisecond) // let them meet the build under way; the count holds without it
	close(eds.gate)
	wg.Wait()
	if n := eds.calls.Load(); n != 1 {
		t.Errorf("%d editions built for 30 requests at once, want 1", n)
	}
	for _, b := range bodies {
		if b != bodies[0] || !strings.Contains(b, "An event") {
			t.Fatalf("answers differ or lack the event: %q", b)
		}
	}
}

// TestEditionPages: a day of more stories than a page holds is sent in
// pages whose links lead through every story once, in the page's order.
func TestEditionPages(t *testing.T) {
	_, router := contract(t)
	f := newFixture(t, jan2026)
	var events []*flashback.Event
	for i := range 250 {
		events = append(events, &flashback.Event{Date: day(1000+i, time.January, 31), Category: flashback.CategoryHistory,
			Headline: fmt.Sprintf("Event of %d", 1000+i), Published: true, ExternalKey: fmt.Sprint("e", i)})
	}
	for i := range 151 {
		events = append(events, &flashback.Event{Date: day(1700+i, time.January, 31), Category: flashback.CategoryBirths,
			Headline: fmt.Sprintf("Born in %d", 1700+i), Published: true, ExternalKey: fmt.Sprint("b", i)})
	}
	if st, err := f.events.ImportEvents(context.Background(), events); err != nil || st.Added != len(events) {
		t.Fatalf("import: %+v, %v", st, err)
	}

	tests := []struct {
		name  string
		kind  string
		total int
		pages int
	}{
		{"AllThreePages", "all", 401, 3},
		{"EventsTwoPages", "events", 250, 2},
		{"BirthsOnePage", "births", 151, 1},
		{"DeathsNone", "deaths", 0, 1},
	}
	orders := map[string][]string{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := map[int64]bool{}
			var order []string
			defer func() { orders[tt.kind] = order }()
			path := "/api/v1/onthisday/" + tt.kind + "/01/31"
			for n := 1; path != ""; n++ {
				var ed struct {
					editionAnswer
					Page, Pages, Total int
					PerPage            int `json:"per_page"`
					Next, Prev         *string
				}
				w := f.getJSON(path, 200, &ed)
				validate(t, router, httptest.NewRequest("GET", path, nil), w)
				if ed.Page != n || ed.Pages != tt.pages || ed.Total != tt.total || ed.PerPage != 200 {
					t.Fatalf("%s: page %d of %d, total %d, per page %d; want %d of %d, %d, 200", path, ed.Page, ed.Pages, ed.Total, ed.PerPage, n, tt.pages, tt.total)
				}
				if ed.Featured == nil {
					t.Errorf("%s: no featured story; every page carries the day's", path)
				}
				if got, want := ed.Prev != nil, n > 1; got != want {
					t.Errorf("%s: prev %v, want one: %v", path, ed.Prev, want)
				}
				links := w.Header().Values("Link")
				if len(links) != len(slices.DeleteFunc([]*string{ed.Next, ed.Prev}, func(l *string) bool { return l == nil })) {
					t.Errorf("%s: Link headers %q for next %v, prev %v", path, links, ed.Next, ed.Prev)
				}
				onPage := 0
				for _, l := range []*[]storyOf{ed.Events, ed.Births, ed.Deaths, ed.Holidays} {
					if l == nil {
						continue
					}
					for _, s := range *l {
						if seen[s.ID] {
							t.Errorf("%s: story %d again", path, s.ID)
						}
						seen[s.ID] = true
						order = append(order, s.Headline)
						onPage++
					}
				}
				if onPage > 200 {
					t.Errorf("%s: %d stories on a page of 200", path, onPage)
				}
				path = ""
				if ed.Next != nil {
					path = strings.TrimPrefix(*ed.Next, base)
				}
				if n > tt.pages {
					t.Fatalf("more pages than the %d announced", tt.pages)
				}
			}
			if len(seen) != tt.total {
				t.Errorf("%d stories over the pages, want %d", len(seen), tt.total)
			}
		})
	}
	t.Run("PageOrder", func(t *testing.T) {
		// Page after page, "all" tells the stories in the order of the
		// day's page: the lead, then each section's.
		ed, err := (&edition.Service{Events: f.events}).Edition(context.Background(), flashback.CivilDate{Year: 2026, Month: time.January, Day: 31})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{ed.Lead.Event.Headline}
		for _, sec := range ed.Sections {
			for _, st := range sec.Stories {
				want = append(want, st.Event.Headline)
			}
		}
		if !slices.Equal(orders["all"], want) {
			got := orders["all"]
			t.Errorf("pages told %d stories in another order than the day's %d:\n%q\n%q", len(got), len(want), got[:min(5, len(got))], want[:min(5, len(want))])
		}
	})
	for _, bad := range []struct {
		name, path string
		status     int
	}{
		{"PastTheEnd", "/api/v1/onthisday/all/01/31?page=4", 404},
		{"Zero", "/api/v1/onthisday/all/01/31?page=0", 400},
		{"NotANumber", "/api/v1/onthisday/all/01/31?page=two", 400},
	} {
		t.Run(bad.name, func(t *testing.T) {
			w := f.getJSON(bad.path, bad.status, nil)
			validate(t, router, httptest.NewRequest("GET", bad.path, nil), w)
		})
	}
}
