package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"flashback"
	fhttp "flashback/http"
	"flashback/http/render"
	"flashback/http/web"
	"flashback/sqlite"
)

// site is the readers' side of Flashback on a real SQLite file, behind the
// real server middleware, with a clock the test sets.
type site struct {
	t       testing.TB
	store   *sqlite.EventStore
	desk    *sqlite.DeskStore // revisions and conflicts, for provenance
	users   *sqlite.UserStore
	now     time.Time
	web     *web.Handler
	handler http.Handler
}

func newSite(t testing.TB, now time.Time, loc *time.Location) *site {
	t.Helper()
	// Check the content version on every request, so tests see changes at once.
	return newSiteRecheck(t, now, loc, time.Nanosecond)
}

func newSiteRecheck(t testing.TB, now time.Time, loc *time.Location, recheck time.Duration) *site {
	t.Helper()
	return newSiteWith(t, now, loc, recheck, nil)
}

// newSiteWith is newSite with a last say on the handler's settings before
// it is registered (configure may be nil): settings are read then.
func newSiteWith(t testing.TB, now time.Time, loc *time.Location, recheck time.Duration, configure func(*web.Handler)) *site {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "db"))
	db.Now = func() time.Time { return now }
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	rend, err := render.New(web.Templates())
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := fhttp.NewServer("127.0.0.1:0", rend, logger)
	s := &site{t: t, store: sqlite.NewEventStore(db), desk: sqlite.NewDeskStore(db), users: sqlite.NewUserStore(db), now: now}
	s.web = &web.Handler{
		Events:       s.store,
		Provenance:   s.desk,
		Now:          func() time.Time { return s.now },
		Location:     loc,
		BaseURL:      "https://flashback.example",
		Render:       rend,
		Errors:       srv.Errors,
		Logger:       logger,
		RecheckEvery: recheck,
	}
	if configure != nil {
		configure(s.web)
	}
	s.web.Register(srv.Mux)
	s.handler = srv.Handler()
	return s
}

// add stores a published event; zero fields get defaults.
func (s *site) add(e flashback.Event) *flashback.Event {
	s.t.Helper()
	if e.Category == "" {
		e.Category = flashback.CategoryHistory
	}
	if e.Summary == "" {
		e.Summary = "Summary of " + e.Headline
	}
	e.Published = !strings.HasPrefix(e.Headline, "DRAFT")
	if err := s.store.CreateEvent(context.Background(), &e); err != nil {
		s.t.Fatalf("create %q: %v", e.Headline, err)
	}
	return &e
}

// get requests path with optional header pairs ("Cookie", "tz=UTC", …).
func (s *site) get(path string, headers ...string) *httptest.ResponseRecorder {
	s.t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, r)
	return w
}

// mustGet requests path and fails unless the status is want.
func (s *site) mustGet(path string, want int, headers ...string) string {
	s.t.Helper()
	w := s.get(path, headers...)
	if w.Code != want {
		s.t.Fatalf("GET %s: status %d, want %d; body:\n%s", path, w.Code, want, w.Body.String())
	}
	return w.Body.String()
}

func day(y int, m time.Month, d int) flashback.HistDate {
	return flashback.HistDate{Year: y, Month: m, Day: d}
}

var h1RE = regexp.MustCompile(`(?s)<h1>(.*?)</h1>`)

// heading returns the text of the page's only h1, failing if there is not
// exactly one.
func heading(t testing.TB, body string) string {
	t.Helper()
	m := h1RE.FindAllStringSubmatch(body, -1)
	if len(m) != 1 || strings.Count(body, "<h1") != 1 {
		t.Fatalf("page has %d h1 elements, want 1", strings.Count(body, "<h1"))
	}
	return m[0][1]
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, body string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(body, b) {
			t.Errorf("page contains %q", b)
		}
	}
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("time zone data unavailable: %v", err)
	}
	return loc
}

func record(s *site, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, r)
	return w
}
