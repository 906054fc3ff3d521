package web_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"flashback"
)

func TestArticle(t *testing.T) {
	s := newSite(t, time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC), time.UTC)
	trotsky := s.add(flashback.Event{
		Date:     day(1929, time.January, 31),
		Headline: "The Soviet Union exiles Leon Trotsky",
		Body:     "Trotsky is **expelled**.\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1)) [good](https://example.org/t)",
		Sources: []flashback.Source{
			{Title: "Encyclopaedia", URL: "https://example.org/trotsky"},
			{Title: "Sneaky", URL: "javascript:alert(1)"},
			{Title: "A book", Note: "p. 12"},
		},
	})
	other := s.add(flashback.Event{Date: day(1865, time.January, 31), Headline: "Thirteenth Amendment passes"})
	sameYear := s.add(flashback.Event{Date: day(1929, time.October, 29), Headline: "Black Tuesday"})
	s.add(flashback.Event{Date: day(1929, time.March, 1), Headline: "DRAFT hidden"})
	path := fmt.Sprintf("/events/%d/%s", trotsky.ID, trotsky.Slug)

	t.Run("OK", func(t *testing.T) {
		body := s.mustGet(path, http.StatusOK)
		if h := heading(t, body); h != "The Soviet Union exiles Leon Trotsky" {
			t.Errorf("heading %q", h)
		}
		mustContain(t, body,
			"Thursday, 31 January 1929 · 97 years ago",
			`<a href="/category/world-history">World History</a>`,
			"<strong>expelled</strong>",
			`<a href="https://example.org/trotsky" rel="nofollow noopener">Encyclopaedia</a>`,
			"Sneaky", "A book",
			fmt.Sprintf(`<a href="/events/%d/report">Report an inaccuracy</a>`, trotsky.ID),
			`<a href="/contact">Contact</a>`,
			fmt.Sprintf(`href="/events/%d/%s">Thirteenth Amendment passes</a>`, other.ID, other.Slug),
			fmt.Sprintf(`href="/events/%d/%s">Black Tuesday</a>`, sameYear.ID, sameYear.Slug),
			`<meta property="og:type" content="article">`,
		)
		mustNotContain(t, body, "<script>alert", "javascript:", "DRAFT", "not been written yet")
	})
	t.Run("WrongSlug", func(t *testing.T) {
		for _, p := range []string{fmt.Sprintf("/events/%d/wrong", trotsky.ID), fmt.Sprintf("/events/%d", trotsky.ID)} {
			w := s.get(p)
			if w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != path {
				t.Errorf("GET %s: %d → %q, want 301 → %q", p, w.Code, w.Header().Get("Location"), path)
			}
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		s.mustGet("/events/999999/x", http.StatusNotFound)
		s.mustGet("/events/abc/x", http.StatusNotFound)
		s.mustGet("/events/-1/x", http.StatusNotFound)
	})
	t.Run("Draft", func(t *testing.T) {
		d := s.add(flashback.Event{Date: day(1930, time.May, 1), Headline: "DRAFT unpublished"})
		s.mustGet(fmt.Sprintf("/events/%d/%s", d.ID, d.Slug), http.StatusNotFound)
	})
}

func TestArticle_Dates(t *testing.T) {
	s := newSite(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	tests := []struct {
		name  string
		date  flashback.HistDate
		wants []string
	}{
		{"BC", day(-43, time.March, 15), []string{"15 March 44 BC", "2069 years ago"}},
		{"Julian", flashback.HistDate{Year: 1917, Month: time.October, Day: 25, Calendar: flashback.Julian},
			[]string{"Wednesday, 25 October 1917 (Julian calendar; 7 November 1917 in the Gregorian calendar)"}},
		{"NoBody", day(1950, time.June, 1), []string{"No editor has checked it since it was imported.", "Summary of NoBody", "76 years ago", "76 years ago"}},
		{"Anniversary", day(1926, time.May, 30), []string{"100 years ago", `<span class="badge">100th anniversary</span>`}},
		{"AnniversaryToCome", day(1776, time.June, 5), []string{"249 years ago", `<span class="badge">250th anniversary on 5 June</span>`}},
		{"AnniversaryToday", day(1976, time.June, 1), []string{"50 years ago", `<span class="badge">50th anniversary today</span>`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := s.add(flashback.Event{Date: tc.date, Headline: tc.name})
			body := s.mustGet(fmt.Sprintf("/events/%d/%s", e.ID, e.Slug), http.StatusOK)
			mustContain(t, body, tc.wants...)
		})
	}
	t.Run("AnniversaryAYearPast", func(t *testing.T) {
		// Its 70th anniversary was last December; this year's is the 71st.
		e := s.add(flashback.Event{Date: day(1955, time.December, 5), Headline: "Bus boycott"})
		body := s.mustGet(fmt.Sprintf("/events/%d/%s", e.ID, e.Slug), http.StatusOK)
		mustContain(t, body, "70 years ago")
		mustNotContain(t, body, `<span class="badge">`)
	})
}

// Hostile text in stored content and in requests comes out escaped.
func TestEscaping(t *testing.T) {
	s := newSite(t, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	evil := `<script>alert("pwned")</script>'"`
	e := s.add(flashback.Event{Date: day(1990, time.April, 1), Headline: "Headline " + evil, Summary: "Teaser " + evil})
	for _, p := range []string{"/", "/on/april/1", fmt.Sprintf("/events/%d/%s", e.ID, e.Slug), "/category/world-history",
		"/category/%3Cscript%3E", "/?x=%3Cscript%3E", "/on?month=%3Cscript%3E&day=%22"} {
		t.Run(p, func(t *testing.T) {
			w := s.get(p)
			mustNotContain(t, w.Body.String(), "<script>", `alert("pwned")`)
		})
	}
	body := s.mustGet("/on/april/1", http.StatusOK)
	mustContain(t, body, "Headline &lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;&#39;&#34;")
}
