package search_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"flashback"
)

func limiter(burst int) *flashback.Limiter {
	return &flashback.Limiter{Secret: []byte("test"), Name: "search", Rate: flashback.Rate{Burst: burst, Every: time.Hour}}
}

type apiAnswer struct {
	Total      int    `json:"total"`
	TotalExact bool   `json:"total_exact"`
	Ranked     string `json:"ranked"`
	HasMore    bool   `json:"has_more"`
	Next       string `json:"next"`
	Hits       []struct {
		ID   int64  `json:"id"`
		URL  string `json:"url"`
		Date struct {
			Year    *int   `json:"year"`
			Display string `json:"display"`
		} `json:"date"`
		Headline       string `json:"headline"`
		HeadlineMarked []struct {
			Text string `json:"text"`
			Mark bool   `json:"mark"`
		} `json:"headline_marked"`
	} `json:"hits"`
}

func TestAPI(t *testing.T) {
	s := newSite(t, nil)
	w := s.get("/api/v1/search?q=battle&to=1+BC&limit=1")
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, type %q: %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	var a apiAnswer
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	if a.Total != 2 || !a.TotalExact || a.Ranked != "all" || !a.HasMore || len(a.Hits) != 1 || a.Next != base+"/api/v1/search?limit=1&page=2&q=battle&to=1+BC" {
		t.Errorf("answer %+v", a)
	}
	if h := a.Hits[0]; !strings.HasPrefix(h.URL, fmt.Sprintf("%s/events/%d/", base, h.ID)) {
		t.Errorf("hit URL %q, want the article's absolute address", h.URL)
	}
	if h := a.Hits[0]; h.Date.Year == nil || *h.Date.Year >= 0 || !strings.HasSuffix(h.Date.Display, "BC") ||
		len(h.HeadlineMarked) == 0 || h.HeadlineMarked[0].Text != "Battle" || !h.HeadlineMarked[0].Mark {
		t.Errorf("hit %+v", h)
	}
	if got := w.Header().Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("CORS origin %q", got)
	}
	t.Run("NotModified", func(t *testing.T) {
		etag := w.Header().Get("ETag")
		again := s.get("/api/v1/search?q=battle&to=1+BC&limit=1", "If-None-Match", `"other", `+etag)
		if etag == "" || again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("ETag %q: status %d, %d bytes", etag, again.Code, again.Body.Len())
		}
	})
	t.Run("Preflight", func(t *testing.T) {
		got := s.serve(httptestRequest("OPTIONS", "/api/v1/search"))
		if got.Code != http.StatusNoContent || !strings.Contains(got.Header().Get("Access-Control-Allow-Methods"), "GET") {
			t.Errorf("preflight: %d %v", got.Code, got.Header())
		}
	})
}

func TestAPIProblems(t *testing.T) {
	s := newSite(t, nil)
	cases := []struct {
		name, query, detail string
	}{
		{"NoWords", "", "Give the words to search for as ?q=."},
		{"PunctuationOnly", "q=%22%22", "Give at least one word in ?q=: punctuation alone finds nothing."},
		{"OperatorsOnly", "q=%2B%2B%2B", "Give at least one word in ?q=: punctuation alone finds nothing."},
		{"Backwards", "q=x&from=10&to=5", "The year range runs backwards: AD 10 comes after AD 5."},
		{"BadLimit", "q=x&limit=500", "The limit must be a whole number from 1 to 50."},
		{"BadYear", "q=x&from=1e3", "From year: Give the year as a number, e.g. 1929 or 44 BC."},
		{"BadCategory", "q=x&category=nope", "There is no such category; choose one from the list."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := s.get("/api/v1/search?" + c.query)
			var p struct {
				Type, Title, Detail string
				Status              int
			}
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}
			if w.Code != 400 || w.Header().Get("Content-Type") != "application/problem+json" || p.Status != 400 || p.Detail != c.detail || p.Title != "Bad Request" {
				t.Errorf("status %d, type %q, problem %+v", w.Code, w.Header().Get("Content-Type"), p)
			}
		})
	}
	t.Run("TooMany", func(t *testing.T) {
		s := newSite(t, limiter(1))
		s.get("/api/v1/search?q=moon")
		w := s.get("/api/v1/search?q=moon")
		if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" ||
			w.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("status %d, headers %v", w.Code, w.Header())
		}
	})
}
