package web_test

import (
	"strconv"
	"testing"
	"time"

	"flashback"
)

func yearSite(t *testing.T) (*site, *flashback.Event) {
	s := newSite(t, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	caesar := flashback.Event{Date: day(-43, time.March, 15), Headline: "Caesar assassinated"}
	caesar.Date.Calendar = flashback.Julian
	s.add(caesar)
	month := flashback.Event{Date: flashback.HistDate{Year: 1929, Month: time.October, Precision: flashback.PrecisionMonth}, Headline: "Markets fall"}
	whole := flashback.Event{Date: flashback.HistDate{Year: 1929, Precision: flashback.PrecisionYear}, Headline: "A year of change"}
	s.add(month)
	s.add(whole)
	e := s.add(flashback.Event{Date: day(1929, time.January, 31), Headline: "Trotsky exiled"})
	s.add(flashback.Event{Date: day(1930, time.January, 31), Headline: "Next year"})
	s.add(flashback.Event{Date: flashback.HistDate{Month: time.January, Day: 31, Precision: flashback.PrecisionMonthDay}, Headline: "Yearless observance"})
	s.add(flashback.Event{Date: day(1929, time.May, 1), Headline: "DRAFT of 1929"})
	return s, e
}

func TestYear(t *testing.T) {
	s, _ := yearSite(t)
	tests := []struct {
		name     string
		path     string
		status   int
		location string   // for redirects
		want     []string // in the body
		unwanted []string
	}{
		{"OK", "/year/1929", 200, "", []string{"<h1>1929</h1>", "Trotsky exiled", "Markets fall", "A year of change",
			"Sometime in 1929", "<h2>October</h2>", "Thursday, 31 January 1929"}, []string{"Next year", "Yearless", "DRAFT", "Julian calendar"}},
		{"BC", "/year/44-bc", 200, "", []string{"<h1>44 BC</h1>", "Caesar assassinated", "Gregorian calendar we use today",
			"(Julian calendar; 13 March 44 BC in the Gregorian calendar)"}, nil},
		{"AstronomicalRedirects", "/year/-43", 301, "/year/44-bc", nil, nil},
		{"SpacedBCRedirects", "/year/44%20BC", 301, "/year/44-bc", nil, nil},
		{"UpperCaseRedirects", "/year/44-BC", 301, "/year/44-bc", nil, nil},
		{"YearZeroIsOneBC", "/year/0", 301, "/year/1-bc", nil, nil},
		{"LeadingZeroRedirects", "/year/01929", 301, "/year/1929", nil, nil},
		{"NoEventsPointsToNeighbours", "/year/1800", 404, "", []string{"We have no events of 1800 yet.", `href="/year/44-bc"`, `href="/year/1929"`}, nil},
		{"NoEventsAfterLast", "/year/2000", 404, "", []string{`href="/year/1930"`}, nil},
		{"ErrAbsurd", "/year/99999999999999999999999", 400, "", []string{"The year must lie between"}, []string{"99999999999"}},
		{"ErrNoYearZeroBC", "/year/0-bc", 400, "", []string{"no year 0 BC"}, nil},
		{"ErrNotAYear", "/year/yesterday", 400, "", []string{"Give the year as a number"}, nil},
		{"ErrPage", "/year/1929?page=0", 400, "", nil, nil},
		{"PastLastPage", "/year/1929?page=2", 404, "", []string{"on 1 page"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := s.get(tc.path)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d", w.Code, tc.status)
			}
			if got := w.Header().Get("Location"); got != tc.location {
				t.Errorf("Location %q, want %q", got, tc.location)
			}
			mustContain(t, w.Body.String(), tc.want...)
			mustNotContain(t, w.Body.String(), tc.unwanted...)
		})
	}
}

// An article's date line leads to its year's page, which lists it.
func TestYear_LinkedFromArticle(t *testing.T) {
	s, e := yearSite(t)
	body := s.mustGet("/events/"+strconv.FormatInt(e.ID, 10)+"/"+e.Slug, 200)
	mustContain(t, body, `<span class="year-link"> · <a href="/year/1929">More from 1929</a></span>`)
	mustContain(t, s.mustGet("/year/1929", 200), `href="/events/`+strconv.FormatInt(e.ID, 10)+"/"+e.Slug+`"`)
}
