package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/accuracy/conflict"
	"flashback/corpus/errata"
)

// calendarEntry is an event as the BSD calendar importer makes it.
func calendarEntry(key, headline string, d flashback.HistDate) *flashback.Event {
	return &flashback.Event{Date: d, Category: flashback.CategoryHistory, Headline: headline, Summary: headline + ".",
		Sources:     []flashback.Source{{Title: "calendar.history (FreeBSD calendar data)", URL: "/licences#bsd-calendar"}},
		Provenance:  flashback.Provenance{Importer: "bsdcal", Origin: "calendar.history", Ref: "line 12"},
		ExternalKey: key, Published: true}
}

// importWithErrata applies rows of calendar.history.tsv to e and imports it.
func importWithErrata(t *testing.T, s *site, e *flashback.Event, rows ...string) *flashback.Event {
	t.Helper()
	f, err := errata.Parse(strings.NewReader(errata.Header+"\n"+strings.Join(rows, "\n")+"\n"), "calendar.history.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if err := errata.Apply([]*flashback.Event{e}, []*errata.File{f}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.ImportEvents(context.Background(), []*flashback.Event{e}); err != nil {
		t.Fatal(err)
	}
	return e
}

// An erratum shows on its article as a public correction with its
// reference, a date mark on the date line with its reason, and the
// sources line names both dates; what came from the errata file is
// escaped like any text.
func TestArticle_Errata(t *testing.T) {
	s := newSite(t, time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC), time.UTC)
	s.web.Corrections = s.desk
	e := importWithErrata(t, s, calendarEntry("bsdcal:calendar.history:ic", `Churchill delivers his "Iron Curtain" speech`, day(1947, time.January, 1)),
		"bsdcal:calendar.history:ic\tyear\t1947\t1946\tHe spoke at Fulton <in 1946>.\thttps://example.org/ic?a=1&b=2",
		"bsdcal:calendar.history:ic\tday\t01-01\t03-05\tOn 5 March.\thttps://example.org/ic?a=1&b=2",
		"bsdcal:calendar.history:ic\tdating\t\tdisputed\tDiaries <b>differ</b> by a day.\tSmith, Diaries (1990) <p. 4>")
	body := s.mustGet(fmt.Sprintf("/events/%d/%s", e.ID, e.Slug), http.StatusOK)
	mustContain(t, body,
		"Tuesday, 5 March 1946",
		`<span class="badge datemark">Disputed date</span>`,
		"Disputed date: Diaries &lt;b&gt;differ&lt;/b&gt; by a day. <span class=\"reference\">Reference: Smith, Diaries (1990) &lt;p. 4&gt;</span>",
		"The source gave 1 January 1947; it is 5 March 1946. He spoke at Fulton &lt;in 1946&gt;. On 5 March.",
		`Reference: <a href="https://example.org/ic?a=1&amp;b=2" rel="nofollow noopener">https://example.org/ic?a=1&amp;b=2</a>`,
		"Sources disagree: calendar.history (FreeBSD calendar data) gives 1 January 1947; https://example.org/ic?a=1&amp;b=2 gives 5 March 1946.",
	)
	mustNotContain(t, body, "<b>differ", "<in 1946>")
	// The date page marks the date too, and only there: the event moved.
	mustContain(t, s.mustGet("/on/march/5", http.StatusOK), `<span class="badge datemark">Disputed date</span>`)
	mustNotContain(t, s.mustGet("/on/january/1", http.StatusOK), "Iron Curtain")

	// A second import changes nothing: one correction, not two.
	again := importWithErrata(t, s, calendarEntry("bsdcal:calendar.history:ic", `Churchill delivers his "Iron Curtain" speech`, day(1947, time.January, 1)),
		"bsdcal:calendar.history:ic\tyear\t1947\t1946\tHe spoke at Fulton <in 1946>.\thttps://example.org/ic?a=1&b=2",
		"bsdcal:calendar.history:ic\tday\t01-01\t03-05\tOn 5 March.\thttps://example.org/ic?a=1&b=2",
		"bsdcal:calendar.history:ic\tdating\t\tdisputed\tDiaries <b>differ</b> by a day.\tSmith, Diaries (1990) <p. 4>")
	body = s.mustGet(fmt.Sprintf("/events/%d/%s", again.ID, again.Slug), http.StatusOK)
	if n := strings.Count(body, "The source gave 1 January 1947"); n != 1 {
		t.Errorf("the correction shows %d times after a second import", n)
	}
}

// Another source's record of the same event counts as a witness of the
// date: agreeing, it confirms it; disagreeing, the article says so.
func TestArticle_SourcesOfSameEvent(t *testing.T) {
	wiki := func(d flashback.HistDate) *flashback.Event {
		return &flashback.Event{Date: d, Category: flashback.CategoryHistory, Headline: "Winston Churchill delivers the Iron Curtain speech in Fulton, Missouri",
			Summary: "Churchill speaks.", Sources: []flashback.Source{{Title: "Wikipedia: Sinews of Peace", URL: "https://en.wikipedia.org/wiki/Sinews_of_Peace"}},
			Provenance: flashback.Provenance{Importer: "wikimedia", Origin: "onthisday-03-05.json"}, ExternalKey: "wikimedia:ic", Published: true}
	}
	tests := []struct {
		name  string
		other *flashback.Event
		want  string
	}{
		{"Alone", nil, "Date given by one source, not yet confirmed by a second."},
		{"Agree", wiki(day(1946, time.March, 5)), "Date given by 2 independent sources; they agree."},
		{"Disagree", wiki(day(1946, time.March, 6)),
			"Sources disagree: calendar.history (FreeBSD calendar data) gives 5 March 1946; Wikipedia: Sinews of Peace gives 6 March 1946."},
		{"Draft", func() *flashback.Event { e := wiki(day(1946, time.March, 6)); e.Published = false; return e }(),
			"Date given by one source, not yet confirmed by a second."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC), time.UTC)
			s.web.SameEvents = &conflict.Matcher{Events: s.store}
			e := calendarEntry("bsdcal:calendar.history:ic", `Churchill delivers his "Iron Curtain" speech`, day(1946, time.March, 5))
			events := []*flashback.Event{e}
			if tc.other != nil {
				events = append(events, tc.other)
			}
			if _, err := s.store.ImportEvents(context.Background(), events); err != nil {
				t.Fatal(err)
			}
			body := s.mustGet(fmt.Sprintf("/events/%d/%s", e.ID, e.Slug), http.StatusOK)
			mustContain(t, body, tc.want)
		})
	}
}
