package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"flashback"
)

// TestDaySection: a date page lists fifty stories of a category and links
// the rest, which the day's page of that category lists in pages of fifty,
// from the same edition: the lead, at the top of the date page, is in
// neither list.
func TestDaySection(t *testing.T) {
	s := newSite(t, time.Date(2027, 5, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	for i := range 120 {
		s.add(flashback.Event{Date: day(1800+i, time.June, 17), Headline: fmt.Sprintf("Story %03d", i+1)})
	}
	s.add(flashback.Event{Date: day(1900, time.June, 17), Category: flashback.CategoryBirths, Headline: "Someone born"})
	// 29 February's stories are the 28th's in a common year, on the date
	// page and on its category's pages alike.
	for i, y := 0, 1804; i < 55; y += 4 {
		if flashback.IsLeapYear(y, flashback.Gregorian) {
			i++
			s.add(flashback.Event{Date: day(y, time.February, 29), Headline: fmt.Sprintf("Leap %03d", i)})
		}
	}
	cards := func(body string) int { return strings.Count(body, `<article class="card"`) }

	t.Run("DatePage", func(t *testing.T) {
		body := s.mustGet("/on/june/17", http.StatusOK)
		// The lead is one of the 121; the rest are listed or counted.
		listed := cards(body)
		mustContain(t, body, `href="/on/june/17/world-history?page=2">69 more World History stories on this day`)
		mustNotContain(t, body, "more Births stories")
		if listed != 51 { // 50 of World History, 1 of Births
			t.Errorf("%d cards, want 51", listed)
		}
	})
	cases := []struct {
		name, path string
		status     int
		first      string // a headline the page holds
		cards      int
		has        []string
	}{
		// The featured story heads the first page of its category, as it
		// heads the date page: 1 + 50 cards, 120 stories over 3 pages.
		{"FirstPage", "/on/june/17/world-history", 200, ">Story 001<", 51, []string{"120 stories · page 1 of 3", "Featured on this day", `href="/on/june/17/world-history?page=2" rel="next"`}},
		{"LastPage", "/on/june/17/world-history?page=3", 200, ">Story 120<", 19, []string{"120 stories · page 3 of 3", `href="/on/june/17/world-history?page=2" rel="prev"`}},
		{"OneCategoryOnly", "/on/june/17/births", 200, ">Someone born<", 1, []string{"1 story ·"}},
		{"LeapDayInCommonYear", "/on/february/28/world-history?page=2", 200, ">Leap 055<", 4, []string{"page 2 of 2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := s.mustGet(c.path, c.status)
			mustContain(t, body, c.first)
			mustContain(t, body, c.has...)
			if n := cards(body); n != c.cards {
				t.Errorf("%d cards, want %d", n, c.cards)
			}
		})
	}
	t.Run("FeaturedOnceOverThePages", func(t *testing.T) {
		// The date page's lead is on its category's first page, once, and
		// on no other; every story of the category is on one page.
		m := regexp.MustCompile(`id="lead-title">([^<]+)<`).FindStringSubmatch(s.mustGet("/on/june/17", http.StatusOK))
		if m == nil {
			t.Fatal("the date page has no lead")
		}
		seen := map[string]int{}
		for _, p := range []string{"", "?page=2", "?page=3"} {
			body := s.mustGet("/on/june/17/world-history"+p, http.StatusOK)
			if got := strings.Contains(body, "Featured on this day"); got != (p == "") {
				t.Errorf("page %q: featured heading %v", p, got)
			}
			for _, h := range regexp.MustCompile(`>(Story \d{3})<`).FindAllStringSubmatch(body, -1) {
				seen[h[1]]++
			}
		}
		if seen[m[1]] != 1 || len(seen) != 120 {
			t.Errorf("lead %q seen %d times, %d stories in all; want once, 120", m[1], seen[m[1]], len(seen))
		}
		for h, n := range seen {
			if n != 1 {
				t.Errorf("%s on %d pages", h, n)
			}
		}
	})
	t.Run("LeapDayLinked", func(t *testing.T) {
		mustContain(t, s.mustGet("/on/february/28", http.StatusOK), `href="/on/february/28/world-history?page=2"`)
	})
	errs := []struct {
		name, path string
		status     int
		location   string
	}{
		{"PastTheLastPage", "/on/june/17/world-history?page=4", 404, ""},
		{"BadPage", "/on/june/17/world-history?page=0", 400, ""},
		{"UnknownCategory", "/on/june/17/nothing", 404, ""},
		{"NoSuchDate", "/on/june/31/world-history", 404, ""},
		{"NumericMonth", "/on/6/17/world-history?page=2", 301, "/on/june/17/world-history?page=2"},
		{"CapitalCategory", "/on/june/17/World-History?page=2", 301, "/on/june/17/world-history?page=2"},
		{"CapitalsEverywhere", "/on/June/17/World-History", 301, "/on/june/17/world-history"},
	}
	for _, c := range errs {
		t.Run(c.name, func(t *testing.T) {
			w := s.get(c.path)
			if w.Code != c.status || w.Header().Get("Location") != c.location {
				t.Errorf("status %d, Location %q; want %d, %q", w.Code, w.Header().Get("Location"), c.status, c.location)
			}
		})
	}
}
