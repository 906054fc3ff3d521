package errata_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/corpus"
	"flashback/corpus/errata"
)

// source is the calendar file's source as the BSD importer writes it.
var source = flashback.Source{Title: "calendar.test (FreeBSD calendar data)", URL: "/licences#bsd-calendar"}

// event returns an event of calendar.test on a day-precision date, dated
// in the calendar the importer would guess.
func event(key, headline string, year int, month time.Month, day int) *flashback.Event {
	d := flashback.HistDate{Year: year, Month: month, Day: day}
	if year < 1582 {
		d.Calendar = flashback.Julian
	}
	return &flashback.Event{Date: d, Category: flashback.CategoryHistory, Headline: headline,
		Summary: headline + ".", Slug: flashback.Slugify(headline), Sources: []flashback.Source{source},
		Provenance:  flashback.Provenance{Importer: "bsdcal", Origin: "calendar.test", Ref: "line 1"},
		ExternalKey: key, Published: true}
}

// applyRows applies rows (without header) to events as calendar.test.tsv.
func applyRows(t *testing.T, events []*flashback.Event, rows ...string) error {
	t.Helper()
	f, err := errata.Parse(strings.NewReader(errata.Header+"\n"+strings.Join(rows, "\n")+"\n"), "calendar.test.tsv")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return errata.Apply(events, []*errata.File{f})
}

func TestApply(t *testing.T) {
	yearless := event("k:obs", "Feast of Someone", 0, time.March, 1)
	yearless.Date.Precision, yearless.Date.Calendar = flashback.PrecisionMonthDay, flashback.Gregorian
	tests := []struct {
		name       string
		event      *flashback.Event
		rows       []string
		date       flashback.HistDate
		headline   string
		mark       flashback.DateMarkKind
		published  bool
		correction string // the text of the first correction; "" for none
	}{
		{"Year", event("k:1", "Sly Stone born", 1944, time.March, 15),
			[]string{"k:1\tyear\t1944\t1943\tHe was born in 1943.\thttps://example.org/sly"},
			flashback.HistDate{Year: 1943, Month: time.March, Day: 15}, "Sly Stone born", "", true,
			"The source gave 15 March 1944; it is 15 March 1943. He was born in 1943."},
		{"YearAndDay", event("k:1", "Iron Curtain speech", 1947, time.January, 1),
			[]string{"k:1\tyear\t1947\t1946\tIt was 1946\thttps://example.org/ic", "k:1\tday\t01-01\t03-05\tIt was 5 March.\thttps://example.org/ic"},
			flashback.HistDate{Year: 1946, Month: time.March, Day: 5}, "Iron Curtain speech", "", true,
			"The source gave 1 January 1947; it is 5 March 1946. It was 1946. It was 5 March."},
		{"BCYear", event("k:1", "Hammurabi dies", -1685, time.June, 16),
			[]string{"k:1\tyear\t1686 BC\t1750 BC\tThe middle chronology dates his death to 1750 BC.\tVan De Mieroop, King Hammurabi of Babylon (2005)"},
			flashback.HistDate{Year: -1749, Month: time.June, Day: 16, Calendar: flashback.Julian}, "Hammurabi dies", "", true,
			"The source gave 16 June 1686 BC; it is 16 June 1750 BC. The middle chronology dates his death to 1750 BC."},
		{"DayToLeapDay", event("k:1", "Leap event", 1904, time.February, 28),
			[]string{"k:1\tday\t02-28\t02-29\tIt was the leap day.\thttps://example.org/leap"},
			flashback.HistDate{Year: 1904, Month: time.February, Day: 29}, "Leap event", "", true,
			"The source gave 28 February 1904; it is 29 February 1904. It was the leap day."},
		{"JulianCalendar", event("k:1", "French and Indian raid on Deerfield MA", 1704, time.February, 29),
			[]string{"k:1\tcalendar\tgregorian\tjulian\tNew England still kept the Julian calendar.\thttps://example.org/deerfield"},
			flashback.HistDate{Year: 1704, Month: time.February, Day: 29, Calendar: flashback.Julian}, "French and Indian raid on Deerfield MA", "", true,
			"We read the source's 29 February 1704 as a Gregorian date; it is 29 February 1704 in the Julian calendar (11 March 1704 in the Gregorian). New England still kept the Julian calendar."},
		{"DayAndCalendar", event("k:1", "October Revolution", 1917, time.November, 7),
			[]string{"k:1\tday\t11-07\t10-25\tRussia dated it 25 October.\thttps://example.org/oct", "k:1\tcalendar\tgregorian\tjulian\tRussia kept the Julian calendar until 1918.\thttps://example.org/oct"},
			flashback.HistDate{Year: 1917, Month: time.October, Day: 25, Calendar: flashback.Julian}, "October Revolution", "", true,
			"The source gave 7 November 1917; it is 25 October 1917 in the Julian calendar (7 November 1917 in the Gregorian). Russia dated it 25 October. Russia kept the Julian calendar until 1918."},
		{"YearGiven", yearless,
			[]string{"k:obs\tyear\t\t1897\tThe feast was first kept in 1897.\thttps://example.org/feast"},
			flashback.HistDate{Year: 1897, Month: time.March, Day: 1}, "Feast of Someone", "", true,
			"The source gave 1 March; it is 1 March 1897. The feast was first kept in 1897."},
		{"Headline", event("k:1", "Marion Anderson born", 1897, time.February, 27),
			[]string{"k:1\theadline\tMarion Anderson born\tMarian Anderson born\tHer name is Marian\thttps://example.org/ma"},
			flashback.HistDate{Year: 1897, Month: time.February, Day: 27}, "Marian Anderson born", "", true,
			"The source gave the headline \u201cMarion Anderson born\u201d; it is \u201cMarian Anderson born\u201d. Her name is Marian."},
		{"Dating", event("k:1", "Buddha born", -562, time.April, 8),
			[]string{"k:1\tdating\t\ttraditional\tThe day is a tradition; scholars date his life a century later.\thttps://example.org/buddha"},
			flashback.HistDate{Year: -562, Month: time.April, Day: 8, Calendar: flashback.Julian}, "Buddha born", flashback.DateTraditional, true, ""},
		{"Withdraw", event("k:1", "Not an event", 1950, time.May, 1),
			[]string{"k:1\twithdraw\t\twithdrawn\tNo such event is recorded anywhere.\thttps://example.org/none"},
			flashback.HistDate{Year: 1950, Month: time.May, Day: 1}, "Not an event", "", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.event
			if err := applyRows(t, []*flashback.Event{e}, tc.rows...); err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if e.Date != tc.date || e.Headline != tc.headline || e.DateMark.Kind != tc.mark || e.Published != tc.published {
				t.Errorf("got %+v %q mark %q published %v", e.Date, e.Headline, e.DateMark.Kind, e.Published)
			}
			if e.Slug != flashback.Slugify(tc.headline) || !strings.HasPrefix(e.Summary, tc.headline) {
				t.Errorf("slug %q, summary %q do not follow the headline", e.Slug, e.Summary)
			}
			switch {
			case tc.correction == "" && len(e.Corrections) > 0:
				t.Errorf("corrections %+v, want none", e.Corrections)
			case tc.correction != "" && (len(e.Corrections) != 1 || e.Corrections[0].Text != tc.correction):
				t.Errorf("corrections %+v,\nwant one: %q", e.Corrections, tc.correction)
			}
		})
	}
}

// A corrected date leaves the calendar file recorded as giving the old
// date and adds each reference once, as a source giving the new one.
func TestApply_Sources(t *testing.T) {
	e := event("k:1", "Iron Curtain speech", 1947, time.January, 1)
	err := applyRows(t, []*flashback.Event{e}, "k:1\tyear\t1947\t1946\tr\thttps://example.org/ic",
		"k:1\tday\t01-01\t03-05\tr\thttps://example.org/ic")
	if err != nil {
		t.Fatal(err)
	}
	was := flashback.HistDate{Year: 1947, Month: time.January, Day: 1}
	want := []flashback.Source{{Title: source.Title, URL: source.URL, Date: was},
		{Title: "https://example.org/ic", URL: "https://example.org/ic", Date: e.Date}}
	if len(e.Sources) != 2 || e.Sources[0] != want[0] || e.Sources[1] != want[1] {
		t.Errorf("sources %+v,\nwant %+v", e.Sources, want)
	}
	c := e.Corrections[0]
	if c.Key != "k:1#date" || len(c.References) != 1 || c.References[0] != "https://example.org/ic" {
		t.Errorf("correction %+v", c)
	}
	if got := flashback.DateAgreement(e.Date, e.DateWitnesses()); got != "Sources disagree: calendar.test (FreeBSD calendar data) gives 1 January 1947; https://example.org/ic gives 5 March 1946." {
		t.Errorf("agreement %q", got)
	}
}

// An erratum that no longer fits the data is an error naming its row.
func TestApply_Stale(t *testing.T) {
	tests := []struct {
		name string
		row  string
		msg  string
	}{
		{"UnknownKey", "k:2\tyear\t1944\t1943\tr\tref", "no event of calendar.test has the key k:2"},
		{"OldYear", "k:1\tyear\t1945\t1943\tr\tref", `old year "1945"`},
		{"OldYearGivenForYearless", "k:1\tyear\t\t1943\tr\tref", `old year ""`},
		{"OldDay", "k:1\tday\t03-16\t03-17\tr\tref", "old day 03-16"},
		{"OldCalendar", "k:1\tcalendar\tjulian\tgregorian\tr\tref", "old calendar julian"},
		{"OldHeadline", "k:1\theadline\tSly Stone dies\tSly Stone born\tr\tref", `old headline "Sly Stone dies"`},
		{"LeapDayInCommonYear", "k:1\tday\t03-15\t02-29\tr\tref", "does not exist"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := applyRows(t, []*flashback.Event{event("k:1", "Sly Stone born", 1943, time.March, 15)}, tc.row)
			var pe *errata.Error
			if !errors.As(err, &pe) || pe.Line != 2 || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("Apply: %v, want an error on line 2 with %q", err, tc.msg)
			}
		})
	}
}

// The fixture of the six entries known to be wrong fits the bundled
// corpus, and corrects them as the issue says.
func TestApply_KnownCases(t *testing.T) {
	files, err := errata.ParseFS(os.DirFS("testdata/known"))
	if err != nil {
		t.Fatal(err)
	}
	events, _, err := corpus.BundledUncorrected()
	if err != nil {
		t.Fatal(err)
	}
	if err := errata.Apply(events, files); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	want := map[string]string{
		"bsdcal:calendar.history:bb0d8d2f5807b1ea":  "5 March 1946",
		"bsdcal:calendar.history:85454986850e45ec":  "31 January 1881",
		"bsdcal:calendar.birthday:7da75e4078231aeb": "27 February 1897",
		"bsdcal:calendar.music:89c7f457f46c0571":    "15 March 1943",
		"bsdcal:calendar.music:e73e944947c772d5":    "12 May 1967",
		"bsdcal:calendar.music:bc7eeb1156a8071f":    "16 November 1895",
	}
	for _, e := range events {
		if date, ok := want[e.ExternalKey]; ok {
			if e.Date.String() != date || len(e.Corrections) == 0 {
				t.Errorf("%s: %s with %d corrections, want %s corrected", e.Headline, e.Date, len(e.Corrections), date)
			}
			delete(want, e.ExternalKey)
		}
	}
	if len(want) > 0 {
		t.Errorf("not found: %v", want)
	}
}
