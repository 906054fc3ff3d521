package wikisync_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/corpus/wikisync"
	"flashback/corpus/wikisync/fakeapi"
	"flashback/sqlite"
)

// The Wikimedia API cannot be reached from tests (and must not be asked by
// them): fakeapi serves generated feeds of the same shape on loopback.

type env struct {
	api    *fakeapi.API
	srv    *httptest.Server
	db     *sqlite.DB
	events *sqlite.EventStore
}

func newEnv(t *testing.T) *env {
	t.Helper()
	api := fakeapi.New(24)
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "flashback.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &env{api: api, srv: srv, db: db, events: sqlite.NewEventStore(db)}
}

// syncer is a fast Syncer for tests: no rate to speak of, short waits.
func (e *env) syncer(images bool) *wikisync.Syncer {
	st := wikisync.Stores{Events: e.events, Conflicts: sqlite.NewDeskStore(e.db), Feeds: sqlite.NewFeedStore(e.db)}
	if images {
		st.Media = sqlite.NewMediaStore(e.db)
	}
	return wikisync.New(wikisync.Config{Base: e.srv.URL, Contact: "ops@example.org", Version: "test",
		Rate: 1000, Timeout: 500 * time.Millisecond, Backoff: 10 * time.Millisecond}, st)
}

// days returns n days from 1 January as a request.
func days(n int) wikisync.Request {
	req := wikisync.Request{Lang: "en", Kind: "all", Span: "test"}
	md := flashback.MonthDay{Month: time.January, Day: 1}
	for range n {
		req.Days = append(req.Days, md)
		md = md.Next()
	}
	return req
}

func (e *env) allEvents(t *testing.T) []*flashback.Event {
	t.Helper()
	all, _, err := e.events.FindEvents(context.Background(), flashback.EventFilter{IncludeDrafts: true})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func TestSyncTwiceCostsOnly304s(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	first, err := e.syncer(false).Sync(ctx, days(10))
	if err != nil {
		t.Fatal(err)
	}
	stored := len(e.allEvents(t))
	if first.Added == 0 || first.Added != stored || first.Requests != 10 || first.Done != 10 {
		t.Fatalf("first run: %+v, %d stored", first, stored)
	}
	second, err := e.syncer(false).Sync(ctx, days(10))
	if err != nil {
		t.Fatal(err)
	}
	if second.NotModified != 10 || second.Added+second.Updated != 0 || second.Requests != 10 {
		t.Errorf("second run: %+v, want 10 requests, all 304", second)
	}
	if n := e.api.NotModified.Load(); n != 10 {
		t.Errorf("server answered %d 304s", n)
	}
	if n := len(e.allEvents(t)); n != stored {
		t.Errorf("%d events after the re-run, want %d", n, stored)
	}
	var ua []string
	e.api.UserAgents.Range(func(k, _ any) bool { ua = append(ua, k.(string)); return true })
	if len(ua) != 1 || !strings.Contains(ua[0], "ops@example.org") || !strings.HasPrefix(ua[0], "Flashback/test") {
		t.Errorf("User-Agents = %q", ua)
	}
}

func TestSyncChangedFeedUpdates(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.syncer(false).Sync(ctx, days(2)); err != nil {
		t.Fatal(err)
	}
	e.api.Version.Add(1) // every text changes: new keys, so new events
	st, err := e.syncer(false).Sync(ctx, days(2))
	if err != nil || st.NotModified != 0 || st.Added == 0 {
		t.Errorf("after an edit: %+v, %v", st, err)
	}
}

func TestSyncContent(t *testing.T) {
	e := newEnv(t)
	if _, err := e.syncer(true).Sync(context.Background(), days(1)); err != nil {
		t.Fatal(err)
	}
	var bc, yearless, rtl, selected, pictured int
	for _, ev := range e.allEvents(t) {
		switch {
		case ev.Date.Year < 0:
			bc++
		case !ev.Date.HasYear():
			yearless++
		}
		if strings.Contains(ev.Headline, "تأسيس") || strings.Contains(ev.Headline, "נוסדה") {
			rtl++
		}
		if ev.Selected {
			selected++
		}
		if ev.Image != nil {
			pictured++
			if !strings.HasPrefix(ev.Image.Path, "/media/") || ev.Image.Width != 16 || ev.Image.Height != 12 ||
				!strings.Contains(ev.Image.CreditURL, "/wiki/File:Pic_") {
				t.Errorf("image = %+v", ev.Image)
			}
		}
		if !strings.Contains(ev.Body, "CC BY-SA 4.0") || !ev.Published {
			t.Errorf("event %q: published %v, body %q", ev.Headline, ev.Published, ev.Body)
		}
	}
	if bc == 0 || yearless == 0 || rtl == 0 || selected == 0 || pictured == 0 {
		t.Errorf("BC %d, year-less %d, right-to-left %d, selected %d, pictured %d: want some of each",
			bc, yearless, rtl, selected, pictured)
	}
}

func TestSyncReviewStoresDrafts(t *testing.T) {
	e := newEnv(t)
	s := e.syncer(false)
	s.Review = true
	if _, err := s.Sync(context.Background(), days(1)); err != nil {
		t.Fatal(err)
	}
	for _, ev := range e.allEvents(t) {
		if ev.Published {
			t.Fatalf("%q published under review", ev.Headline)
		}
	}
}

func TestSyncStoppedRunResumes(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	s := e.syncer(false)
	s.Progress = func(st wikisync.Stats) {
		if st.Done == 4 {
			cancel() // as if the process were stopped here
		}
	}
	st, err := s.Sync(ctx, days(12))
	if err == nil || st.Done >= 12 {
		t.Fatalf("stopped run: %+v, %v", st, err)
	}
	stopped := e.api.Requests.Load()
	st, err = e.syncer(false).Sync(context.Background(), days(12))
	if err != nil {
		t.Fatal(err)
	}
	if st.Resumed < 4 || st.Done != 12 || st.NotModified != 0 {
		t.Errorf("resumed run: %+v", st)
	}
	if asked := e.api.Requests.Load() - stopped; asked != int64(12-st.Resumed) {
		t.Errorf("resumed run asked %d days, want %d", asked, 12-st.Resumed)
	}
	keys := map[string]bool{}
	all := e.allEvents(t)
	for _, ev := range all {
		keys[ev.ExternalKey] = true
	}
	fresh := newEnv(t)
	want, err := fresh.syncer(false).Sync(context.Background(), days(12))
	if err != nil || len(all) != want.Added || len(keys) != len(all) {
		t.Errorf("%d events (%d keys) after resuming, want %d as in one run (%v)", len(all), len(keys), want.Added, err)
	}
	// The finished run is not resumed again: the next one asks every day.
	st, _ = e.syncer(false).Sync(context.Background(), days(12))
	if st.Resumed != 0 || st.NotModified != 12 {
		t.Errorf("run after a finished one: %+v", st)
	}
}

// once answers the first n requests with f, then lets the normal answer through.
func once(n int, f fakeapi.Fault) fakeapi.Fault {
	left := n
	return func(w http.ResponseWriter, r *http.Request) bool {
		if left == 0 {
			return false
		}
		left--
		return f(w, r)
	}
}

func status(code int, retryAfter string) fakeapi.Fault {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(code)
		return true
	}
}

func body(s string) fakeapi.Fault {
	return func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(s))
		return true
	}
}

func TestSyncFaults(t *testing.T) {
	hang := func(w http.ResponseWriter, r *http.Request) bool {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return true
	}
	tests := []struct {
		name     string
		fault    fakeapi.Fault
		failed   bool          // the day is reported failed
		requests int64         // for the broken day
		atLeast  time.Duration // the run waited at least this long
		message  string
	}{
		{"429 with Retry-After", once(1, status(http.StatusTooManyRequests, "1")), false, 2, time.Second, ""},
		{"503 with Retry-After", once(2, status(http.StatusServiceUnavailable, "1")), false, 3, 2 * time.Second, ""},
		{"500s then success", once(2, status(http.StatusInternalServerError, "")), false, 3, 0, ""},
		{"500 always", status(http.StatusInternalServerError, ""), true, 4, 0, "500 Internal Server Error"},
		{"Retry-After too long", status(http.StatusTooManyRequests, "3600"), true, 1, 0, "429"},
		{"not found", status(http.StatusNotFound, ""), true, 1, 0, "404"},
		{"hang", hang, true, 4, 0, "Client.Timeout"},
		{"malformed JSON", body(`{"events": [{"text": "x", `), true, 1, 0, "not valid JSON"},
		{"not a feed", body(`[1, 2]`), true, 1, 0, "not an on-this-day feed"},
		{"oversized body", body(`{"events": "` + strings.Repeat("x", 2<<20) + `"}`), true, 1, 0, "larger than allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.api.Break("01/02", tt.fault)
			s := e.syncer(false)
			s.MaxFeed = 1 << 20
			start := time.Now()
			st, err := s.Sync(context.Background(), days(3))
			took := time.Since(start)
			if (err != nil) != tt.failed || (st.Errors == 1) != tt.failed {
				t.Fatalf("err %v, stats %+v; want failed %v", err, st, tt.failed)
			}
			if got := e.api.Requests.Load() - 2; got != tt.requests {
				t.Errorf("asked the broken day %d times, want %d", got, tt.requests)
			}
			if took < tt.atLeast {
				t.Errorf("took %v, want at least %v (Retry-After)", took, tt.atLeast)
			}
			if tt.failed && !strings.Contains(strings.Join(st.Failures, "\n"), tt.message) {
				t.Errorf("failures %q, want one saying %q", st.Failures, tt.message)
			}
			if st.Done != 3-st.Errors || len(e.allEvents(t)) == 0 {
				t.Errorf("the other days were not stored: %+v", st)
			}
		})
	}
}

func TestSyncFailedDayRetriedNextRun(t *testing.T) {
	e := newEnv(t)
	e.api.Break("01/02", status(http.StatusBadGateway, ""))
	if _, err := e.syncer(false).Sync(context.Background(), days(3)); err == nil {
		t.Fatal("want an error for the failed day")
	}
	e.api.Break("01/02", nil)
	before := e.api.Requests.Load()
	st, err := e.syncer(false).Sync(context.Background(), days(3))
	if err != nil || st.Resumed != 2 || st.Added == 0 || e.api.Requests.Load()-before != 1 {
		t.Errorf("retry run: %+v, %v; asked %d", st, err, e.api.Requests.Load()-before)
	}
}

func TestSyncLinterHoldsBackContradictions(t *testing.T) {
	e := newEnv(t)
	e.api.Break("01/01", body(`{"events": [{"text": "Trotsky exiled", "year": 1929,
		"pages": [{"title": "Leon_Trotsky", "extract": "On 5 March 1946, Trotsky was exiled.",
		"content_urls": {"desktop": {"page": "`+e.srv.URL+`/wiki/Leon_Trotsky"}}}]},
		{"text": "A quiet day.", "year": 1930}]}`))
	st, err := e.syncer(false).Sync(context.Background(), days(1))
	if err != nil || st.HeldBack != 1 || st.Added != 2 {
		t.Fatalf("stats %+v, %v; want 2 added, 1 held back", st, err)
	}
	for _, ev := range e.allEvents(t) {
		if want := !strings.HasPrefix(ev.Headline, "Trotsky"); ev.Published != want {
			t.Errorf("%q published %v, want %v", ev.Headline, ev.Published, want)
		}
	}
}

func TestSyncConflictsHeldBack(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	stored := &flashback.Event{Date: flashback.HistDate{Year: 1929, Month: time.February, Day: 10},
		Category: flashback.CategoryHistory, Headline: "Trotsky is exiled from the Soviet Union", Published: true}
	if err := e.events.CreateEvent(ctx, stored); err != nil {
		t.Fatal(err)
	}
	e.api.Break("01/01", body(`{"events": [{"text": "Trotsky is exiled from the Soviet Union.", "year": 1929}]}`))
	st, err := e.syncer(false).Sync(ctx, days(1))
	if err != nil || st.HeldBack != 1 || st.Added != 0 {
		t.Errorf("stats %+v, %v; want the contradicting event held back", st, err)
	}
}
