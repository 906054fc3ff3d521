package feed_test

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"flashback"
)

// vevent is what the tests read of one parsed VEVENT.
type vevent struct {
	uid, summary, rule string
	start              time.Time
	except             []string
	ev                 goical.Event
}

// parseCalendar reads an answer with a real iCalendar parser.
func parseCalendar(t *testing.T, body []byte) map[string]vevent {
	t.Helper()
	cal, err := goical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("a real parser refuses it: %v", err)
	}
	out := map[string]vevent{}
	for _, e := range cal.Events() {
		v := vevent{ev: e}
		v.uid = e.Props.Get(goical.PropUID).Value
		v.summary, _ = e.Props.Get(goical.PropSummary).Text()
		if p := e.Props.Get(goical.PropRecurrenceRule); p != nil {
			v.rule = p.Value
		}
		for _, p := range e.Props.Values(goical.PropExceptionDates) {
			v.except = append(v.except, p.Value)
		}
		if v.start, err = e.DateTimeStart(time.UTC); err != nil {
			t.Fatal(err)
		}
		if e.Props.Get(goical.PropDateTimeStamp) == nil {
			t.Errorf("%s has no DTSTAMP", v.uid)
		}
		out[v.summary] = v
	}
	return out
}

func TestCalendar(t *testing.T) {
	f := newFixture(t)
	f.add(flashback.Event{Date: day(1946, time.January, 31), Headline: "Eighty years ago"})
	f.add(flashback.Event{Date: day(1916, time.February, 29), Headline: "A leap-day event"})
	f.add(flashback.Event{Date: day(1927, time.June, 1), Category: flashback.CategoryMusic, Headline: "A hundred next year"})
	f.add(flashback.Event{Date: day(2010, time.March, 3), Headline: "Recent"})
	f.add(flashback.Event{Date: yearless(time.May, 1), Category: flashback.CategoryHolidays, Headline: "May Day"})
	f.add(flashback.Event{Date: day(-43, time.March, 15), Headline: "The Ides of March"})
	f.add(flashback.Event{Date: flashback.HistDate{Year: 1950, Month: time.May, Precision: flashback.PrecisionMonth}, Headline: "Some day in May"})
	f.add(flashback.Event{Date: day(1961, time.April, 12), Headline: "DRAFT unpublished"})

	w := f.mustGet("/calendar.ics")
	if ct := w.Header().Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	evs := parseCalendar(t, w.Body.Bytes())
	tests := []struct {
		name, summary, uid, rule, start string
		except                          []string
	}{
		{"Yearly", "Eighty years ago (1946)", "event-1@flashback.example", "FREQ=YEARLY", "2000-01-31", []string{"20260131"}},
		{"RoundThisYear", "80th anniversary: Eighty years ago (1946)", "event-1-80@flashback.example", "", "2026-01-31", nil},
		{"YearlyRoundNextYear", "A hundred next year (1927)", "event-3@flashback.example", "FREQ=YEARLY", "2000-06-01", []string{"20270601"}},
		{"RoundNextYear", "100th anniversary: A hundred next year (1927)", "event-3-100@flashback.example", "", "2027-06-01", nil},
		{"LeapDay", "A leap-day event (1916)", "event-2@flashback.example", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", "2000-02-29", nil},
		{"StartsInItsYear", "Recent (2010)", "event-4@flashback.example", "FREQ=YEARLY", "2010-03-03", nil},
		{"Observance", "May Day", "event-5@flashback.example", "FREQ=YEARLY", "2000-05-01", nil},
		{"BC", "The Ides of March (44 BC)", "event-6@flashback.example", "FREQ=YEARLY", "2000-03-15", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := evs[tt.summary]
			if !ok {
				t.Fatalf("no event %q among %d", tt.summary, len(evs))
			}
			if v.uid != tt.uid || v.rule != tt.rule || v.start.Format("2006-01-02") != tt.start || strings.Join(v.except, ",") != strings.Join(tt.except, ",") {
				t.Errorf("uid %q rule %q start %s except %v", v.uid, v.rule, v.start.Format("2006-01-02"), v.except)
			}
		})
	}
	if len(evs) != len(tests) {
		t.Errorf("%d events, want %d: not on a day of the year and drafts stay out; got %v", len(evs), len(tests), keysOf(evs))
	}
	t.Run("LeapDayRecurs", func(t *testing.T) {
		set, err := evs["A leap-day event (1916)"].ev.RecurrenceSet(time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range set.Between(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC), true) {
			got = append(got, d.Format("2006-01-02"))
		}
		if want := "2026-02-28,2027-02-28,2028-02-29"; strings.Join(got, ",") != want {
			t.Errorf("occurs on %v, want %s: the last day of February, as date pages show it", got, want)
		}
	})
	t.Run("StableAcrossFetches", func(t *testing.T) {
		if again := f.mustGet("/calendar.ics"); !bytes.Equal(again.Body.Bytes(), w.Body.Bytes()) {
			t.Error("two fetches of unchanged content differ")
		}
	})
	t.Run("Category", func(t *testing.T) {
		evs := parseCalendar(t, f.mustGet("/category/music/calendar.ics").Body.Bytes())
		if len(evs) != 2 {
			t.Errorf("%d events, want the music event and its round anniversary", len(evs))
		}
	})
}

func keysOf[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestCalendar_PerDay: a day with more events than a calendar holds keeps
// its round anniversaries of this year and next, then its stories with an
// article, then the rest in page order.
func TestCalendar_PerDay(t *testing.T) {
	f := newFixture(t)
	for y := 1831; y <= 1840; y++ { // 195 to 187 years back: none round
		f.add(flashback.Event{Date: day(y, time.July, 4), Headline: "Plain " + strconv.Itoa(y)})
	}
	f.add(flashback.Event{Date: day(1976, time.July, 4), Headline: "Fifty this year"})
	f.add(flashback.Event{Date: day(1777, time.July, 4), Headline: "250 next year"})
	f.add(flashback.Event{Date: day(1900, time.July, 4), Headline: "With an article", Body: "The long article."})
	f.add(flashback.Event{Date: day(1850, time.July, 5), Headline: "The next day"})

	evs := parseCalendar(t, f.mustGet("/calendar.ics").Body.Bytes())
	var kept []string
	for summary := range evs {
		if !strings.Contains(summary, "anniversary:") {
			kept = append(kept, summary)
		}
	}
	slices.Sort(kept)
	want := []string{"250 next year (1777)", "Fifty this year (1976)", "Plain 1831 (1831)", "Plain 1832 (1832)",
		"Plain 1833 (1833)", "Plain 1834 (1834)", "Plain 1835 (1835)", "Plain 1836 (1836)", "Plain 1837 (1837)",
		"The next day (1850)", "With an article (1900)"}
	if !slices.Equal(kept, want) {
		t.Errorf("the calendar holds\n%q\nwant\n%q", kept, want)
	}
}
