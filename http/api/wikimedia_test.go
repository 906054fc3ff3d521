package api_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/corpus/wikimedia"
)

// TestWikimediaRoundTrip reads the feed route's answer with the importer
// of Wikipedia's feed: what a Flashback site publishes in that shape must
// come back as the same events, years (BC included), lists and links.
func TestWikimediaRoundTrip(t *testing.T) {
	f := newFixture(t, jan2026)
	f.add(flashback.Event{Date: day(1946, time.January, 31), Headline: "Eighty years ago", Summary: "A summary that says more.", Selected: true})
	f.add(flashback.Event{Date: day(-43, time.January, 31), Headline: "A Roman date"})
	f.add(flashback.Event{Date: day(0, time.January, 31), Headline: "In 1 BC"})
	f.add(flashback.Event{Date: day(1900, time.January, 31), Category: flashback.CategoryBirths, Headline: "Someone born"})
	f.add(flashback.Event{Date: day(1950, time.January, 31), Category: flashback.CategoryDeaths, Headline: "Someone died"})
	f.add(flashback.Event{Date: flashback.HistDate{Month: time.January, Day: 31, Precision: flashback.PrecisionMonthDay}, Category: flashback.CategoryHolidays, Headline: "A national day"})
	f.add(flashback.Event{Date: flashback.HistDate{Month: time.January, Day: 31, Precision: flashback.PrecisionMonthDay}, Headline: "A yearless event"})

	tests := []struct {
		name string
		kind string
		want []string // "category year headline url", sorted
	}{
		{"All", "all", []string{
			"births 1900 Someone born /events/4/someone-born",
			"deaths 1950 Someone died /events/5/someone-died",
			"holidays-observances 0 A national day /events/6/a-national-day",
			"world-history -43 A Roman date /events/2/a-roman-date",
			"world-history 0 In 1 BC /events/3/in-1-bc",
			"world-history 1946 Eighty years ago /events/1/eighty-years-ago",
		}},
		{"Births", "births", []string{"births 1900 Someone born /events/4/someone-born"}},
		{"Holidays", "holidays", []string{"holidays-observances 0 A national day /events/6/a-national-day"}},
		{"Selected", "selected", []string{"world-history 1946 Eighty years ago /events/1/eighty-years-ago"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := f.getJSON("/api/v1/feed/onthisday/"+tt.kind+"/01/31", 200, nil)
			events, skips, err := wikimedia.Parse(bytes.NewReader(w.Body.Bytes()), flashback.MonthDay{Month: time.January, Day: 31}, "flashback.json")
			if err != nil {
				t.Fatal(err)
			}
			for _, sk := range skips { // "selected" repeats "events" there too
				if !strings.HasPrefix(sk.Reason, "repeats events[") {
					t.Errorf("skipped %s: %s", sk.Ref, sk.Reason)
				}
			}
			var got []string
			for _, e := range events {
				if len(e.Sources) != 1 {
					t.Fatalf("%q has sources %v, want its article", e.Headline, e.Sources)
				}
				year := 0
				if e.Date.HasYear() {
					year = e.Date.Year
				}
				got = append(got, e.Category+" "+itoa(year)+" "+e.Headline+" "+e.Sources[0].URL[len(base):])
			}
			sort.Strings(got)
			if len(got) != len(tt.want) {
				t.Fatalf("got %q\nwant %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("got %q, want %q", got[i], tt.want[i])
				}
			}
		})
	}
	t.Run("Summary", func(t *testing.T) {
		w := f.getJSON("/api/v1/feed/onthisday/events/01/31", 200, nil)
		events, _, _ := wikimedia.Parse(bytes.NewReader(w.Body.Bytes()), flashback.MonthDay{Month: time.January, Day: 31}, "flashback.json")
		for _, e := range events {
			if e.Headline == "Eighty years ago" && e.Summary != "A summary that says more." {
				t.Errorf("summary %q, want the event's own", e.Summary)
			}
		}
	})
	t.Run("HistoricalYears", func(t *testing.T) {
		var feed map[string][]struct {
			Text string
			Year *int
		}
		f.getJSON("/api/v1/feed/onthisday/events/01/31", 200, &feed)
		want := map[string]int{"A Roman date": -44, "In 1 BC": -1, "Eighty years ago": 1946}
		for _, e := range feed["events"] {
			if e.Year == nil || *e.Year != want[e.Text] {
				t.Errorf("%q: year %v, want %d in the feed's numbering", e.Text, e.Year, want[e.Text])
			}
		}
		if len(feed) != 1 {
			t.Errorf("keys %v, want only events", keys(feed))
		}
		// Newest first, as Wikipedia's lists run.
		var order []string
		for _, e := range feed["events"] {
			order = append(order, e.Text)
		}
		if want := []string{"Eighty years ago", "In 1 BC", "A Roman date"}; !slices.Equal(order, want) {
			t.Errorf("events in the order %q, want %q", order, want)
		}
	})
}

// In a common year 28 February's edition shows 29 February's events too,
// marked; the Wikimedia shape has no mark, and its clients would tell
// them as 28 February's, so that route leaves them to 02/29.
func TestWikimediaLeapDay(t *testing.T) {
	f := newFixture(t, jan2026) // 2026 is a common year
	f.add(flashback.Event{Date: day(1960, time.February, 29), Headline: "On a leap day", Selected: true})
	f.add(flashback.Event{Date: day(1970, time.February, 28), Headline: "On the 28th"})
	for _, tt := range []struct{ day, want string }{{"28", "On the 28th"}, {"29", "On a leap day"}} {
		t.Run("02/"+tt.day, func(t *testing.T) {
			var feed map[string][]struct{ Text string }
			f.getJSON("/api/v1/feed/onthisday/all/02/"+tt.day, 200, &feed)
			for _, k := range []string{"events", "selected"} {
				for _, e := range feed[k] {
					if e.Text != tt.want {
						t.Errorf("%s holds %q; want only %q", k, e.Text, tt.want)
					}
				}
			}
			if len(feed["events"]) != 1 {
				t.Errorf("events %v, want %q", feed["events"], tt.want)
			}
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
