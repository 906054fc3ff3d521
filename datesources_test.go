package flashback_test

import (
	"testing"
	"time"

	"flashback"
)

func TestDateAgreement(t *testing.T) {
	d1947 := flashback.HistDate{Year: 1947, Month: time.January, Day: 1}
	d1946 := flashback.HistDate{Year: 1946, Month: time.March, Day: 5}
	calendar := flashback.Source{Title: "calendar.history (FreeBSD calendar data)", URL: "/licences#bsd-calendar"}
	birthday := flashback.Source{Title: "calendar.birthday (FreeBSD calendar data)", URL: "/licences#bsd-calendar"}
	enwiki := flashback.Source{Title: "Wikipedia: Sinews of Peace", URL: "https://en.wikipedia.org/wiki/Sinews_of_Peace"}
	dewiki := flashback.Source{Title: "Wikipedia (de)", URL: "https://de.wikipedia.org/wiki/Eiserner_Vorhang"}
	bbc := flashback.Source{Title: "BBC", URL: "https://www.bbc.co.uk/history/x"}
	bbcNews := flashback.Source{Title: "BBC News", URL: "https://news.bbc.co.uk/y"}
	book := flashback.Source{Title: "Gilbert, Churchill: A Life (1991)"}
	tests := []struct {
		name string
		ws   []flashback.DateWitness
		want string
	}{
		{"None", nil, "No source is recorded for this date yet."},
		{"One", []flashback.DateWitness{{enwiki, d1946}}, "Date given by one source, not yet confirmed by a second."},
		// An editor moved the event and recorded no source for the new date.
		{"NoneGivesTheDateShown", []flashback.DateWitness{{calendar, d1947}},
			"No recorded source gives this date: calendar.history (FreeBSD calendar data) gives 1 January 1947."},
		{"TwoAgree", []flashback.DateWitness{{enwiki, d1946}, {book, d1946}}, "Date given by 2 independent sources; they agree."},
		// One project's files, and one site's pages in any language, are one source.
		{"SameProject", []flashback.DateWitness{{calendar, d1946}, {birthday, d1946}}, "Date given by one source, not yet confirmed by a second."},
		{"SameSite", []flashback.DateWitness{{enwiki, d1946}, {dewiki, d1946}}, "Date given by one source, not yet confirmed by a second."},
		{"CountryCodeSuffix", []flashback.DateWitness{{bbc, d1946}, {bbcNews, d1946}}, "Date given by one source, not yet confirmed by a second."},
		{"CitationCaseAndSpacing", []flashback.DateWitness{{book, d1946}, {flashback.Source{Title: "gilbert,  Churchill: a life (1991)"}, d1946}},
			"Date given by one source, not yet confirmed by a second."},
		{"Disagree", []flashback.DateWitness{{calendar, d1947}, {enwiki, d1946}},
			"Sources disagree: calendar.history (FreeBSD calendar data) gives 1 January 1947; Wikipedia: Sinews of Peace gives 5 March 1946."},
		{"DisagreeTwoAgainstOne", []flashback.DateWitness{{calendar, d1947}, {enwiki, d1946}, {book, d1946}},
			"Sources disagree: calendar.history (FreeBSD calendar data) gives 1 January 1947; Wikipedia: Sinews of Peace and Gilbert, Churchill: A Life (1991) give 5 March 1946."},
		{"YearOnlyAgreesWithDay", []flashback.DateWitness{{book, flashback.HistDate{Year: 1946, Precision: flashback.PrecisionYear}}, {enwiki, d1946}},
			"Date given by 2 independent sources; they agree."},
		{"OneDayInTwoCalendars", []flashback.DateWitness{{book, flashback.HistDate{Year: 1946, Month: time.February, Day: 20, Calendar: flashback.Julian}},
			{enwiki, d1946}}, "Date given by 2 independent sources; they agree."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The date shown is 5 March 1946.
			if got := flashback.DateAgreement(d1946, tc.ws); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// A source without a date of its own gives the event's date; one with a
// date (the calendar file an erratum corrected) gives that.
func TestDateWitnesses(t *testing.T) {
	was := flashback.HistDate{Year: 1947, Month: time.January, Day: 1}
	e := &flashback.Event{Date: flashback.HistDate{Year: 1946, Month: time.March, Day: 5},
		Sources: []flashback.Source{{Title: "calendar", Date: was}, {Title: "Britannica"}}}
	ws := e.DateWitnesses()
	if len(ws) != 2 || ws[0].Date != was || ws[1].Date != e.Date {
		t.Errorf("witnesses %+v", ws)
	}
}

func TestHistDateAgrees(t *testing.T) {
	day := func(y int, m time.Month, d int) flashback.HistDate {
		return flashback.HistDate{Year: y, Month: m, Day: d}
	}
	tests := []struct {
		name string
		a, b flashback.HistDate
		want bool
	}{
		{"Same", day(1946, 3, 5), day(1946, 3, 5), true},
		{"OtherYear", day(1946, 3, 5), day(1947, 3, 5), false},
		{"OtherDay", day(1946, 3, 5), day(1946, 3, 6), false},
		{"OtherMonth", day(1946, 3, 5), day(1946, 4, 5), false},
		{"YearlessSameDay", flashback.HistDate{Month: 3, Day: 5, Precision: flashback.PrecisionMonthDay}, day(1946, 3, 5), true},
		{"YearlessOtherDay", flashback.HistDate{Month: 3, Day: 6, Precision: flashback.PrecisionMonthDay}, day(1946, 3, 5), false},
		{"MonthPrecision", flashback.HistDate{Year: 1946, Month: 3, Precision: flashback.PrecisionMonth}, day(1946, 3, 5), true},
		{"MonthPrecisionOtherMonth", flashback.HistDate{Year: 1946, Month: 4, Precision: flashback.PrecisionMonth}, day(1946, 3, 5), false},
		{"BCYearOnly", flashback.HistDate{Year: -43, Precision: flashback.PrecisionYear}, flashback.HistDate{Year: -43, Month: 3, Day: 15, Calendar: flashback.Julian}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Agrees(tc.b); got != tc.want || tc.b.Agrees(tc.a) != tc.want {
				t.Errorf("Agrees = %v both ways, want %v", got, tc.want)
			}
		})
	}
}

// What a source said of the date survives an edit of the event: the date
// recorded on it, and the imported date when an editor moves an imported
// event; an editor's own event's sources follow the editor.
func TestKeepSourceDates(t *testing.T) {
	was := flashback.HistDate{Year: 1947, Month: time.January, Day: 1}
	now := flashback.HistDate{Year: 1946, Month: time.March, Day: 5}
	calendar := flashback.Source{Title: "calendar.history", URL: "/licences#bsd-calendar"}
	tests := []struct {
		name   string
		key    string // the event's ExternalKey
		before flashback.Source
		after  flashback.HistDate
		want   flashback.HistDate
	}{
		{"ImportedDateUnchanged", "bsdcal:1", calendar, was, flashback.HistDate{}},
		{"ImportedDateMoved", "bsdcal:1", calendar, now, was},
		{"RecordedDateKept", "bsdcal:1", flashback.Source{Title: calendar.Title, URL: calendar.URL, Date: was}, now, was},
		{"EditorsOwnEvent", "", calendar, now, flashback.HistDate{}},
		{"OtherSource", "bsdcal:1", flashback.Source{Title: "Another"}, now, flashback.HistDate{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := &flashback.Event{Date: was, ExternalKey: tc.key, Sources: []flashback.Source{tc.before}}
			after := &flashback.Event{Date: tc.after, ExternalKey: tc.key, Sources: []flashback.Source{calendar}}
			flashback.KeepSourceDates(before, after)
			if got := after.Sources[0].Date; got != tc.want {
				t.Errorf("source gives %+v, want %+v", got, tc.want)
			}
		})
	}
}
