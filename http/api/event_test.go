package api_test

import (
	"strconv"
	"testing"
	"time"

	"flashback"
)

type eventRecord struct {
	ID       int64
	Headline string
	Category struct{ Slug, Name string }
	Date     struct {
		Year      *int
		Precision string
		Calendar  string
		DateLine  string `json:"date_line"`
	}
	YearsAgo    *int `json:"years_ago"`
	URL         string
	Sources     []struct{ Title, URL, Note string }
	Corrections []struct {
		Text string
		URL  string
	}
	LastRevision *struct {
		Fields []string
	} `json:"last_revision"`
}

func TestEvent(t *testing.T) {
	f := newFixture(t, jan2026)
	e := f.add(flashback.Event{Date: day(1929, time.January, 31), Headline: "Trotsky exiled", Sources: []flashback.Source{
		{Title: "A book", URL: "https://example.org/b"}, {Title: "Licence", URL: "/licences#x"}, {Title: "Unsafe", URL: "javascript:alert(1)"},
	}})
	plain := f.add(flashback.Event{Date: flashback.HistDate{Month: time.March, Day: 1, Precision: flashback.PrecisionMonthDay}, Headline: "A yearly day"})
	draft := f.add(flashback.Event{Date: day(1930, time.January, 31), Headline: "DRAFT not yet"})
	f.correct(e, "Trotsky sent into exile", "The headline said less than the sources.")

	t.Run("Corrected", func(t *testing.T) {
		var got eventRecord
		f.getJSON("/api/v1/events/"+strconv.FormatInt(e.ID, 10), 200, &got)
		if got.Headline != "Trotsky sent into exile" || got.Category.Name != "World History" || *got.YearsAgo != 97 ||
			got.Date.DateLine != "Thursday, 31 January 1929" || got.URL != base+"/events/1/trotsky-exiled" {
			t.Errorf("event %+v", got)
		}
		wantURLs := []string{"https://example.org/b", base + "/licences#x", ""}
		for i, s := range got.Sources {
			if s.URL != wantURLs[i] {
				t.Errorf("source %d: url %q, want %q", i, s.URL, wantURLs[i])
			}
		}
		if len(got.Corrections) != 1 || got.Corrections[0].Text != "The headline said less than the sources." {
			t.Errorf("corrections %+v", got.Corrections)
		}
		if got.LastRevision == nil || len(got.LastRevision.Fields) != 1 || got.LastRevision.Fields[0] != "headline" {
			t.Errorf("last revision %+v, want the headline's", got.LastRevision)
		}
	})
	t.Run("NeverRevised", func(t *testing.T) {
		var got eventRecord
		f.getJSON("/api/v1/events/"+strconv.FormatInt(plain.ID, 10), 200, &got)
		if got.LastRevision != nil || got.YearsAgo != nil || got.Date.Year != nil || got.Date.Precision != "monthday" || len(got.Corrections) != 0 {
			t.Errorf("event %+v", got)
		}
	})
	t.Run("Draft", func(t *testing.T) {
		f.getJSON("/api/v1/events/"+strconv.FormatInt(draft.ID, 10), 404, nil)
	})
}

func TestCorrectionsPaging(t *testing.T) {
	f := newFixture(t, jan2026)
	e := f.add(flashback.Event{Date: day(1929, time.January, 31), Headline: "Edited often"})
	for i := range 120 {
		f.correct(e, "Edited often "+strconv.Itoa(i), "Correction "+strconv.Itoa(i))
	}
	type page struct {
		Page, Pages, Total int
		Next, Prev         *string
		Corrections        []struct {
			ID   int64
			Text string
		}
	}
	var seen []int64
	next := "/api/v1/corrections"
	for n := 1; next != ""; n++ {
		var p page
		w := f.getJSON(next, 200, &p)
		if p.Page != n || p.Pages != 3 || p.Total != 120 {
			t.Fatalf("page %+v", p)
		}
		if (p.Prev == nil) != (n == 1) || (p.Next == nil) != (n == 3) {
			t.Errorf("page %d: prev %v next %v", n, p.Prev, p.Next)
		}
		if n < 3 && w.Header().Get("Link") == "" {
			t.Errorf("page %d has no Link header", n)
		}
		for _, c := range p.Corrections {
			seen = append(seen, c.ID)
		}
		next = ""
		if p.Next != nil {
			next = (*p.Next)[len(base):]
		}
	}
	if len(seen) != 120 {
		t.Fatalf("walked %d corrections, want 120", len(seen))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] >= seen[i-1] {
			t.Fatalf("ids not strictly newest first at %d: %d after %d", i, seen[i], seen[i-1])
		}
	}
	f.getJSON("/api/v1/corrections?page=4", 404, nil)
}
