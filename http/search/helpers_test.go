package search_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"flashback"
	fhttp "flashback/http"
	"flashback/http/api"
	"flashback/http/render"
	"flashback/http/search"
	fsite "flashback/site"
	"flashback/sqlite"
)

// base is the site's public address: the API's links are absolute under it.
const base = "https://flashback.example"

// site is the search behind the real server middleware, on a real SQLite
// file holding a few events.
type site struct {
	t       testing.TB
	store   *sqlite.EventStore
	handler http.Handler
}

func newSite(t testing.TB, limit *flashback.Limiter) *site {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	rend, err := render.New(search.Templates())
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := fhttp.NewServer("127.0.0.1:0", rend, logger)
	s := &site{t: t, store: sqlite.NewEventStore(db)}
	if limit != nil {
		limit.Store = sqlite.NewLimitStore(db)
	}
	// The JSON API beside it, as in the program: /api/v1/search answers
	// through its Guard, problems and JSON.
	jsonAPI := &api.Handler{Events: s.store, Corrections: sqlite.NewDeskStore(db), URLs: fsite.New(base), Logger: logger}
	jsonAPI.Register(srv.Mux)
	(&search.Handler{
		Search: s.store, Categories: s.store.Categories, Limit: limit,
		EventURL: func(e *flashback.Event) string { return fmt.Sprintf("/events/%d/%s", e.ID, e.Slug) },
		API:      jsonAPI, Render: rend, Errors: srv.Errors, DefaultZone: "UTC",
	}).Register(srv.Mux)
	s.handler = srv.Handler()
	s.add("Apollo 11 lands on the Moon", 1969, flashback.CategoryScience, "Armstrong & Aldrin walk on the <Moon>.")
	s.add("Battle of Actium", -30, flashback.CategoryHistory, "Octavian defeats Antony and Cleopatra.")
	s.add("Battle of Marathon", -489, flashback.CategoryHistory, "Athens defeats the Persians.")
	s.add(`<script>alert("x")</script> battle`, 1900, flashback.CategoryHistory, `"><img src=x onerror=alert(1)>`)
	return s
}

func (s *site) add(headline string, year int, cat, summary string) {
	s.t.Helper()
	e := &flashback.Event{Date: flashback.HistDate{Year: year, Month: time.March, Day: 2}, Category: cat,
		Headline: headline, Summary: summary, Published: true}
	if err := s.store.CreateEvent(context.Background(), e); err != nil {
		s.t.Fatal(err)
	}
}

func (s *site) get(target string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, r)
	return w
}

func httptestRequest(method, target string) *http.Request {
	return httptest.NewRequest(method, target, nil)
}

func (s *site) serve(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, r)
	return w
}
