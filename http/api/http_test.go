package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/http/api"
)

func TestConditionalGet(t *testing.T) {
	f := newFixture(t, jan2026)
	e := f.add(flashback.Event{Date: day(1929, time.January, 31), Headline: "Trotsky exiled"})
	first := f.getJSON("/api/v1/onthisday/all/01/31", 200, nil)
	etag := first.Header().Get("ETag")
	if etag == "" || first.Header().Get("Cache-Control") != "public, max-age=300" {
		t.Fatalf("ETag %q, Cache-Control %q", etag, first.Header().Get("Cache-Control"))
	}
	tests := []struct {
		name        string
		ifNoneMatch string
		change      bool
		want        int
	}{
		{"SameTag", etag, false, 304},
		{"WeakSameTag", "W/" + etag, false, 304},
		{"InAList", `"other", ` + etag, false, 304},
		{"OtherTag", `"other"`, false, 200},
		{"ContentChanged", etag, true, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.change {
				e.Headline = "Trotsky sent into exile"
				if err := f.events.UpdateEvent(t.Context(), e); err != nil {
					t.Fatal(err)
				}
			}
			w := f.do("GET", "/api/v1/onthisday/all/01/31", "If-None-Match", tt.ifNoneMatch)
			if w.Code != tt.want {
				t.Fatalf("status %d, want %d", w.Code, tt.want)
			}
			if tt.want == 304 && (w.Body.Len() != 0 || w.Header().Get("ETag") != etag) {
				t.Errorf("304 with body %q and ETag %q", w.Body.String(), w.Header().Get("ETag"))
			}
		})
	}
}

func TestCORS(t *testing.T) {
	f := newFixture(t, jan2026)
	t.Run("Get", func(t *testing.T) {
		w := f.do("GET", "/api/v1/categories", "Origin", "https://widget.example")
		if w.Header().Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(w.Header().Get("Access-Control-Expose-Headers"), "ETag") {
			t.Errorf("headers %v", w.Header())
		}
	})
	t.Run("Preflight", func(t *testing.T) {
		w := f.do("OPTIONS", "/api/v1/events/1", "Origin", "https://widget.example",
			"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match")
		h := w.Header()
		if w.Code != 204 || h.Get("Access-Control-Allow-Origin") != "*" || h.Get("Access-Control-Allow-Methods") != "GET, HEAD" ||
			!strings.EqualFold(h.Get("Access-Control-Allow-Headers"), "If-None-Match") {
			t.Errorf("status %d, headers %v", w.Code, h)
		}
	})
	t.Run("NoWrites", func(t *testing.T) {
		// A method no route takes is a problem document too: 405 with
		// Allow where the path is a route, 404 where it is none.
		for _, tc := range []struct {
			method, path string
			status       int
		}{
			{"POST", "/api/v1/categories", 405},
			{"DELETE", "/api/v1/events/1", 405},
			{"PUT", "/api/v1/onthisday/all/01/31", 405},
			{"POST", "/api/v1/nothing", 404},
		} {
			w := f.do(tc.method, tc.path)
			var p problem
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
				t.Fatalf("%s %s: %v: %q", tc.method, tc.path, err, w.Body)
			}
			h := w.Header()
			if w.Code != tc.status || p.Status != tc.status || h.Get("Content-Type") != "application/problem+json" ||
				h.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s %s: status %d, %s, %+v; want %d as a problem document", tc.method, tc.path, w.Code, h.Get("Content-Type"), p, tc.status)
			}
			if want := map[int]string{405: "GET, HEAD", 404: ""}[tc.status]; h.Get("Allow") != want {
				t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, h.Get("Allow"), want)
			}
		}
	})
}

// problem is an RFC 9457 answer.
type problem struct {
	Type, Title, Detail, Instance string
	Status                        int
}

func TestProblems(t *testing.T) {
	f := newFixture(t, jan2026)
	tests := []struct {
		name   string
		path   string
		status int
		detail string // a part of it
	}{
		{"UnknownPath", "/api/v1/nothing", 404, "/api/openapi.json"},
		{"UnknownVersion", "/api/v2/categories", 404, "nothing at this address"},
		{"BadType", "/api/v1/onthisday/everything/01/31", 400, "all, featured, events"},
		{"BadDate", "/api/v1/onthisday/all/04/31", 400, "02/29"},
		{"LongNumber", "/api/v1/onthisday/all/001/1", 400, "month and a day"},
		{"EventZero", "/api/v1/events/0", 400, "from 1 up"},
		{"EventHuge", "/api/v1/events/99999999999999999999", 400, "from 1 up"},
		{"EventMissing", "/api/v1/events/42", 404, ""},
		{"PageNegative", "/api/v1/corrections?page=-1", 400, "page number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := f.do("GET", tt.path)
			var p problem
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}
			if w.Code != tt.status || p.Status != tt.status || w.Header().Get("Content-Type") != "application/problem+json" ||
				p.Type != "about:blank" || p.Title == "" || !strings.Contains(p.Detail, tt.detail) || p.Instance != tt.path {
				t.Errorf("status %d, %s: %+v", w.Code, w.Header().Get("Content-Type"), p)
			}
		})
	}
}

// A client that hangs up while its limit is being checked is no internal
// error (load tests filled the log with them); a live request failing the
// same way is one.
func TestProblem_ClientGone(t *testing.T) {
	err := fmt.Errorf("rate limit: %w", context.Canceled)
	for _, hungUp := range []bool{true, false} {
		t.Run(fmt.Sprintf("HungUp=%v", hungUp), func(t *testing.T) {
			var logs bytes.Buffer
			h := &api.Handler{Logger: slog.New(slog.NewTextHandler(&logs, nil))}
			r := httptest.NewRequest("GET", "/api/v1/categories", nil)
			if hungUp {
				ctx, cancel := context.WithCancel(r.Context())
				cancel()
				r = r.WithContext(ctx)
			}
			w := httptest.NewRecorder()
			h.Problem(w, r, err)
			logged := strings.Contains(logs.String(), "internal error")
			if hungUp && (w.Code != 499 || w.Body.Len() != 0 || logged) {
				t.Errorf("status %d, body %q, logged %v; want 499, nothing, not logged", w.Code, w.Body, logged)
			}
			if !hungUp && (w.Code != 500 || !logged) {
				t.Errorf("status %d, logged %v; want 500, logged", w.Code, logged)
			}
		})
	}
}

func TestLimit(t *testing.T) {
	f := newFixture(t, jan2026, withLimit(flashback.Rate{Burst: 2, Every: time.Minute}))
	for i, want := range []int{200, 200, 429} {
		w := f.do("GET", "/api/v1/categories")
		if w.Code != want {
			t.Fatalf("request %d: status %d, want %d", i+1, w.Code, want)
		}
		if want == 429 {
			if s, _ := strconv.Atoi(w.Header().Get("Retry-After")); s < 1 || s > 60 {
				t.Errorf("Retry-After %q, want 1 to 60 seconds", w.Header().Get("Retry-After"))
			}
			if w.Header().Get("Access-Control-Allow-Origin") != "*" {
				t.Error("a refusal must be readable by the page that asked")
			}
		}
	}
	t.Run("OtherClient", func(t *testing.T) {
		r := httptest.NewRequest("GET", "/api/v1/categories", nil)
		r.RemoteAddr = "198.51.100.7:4000" // httptest's own client is 192.0.2.1
		w := httptest.NewRecorder()
		f.handler.ServeHTTP(w, r)
		if w.Code != 200 {
			t.Errorf("another address: status %d, want 200", w.Code)
		}
	})
	t.Run("PreflightNotCounted", func(t *testing.T) {
		if w := f.do("OPTIONS", "/api/v1/categories"); w.Code != 204 {
			t.Errorf("status %d, want 204", w.Code)
		}
	})
	t.Run("DefaultRate", func(t *testing.T) {
		if r := api.DefaultRate(); !r.Valid() || r.Burst < 60 {
			t.Errorf("DefaultRate %+v lets a widget load too little", r)
		}
	})
}
