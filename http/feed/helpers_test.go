package feed_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"flashback"
	fhttp "flashback/http"
	"flashback/http/feed"
	"flashback/http/render"
	"flashback/site"
	"flashback/sqlite"
)

const base = "https://flashback.example"

// jan2026 is the site's now: Saturday 31 January of a common year.
var jan2026 = time.Date(2026, time.January, 31, 12, 0, 0, 0, time.UTC)

// fixture is the feeds on a real SQLite file behind the real server
// middleware.
type fixture struct {
	t       testing.TB
	events  *sqlite.EventStore
	now     time.Time
	handler http.Handler
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "db"))
	db.Now = func() time.Time { return jan2026 }
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	rend, err := render.New()
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := fhttp.NewServer("127.0.0.1:0", rend, logger)
	f := &fixture{t: t, events: sqlite.NewEventStore(db), now: jan2026}
	(&feed.Handler{
		Events: f.events, URLs: site.New(base), Now: func() time.Time { return f.now },
		Location: time.UTC, Errors: srv.Errors, Logger: logger,
		RecheckEvery: time.Nanosecond, // every request sees the content as it is now
	}).Register(srv.Mux)
	f.handler = srv.Handler()
	return f
}

// add stores an event, a draft when its headline starts with "DRAFT".
func (f *fixture) add(e flashback.Event) *flashback.Event {
	f.t.Helper()
	if e.Category == "" {
		e.Category = flashback.CategoryHistory
	}
	e.Published = len(e.Headline) < 5 || e.Headline[:5] != "DRAFT"
	if err := f.events.CreateEvent(context.Background(), &e); err != nil {
		f.t.Fatalf("create %q: %v", e.Headline, err)
	}
	return &e
}

func (f *fixture) get(path string, headers ...string) *httptest.ResponseRecorder {
	f.t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	f.handler.ServeHTTP(w, r)
	return w
}

func (f *fixture) mustGet(path string) *httptest.ResponseRecorder {
	f.t.Helper()
	w := f.get(path)
	if w.Code != 200 {
		f.t.Fatalf("GET %s: status %d; body:\n%s", path, w.Code, w.Body.String())
	}
	return w
}

func day(y int, m time.Month, d int) flashback.HistDate {
	return flashback.HistDate{Year: y, Month: m, Day: d}
}

func yearless(m time.Month, d int) flashback.HistDate {
	return flashback.HistDate{Month: m, Day: d, Precision: flashback.PrecisionMonthDay}
}
