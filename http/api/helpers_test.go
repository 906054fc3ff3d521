package api_test

import (
	"context"
	"encoding/json"
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
	"flashback/site"
	"flashback/sqlite"
)

const base = "https://flashback.example"

// fixture is the API on a real SQLite file behind the real server
// middleware, with a clock the test sets.
type fixture struct {
	t      testing.TB
	events *sqlite.EventStore
	desk   *sqlite.DeskStore
	limits *sqlite.LimitStore
	// searchLimit counts searches, apart from the API's limit.
	searchLimit *flashback.Limiter
	now         time.Time
	handler     http.Handler
	api         *api.Handler
}

type option func(*api.Handler, *fixture)

// withLimit limits clients to rate.
func withLimit(rate flashback.Rate) option {
	return func(h *api.Handler, f *fixture) {
		h.Limit = &flashback.Limiter{Store: f.limits, Secret: []byte("test"), Name: "api", Rate: rate}
	}
}

// withChunkedLimit limits clients to rate, taking their tokens from the
// store up to chunk at a time, as the program does.
func withChunkedLimit(rate flashback.Rate, chunk int) option {
	return func(h *api.Handler, f *fixture) {
		h.Limit = &flashback.Limiter{Store: f.limits, Secret: []byte("test"), Name: "api", Rate: rate, Chunk: chunk}
	}
}

// withSearchLimit limits each client's searches to rate.
func withSearchLimit(rate flashback.Rate) option {
	return func(_ *api.Handler, f *fixture) {
		f.searchLimit = &flashback.Limiter{Store: f.limits, Secret: []byte("test"), Name: "search", Rate: rate}
	}
}

// withRecheck checks kept answers against the content at most once per
// every, as the program does once a second.
func withRecheck(every time.Duration) option {
	return func(h *api.Handler, _ *fixture) { h.RecheckEvery = every }
}

func newFixture(t testing.TB, now time.Time, opts ...option) *fixture {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "db"))
	db.Now = func() time.Time { return now }
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
	f := &fixture{t: t, events: sqlite.NewEventStore(db), desk: sqlite.NewDeskStore(db), limits: sqlite.NewLimitStore(db), now: now}
	h := &api.Handler{
		Events: f.events, Corrections: f.desk, Revisions: f.desk, URLs: site.New(base),
		Now: func() time.Time { return f.now }, Location: time.UTC, Logger: logger,
		// Tests change content and look at once: kept answers are
		// checked against the content on every request.
		RecheckEvery: time.Nanosecond,
	}
	for _, o := range opts {
		o(h, f)
	}
	h.Register(srv.Mux)
	// /api/v1/search belongs to the search package but to this API's
	// document: it is served here as the program serves it.
	(&search.Handler{
		Search: f.events, Categories: f.events.Categories, EventURL: site.Event, Limit: f.searchLimit,
		API: h, Render: rend, Errors: srv.Errors,
	}).Register(srv.Mux)
	f.handler, f.api = srv.Handler(), h
	return f
}

// add stores an event, published unless the test says otherwise through
// a Published field of false and a "DRAFT" headline.
func (f *fixture) add(e flashback.Event) *flashback.Event {
	f.t.Helper()
	if e.Category == "" {
		e.Category = flashback.CategoryHistory
	}
	e.Published = e.Headline[:min(5, len(e.Headline))] != "DRAFT"
	if err := f.events.CreateEvent(context.Background(), &e); err != nil {
		f.t.Fatalf("create %q: %v", e.Headline, err)
	}
	return &e
}

// correct publishes a correction on e through an edit, as editors do.
func (f *fixture) correct(e *flashback.Event, headline, text string) {
	f.t.Helper()
	fixed := *e
	fixed.Headline = headline
	if err := f.desk.EditEvent(context.Background(), flashback.EventEdit{Event: &fixed, Correction: text}); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) do(method, path string, headers ...string) *httptest.ResponseRecorder {
	f.t.Helper()
	r := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	f.handler.ServeHTTP(w, r)
	return w
}

// getJSON requests path, checks the status and decodes the body into v.
func (f *fixture) getJSON(path string, want int, v any) *httptest.ResponseRecorder {
	f.t.Helper()
	w := f.do("GET", path)
	if w.Code != want {
		f.t.Fatalf("GET %s: status %d, want %d; body:\n%s", path, w.Code, want, w.Body.String())
	}
	if v != nil {
		if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
			f.t.Fatalf("GET %s: %v; body:\n%s", path, err, w.Body.String())
		}
	}
	return w
}

func day(y int, m time.Month, d int) flashback.HistDate {
	return flashback.HistDate{Year: y, Month: m, Day: d}
}

// jan2026 is a Saturday in a common year; every test day is told in 2026.
var jan2026 = time.Date(2026, time.January, 31, 12, 0, 0, 0, time.UTC)
