package site_test

import (
	"testing"
	"time"

	"flashback"
	"flashback/site"
)

func TestPaths(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"Date", site.Date(flashback.MonthDay{Month: time.January, Day: 31}), "/on/january/31"},
		{"EventWithSlug", site.Event(&flashback.Event{ID: 7, Slug: "moon", Headline: "Apollo 11 lands"}), "/events/7/moon"},
		{"EventWithoutSlug", site.Event(&flashback.Event{ID: 7, Headline: "Apollo 11 lands"}), "/events/7/apollo-11-lands"},
		{"Report", site.Report(7), "/events/7/report"},
		{"CategoryEscaped", site.Category("a b/c"), "/category/a%20b%2Fc"},
		{"CategoryPageOne", site.CategoryPage("music", 1), "/category/music"},
		{"CategoryPageTwo", site.CategoryPage("music", 2), "/category/music?page=2"},
		{"YearAD", site.Year(1929), "/year/1929"},
		{"YearBC", site.Year(-43), "/year/44-bc"},
		{"Year1BC", site.Year(0), "/year/1-bc"},
		{"SiteFeed", site.Feed("", site.Atom), "/atom.xml"},
		{"CategoryFeed", site.Feed("music", site.Calendar), "/category/music/calendar.ics"},
		{"APIEvent", site.APIEvent(3), "/api/v1/events/3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// TestYearParses checks that a year page's address reads back as its year,
// so links and the route agree.
func TestYearParses(t *testing.T) {
	for _, y := range []int{-43, 0, 1, 79, 1929} {
		t.Run(flashback.FormatYear(y), func(t *testing.T) {
			p := site.Year(y)
			got, err := flashback.ParseYear(p[len("/year/"):])
			if err != nil || got != y {
				t.Errorf("ParseYear(%q) = %d, %v; want %d", p, got, err, y)
			}
		})
	}
}

func TestAbs(t *testing.T) {
	tests := []struct{ name, base, want string }{
		{"Plain", "https://example.org", "https://example.org/on/march/1"},
		{"TrailingSlash", "https://example.org/", "https://example.org/on/march/1"},
		{"Empty", "", "/on/march/1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := site.New(tt.base).Abs(site.Date(flashback.MonthDay{Month: time.March, Day: 1})); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
