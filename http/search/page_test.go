package search_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/http/compress/compresstest"
)

func TestPage(t *testing.T) {
	s := newSite(t, nil)
	cases := []struct {
		name, query string
		status      int
		want, not   []string
	}{
		{"EmptyShowsHelp", "", 200, []string{`name="q"`, "a phrase in quotes"}, []string{"No events match"}},
		{"Hits", "q=moon", 200, []string{`<a href="/events/1/apollo-11-lands-on-the-moon">Apollo 11 lands on the <mark>Moon</mark></a>`,
			"Results 1–1 of 1", "walk on the &lt;<mark>Moon</mark>&gt;."}, nil},
		{"KeepsTheForm", "q=battle&category=world-history&from=500+BC&to=1+BC", 200,
			[]string{`value="battle"`, `value="500 BC"`, `value="1 BC"`, `<option value="world-history" selected>`, "<mark>Battle</mark> of Actium", "<mark>Battle</mark> of Marathon"},
			[]string{"script>alert"}},
		{"ADYears", "q=battle&from=1", 200, []string{"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <mark>battle</mark>"}, []string{"Actium", "<script>alert"}},
		{"EscapesHostileText", "q=img+onerror", 200, []string{"&#34;&gt;&lt;<mark>img</mark>"}, []string{"<img src=x"}},
		{"NoMatchHelps", "q=zeppelin", 200, []string{"No events match.", "Check the spelling"}, []string{"Search all categories"}},
		{"FilteredNoMatchOffersUnfiltered", "q=moon&category=music", 200, []string{"No events match.", `href="/search?q=moon"`}, nil},
		{"PunctuationOnly", "q=%22%28*%29", 200, []string{"Type at least one word"}, nil},
		{"Backwards", "q=battle&from=1900&to=44+BC", 400, []string{"role=\"alert\"", "The year range runs backwards: 1900 comes after 44 BC."}, nil},
		{"NotAYear", "q=battle&from=soon", 400, []string{"From year: Give the year as a number"}, nil},
		{"YearZeroBC", "q=battle&to=0+BC", 400, []string{"To year: There is no year 0 BC"}, nil},
		{"UnknownCategory", "q=battle&category=%3Cb%3E", 400, []string{"There is no such category"}, []string{"<b>"}},
		{"BadPage", "q=battle&page=two", 400, []string{"The page number must be a whole number"}, nil},
		{"TooLong", "q=" + strings.Repeat("a", 501), 400, []string{"The search is too long"}, nil},
		{"PastTheEnd", "q=battle&page=9", 200, []string{"No more results.", `<a href="/search?q=battle" rel="prev">`}, nil},
		{"HugePage", "q=battle&page=1000000001", 400, []string{"The page number must be a whole number from 1 to 1,000,000,000."}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := s.get("/search?" + c.query)
			body := w.Body.String()
			if w.Code != c.status {
				t.Fatalf("status %d, want %d; body:\n%s", w.Code, c.status, body)
			}
			if got := w.Header().Get("Cache-Control"); got != "private, no-cache" {
				t.Errorf("Cache-Control %q, want private, no-cache: the page is told in the reader's zone", got)
			}
			for _, want := range c.want {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			for _, bad := range c.not {
				if strings.Contains(body, bad) {
					t.Errorf("page contains %q", bad)
				}
			}
		})
	}
}

// TestPagePagination follows the page's own links through every page.
func TestPagePagination(t *testing.T) {
	s := newSite(t, nil)
	for i := range 45 {
		s.add("Treaty "+strings.Repeat("x", i%3+1)+" signed", 1800+i, "world-history", "A treaty.")
	}
	next, seen := "/search?q=treaty&from=1800", 0
	for pages := 0; next != ""; pages++ {
		if pages > 3 {
			t.Fatal("more than three pages of 20 for 45 hits")
		}
		body := s.get(next).Body.String()
		seen += strings.Count(body, `<article class="card result">`)
		next = ""
		if i := strings.Index(body, `rel="next"`); i >= 0 {
			start := strings.LastIndex(body[:i], `href="`) + len(`href="`)
			next = strings.ReplaceAll(body[start:strings.Index(body[start:], `"`)+start], "&amp;", "&")
			if u, err := url.Parse(next); err != nil || u.Query().Get("from") != "1800" {
				t.Fatalf("next link %q loses the filter", next)
			}
		}
	}
	if seen != 45 {
		t.Errorf("pages showed %d hits, want 45", seen)
	}
	// From far past the end, the way back is the last page of hits.
	body := s.get("/search?q=treaty&from=1800&page=9").Body.String()
	if want := `<a href="/search?from=1800&amp;page=3&amp;q=treaty" rel="prev">`; !strings.Contains(body, want) {
		t.Errorf("page 9 of 3 lacks %s", want)
	}
}

func TestPageRateLimited(t *testing.T) {
	s := newSite(t, limiter(2))
	for range 2 {
		if w := s.get("/search?q=moon"); w.Code != http.StatusOK {
			t.Fatalf("status %d within the limit", w.Code)
		}
	}
	w := s.get("/search?q=moon")
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
		t.Errorf("status %d, Retry-After %q; want 429 with a wait", w.Code, w.Header().Get("Retry-After"))
	}
}

// TestPageSaysWhenCut: past the bounds of a search, the page says which
// matches it ranked, and the API's answer names the same.
func TestPageSaysWhenCut(t *testing.T) {
	s := newSite(t, nil)
	var events []*flashback.Event
	for i := range flashback.SearchScanLimit + 10 {
		events = append(events, &flashback.Event{
			Date: flashback.HistDate{Year: 1900, Month: time.May, Day: 1}, Category: flashback.CategoryHistory,
			Headline: fmt.Sprintf("A long headline about a siege, number %d", i), Summary: "An armistice followed.",
			ExternalKey: fmt.Sprint("cut:", i), Published: true,
		})
	}
	if _, err := s.store.ImportEvents(context.Background(), events); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, query, want, ranked string }{
		{"InHeadlines", "q=siege", "these are the best of those with your words in the shortest headlines", "shortest_headlines"},
		{"Elsewhere", "q=armistice", "every event with your words in its headline is ranked, but of those with them only in their text, just the newest", "headlines"},
		{"Filtered", "q=siege&category=music", "none of those read (the ones with your words in the shortest headlines) passes these filters", "shortest_headlines"},
		// Past the last page of those ranked, no filter to blame.
		{"PastTheRanked", fmt.Sprintf("q=siege&page=%d", flashback.SearchScanLimit/20+2), "No more results: these pages hold the best matches that could be ranked.", "shortest_headlines"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if body := s.get("/search?" + c.query).Body.String(); !strings.Contains(body, c.want) {
				t.Errorf("page lacks %q", c.want)
			}
			var a apiAnswer
			if err := json.Unmarshal(s.get("/api/v1/search?"+c.query).Body.Bytes(), &a); err != nil {
				t.Fatal(err)
			}
			if a.TotalExact || a.Ranked != c.ranked {
				t.Errorf("API: total_exact %v, ranked %q; want false, %q", a.TotalExact, a.Ranked, c.ranked)
			}
		})
	}
}

// A result page, made for one reader and not kept, still goes out
// compressed to a browser that asks, the refused query's page too.
func TestPageCompressed(t *testing.T) {
	s := newSite(t, nil)
	for _, q := range []string{"q=moon", "q=battle&from=soon"} {
		t.Run(q, func(t *testing.T) {
			plain := s.get("/search?" + q)
			w := s.get("/search?"+q, "Accept-Encoding", "gzip")
			if w.Code != plain.Code || w.Header().Get("Content-Encoding") != "gzip" ||
				w.Header().Get("Vary") != "Accept-Encoding" {
				t.Fatalf("status %d, Content-Encoding %q, Vary %q", w.Code, w.Header().Get("Content-Encoding"), w.Header().Get("Vary"))
			}
			if !bytes.Equal(compresstest.Decode(t, "gzip", w.Body.Bytes()), plain.Body.Bytes()) {
				t.Error("decoded page differs from the plain one")
			}
		})
	}
}
