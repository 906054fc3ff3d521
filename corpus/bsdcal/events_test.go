package bsdcal

import (
	"strings"
	"testing"
	"time"

	"flashback"
)

// eventsOf parses src as the file origin and maps it to events.
func eventsOf(t *testing.T, src, origin string) ([]*flashback.Event, []flashback.Skip) {
	t.Helper()
	entries, skips, err := Parse(strings.NewReader(src), origin)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(skips) != 0 {
		t.Fatalf("Parse skipped %v", skips)
	}
	return Events(entries, origin)
}

// oneEvent maps a one-entry file to its single event.
func oneEvent(t *testing.T, src, origin string) *flashback.Event {
	t.Helper()
	events, skips := eventsOf(t, src, origin)
	if len(events) != 1 || len(skips) != 0 {
		t.Fatalf("got %d events and skips %v, want one event", len(events), skips)
	}
	return events[0]
}

func TestEventFields(t *testing.T) {
	ev := oneEvent(t, "01/31\t\"Ham\" the chimpanzee soars into space\n\taboard Mercury-Redstone 2, 1961\n", "calendar.history")
	wantDate := flashback.HistDate{Year: 1961, Month: time.January, Day: 31, Precision: flashback.PrecisionDay, Calendar: flashback.Gregorian}
	if ev.Date != wantDate {
		t.Errorf("Date = %+v, want %+v", ev.Date, wantDate)
	}
	checks := []struct{ field, got, want string }{
		{"Headline", ev.Headline, `"Ham" the chimpanzee soars into space aboard Mercury-Redstone 2`},
		{"Summary", ev.Summary, `"Ham" the chimpanzee soars into space aboard Mercury-Redstone 2.`},
		{"Category", ev.Category, flashback.CategoryHistory},
		{"Slug", ev.Slug, "ham-the-chimpanzee-soars-into-space-aboard-mercury-redstone-2"},
		{"Provenance.Importer", ev.Provenance.Importer, "bsdcal"},
		{"Provenance.Origin", ev.Provenance.Origin, "calendar.history"},
		{"Provenance.Ref", ev.Provenance.Ref, "line 1"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	if !ev.Published {
		t.Error("event is not published")
	}
	if len(ev.Sources) != 1 || ev.Sources[0].Title != "calendar.history (FreeBSD calendar data)" ||
		ev.Sources[0].URL != "/licences#bsd-calendar" || !strings.Contains(ev.Sources[0].Note, "BSD licence") {
		t.Errorf("Sources = %+v, want the calendar file with a link to the licence and its note", ev.Sources)
	}
	if !strings.HasPrefix(ev.ExternalKey, "bsdcal:calendar.history:") {
		t.Errorf("ExternalKey = %q", ev.ExternalKey)
	}
	if err := ev.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestEventDate(t *testing.T) {
	tests := []struct {
		name string
		line string
		want flashback.HistDate
	}{
		{"NoYearIsMonthDay", "01/08\tBattle of New Orleans",
			flashback.HistDate{Month: time.January, Day: 8, Precision: flashback.PrecisionMonthDay}},
		{"ModernIsGregorian", "07/20\tMoon landing, 1969",
			flashback.HistDate{Year: 1969, Month: time.July, Day: 20, Calendar: flashback.Gregorian}},
		{"ReformDayIsGregorian", "10/15\tFirst Gregorian day, 1582",
			flashback.HistDate{Year: 1582, Month: time.October, Day: 15, Calendar: flashback.Gregorian}},
		{"DayBeforeReformIsJulian", "10/04\tLast Julian day, 1582",
			flashback.HistDate{Year: 1582, Month: time.October, Day: 4, Calendar: flashback.Julian}},
		{"MedievalIsJulian", "02/27\tThe Lionheart crowned, 1189",
			flashback.HistDate{Year: 1189, Month: time.February, Day: 27, Calendar: flashback.Julian}},
		{"BCIsAstronomicalAndJulian", "03/15\tCaesar assassinated, 44BC",
			flashback.HistDate{Year: -43, Month: time.March, Day: 15, Calendar: flashback.Julian}},
		{"JulianLeapDayInCenturyYear", "02/29\tA leap day, 1500",
			flashback.HistDate{Year: 1500, Month: time.February, Day: 29, Calendar: flashback.Julian}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := oneEvent(t, tt.line+"\n", "calendar.history")
			if ev.Date != tt.want {
				t.Errorf("Date = %+v, want %+v", ev.Date, tt.want)
			}
		})
	}
}

func TestEventSkips(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		reason string
	}{
		{"LeapDayOfCommonYear", "02/29\tNever happened, 1900\n", "no day 29"},
		{"JulianCommonYear", "02/29\tNever happened, 1501\n", "no day 29"},
		{"OnlyAYear", "01/01\t(1999)\n", "no text besides"},
		{"Duplicate", "03/15\tWatts riots, 1966\n03/16\tOther, 1900\n03/15\tWatts  riots, 1966\n", "repeats the entry of line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, skips := eventsOf(t, tt.src, "calendar.history")
			if len(skips) != 1 || !strings.Contains(skips[0].Reason, tt.reason) {
				t.Fatalf("skips = %v, want one containing %q", skips, tt.reason)
			}
			for _, ev := range events {
				if err := ev.Validate(); err != nil {
					t.Errorf("kept an invalid event %+v: %v", ev, err)
				}
			}
		})
	}
}

func TestExternalKey(t *testing.T) {
	base := oneEvent(t, "01/31\tExplorer I launched, 1958\n", "calendar.history").ExternalKey
	tests := []struct {
		name, src, origin string
		same              bool
	}{
		{"LineMoved", "\n\n/* a new comment */\n01/31\tExplorer I launched, 1958\n", "calendar.history", true},
		{"WhiteSpaceAndCase", "01/31\tExplorer  I\n\tLAUNCHED, 1958\n", "calendar.history", true},
		{"OtherDay", "02/01\tExplorer I launched, 1958\n", "calendar.history", false},
		{"OtherText", "01/31\tExplorer II launched, 1958\n", "calendar.history", false},
		{"OtherFile", "01/31\tExplorer I launched, 1958\n", "calendar.computer", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := oneEvent(t, tt.src, tt.origin).ExternalKey
			if (key == base) != tt.same {
				t.Errorf("key %q vs %q: same = %v, want %v", key, base, key == base, tt.same)
			}
		})
	}
}

func TestHeadlineAndSummary(t *testing.T) {
	tests := []struct {
		name, line, headline, summary string
	}{
		{"SentenceFullStopDropped", "11/23\tThe first edition of Life is published. 1936", "The first edition of Life is published", "The first edition of Life is published."},
		{"AbbreviationKept", "02/09\tGeorge Hartmann born, 1489, designed astrolabes, timepieces, etc.", "George Hartmann born, designed astrolabes, timepieces, etc.", "George Hartmann born, designed astrolabes, timepieces, etc."},
		{"Exclamation", "01/06\tMillard Fillmore's birthday (let's party!)", "Millard Fillmore's birthday (let's party!)", "Millard Fillmore's birthday (let's party!)."},
		{"UncertainYear", "01/11\tAlexander Hamilton born in Nevis, 1757?", "Alexander Hamilton born in Nevis", "Alexander Hamilton born in Nevis. The source gives the year as uncertain."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := oneEvent(t, tt.line+"\n", "calendar.birthday")
			if ev.Headline != tt.headline || ev.Summary != tt.summary {
				t.Errorf("got %q / %q\nwant %q / %q", ev.Headline, ev.Summary, tt.headline, tt.summary)
			}
		})
	}
}

func TestLongHeadlineIsCut(t *testing.T) {
	ev := oneEvent(t, "01/01\t"+strings.Repeat("word ", 200)+"end, 1900\n", "calendar.history")
	if len(ev.Headline) > maxHeadline || !strings.HasSuffix(ev.Headline, "word…") {
		t.Errorf("headline of %d bytes ends %q", len(ev.Headline), ev.Headline[len(ev.Headline)-10:])
	}
	if err := ev.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}
