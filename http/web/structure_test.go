package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"flashback"
)

// Every reader's page has the parts a publication needs and every form
// field has a label: checked on structure, not on full-HTML goldens.
func TestPageStructure(t *testing.T) {
	s := newSite(t, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	e := s.add(flashback.Event{Date: day(1990, time.April, 1), Headline: "Something happened"})
	pages := []string{"/", "/on/april/1", fmt.Sprintf("/events/%d/%s", e.ID, e.Slug), "/categories",
		"/category/world-history", "/on/april/1/world-history", "/privacy",
		"/on/february/30", "/nope"}
	fieldRE := regexp.MustCompile(`<(?:input|select|textarea)\b[^>]*>`)
	idRE := regexp.MustCompile(`\bid="([^"]+)"`)
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			body := s.get(p).Body.String()
			heading(t, body)
			mustContain(t, body, "<!doctype html>", `<html lang="en">`, "<header", "<nav", "<main", "<footer",
				"<title>", `<form action="/subscribe" method="post"`, `href="/privacy"`)
			mustNotContain(t, body, "<script>", " onclick=", " style=")
			for _, f := range fieldRE.FindAllString(body, -1) {
				if strings.Contains(f, `type="hidden"`) {
					continue
				}
				m := idRE.FindStringSubmatch(f)
				if m == nil || !strings.Contains(body, `<label for="`+m[1]+`"`) {
					t.Errorf("field without a label: %s", f)
				}
			}
		})
	}
}

func TestInfoPages(t *testing.T) {
	s := newSite(t, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	tests := []struct {
		path  string
		wants []string
	}{
		{"/categories", []string{`href="/category/world-history"`, `href="/category/holidays-observances"`}},
		{"/category/world-history", []string{"<h1>World History</h1>", "0 events"}},
		{"/privacy", []string{"cookie", "<code>tz</code>", "deleted after 7 days", "SHA-256"}},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			mustContain(t, s.mustGet(tc.path, http.StatusOK), tc.wants...)
		})
	}
	t.Run("UnknownCategory", func(t *testing.T) {
		s.mustGet("/category/nope", http.StatusNotFound)
	})
	t.Run("BadPage", func(t *testing.T) {
		s.mustGet("/category/world-history?page=x", http.StatusBadRequest)
		s.mustGet("/category/world-history?page=2", http.StatusNotFound)
	})
}

func TestCategoryPaging(t *testing.T) {
	s := newSite(t, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	for i := range 35 {
		s.add(flashback.Event{Date: day(1900+i, time.May, 1+i%28), Headline: fmt.Sprintf("Music %02d", i), Category: flashback.CategoryMusic})
	}
	s.add(flashback.Event{Date: day(1900, time.May, 1), Headline: "Not music"})
	p1 := s.mustGet("/category/music", http.StatusOK)
	mustContain(t, p1, "35 events", "page 1 of 2", `href="/category/music?page=2"`,
		`<link rel="alternate" type="application/atom+xml" title="Flashback: Music (Atom)" href="/category/music/atom.xml">`,
		`<a href="/category/music/calendar.ics">calendar</a>`)
	mustNotContain(t, p1, "Not music")
	p2 := s.mustGet("/category/music?page=2", http.StatusOK)
	if n := strings.Count(p2, `<article class="card`); n != 5 {
		t.Errorf("page 2 has %d events, want 5", n)
	}
}
