package admin_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"flashback"
	"flashback/auth"
	"flashback/edition"
	"flashback/editorial"
	fhttp "flashback/http"
	"flashback/http/admin"
	"flashback/http/render"
	"flashback/mail"
	"flashback/sqlite"
)

// cheap keeps password hashing fast in tests; the format is the real one.
var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

const password = "a good long password"

// site is the admin over a real SQLite database, served by the real server
// middleware on a loopback port.
type site struct {
	t      *testing.T
	srv    *httptest.Server
	events *sqlite.EventStore
	desk   *sqlite.DeskStore
	users  *sqlite.UserStore
	outbox string
	// subs and ledger are the digest's stores; dbClock is the instant
	// they stamp (the real time until set) and pageClock the admin's
	// "now", pinned to 23:30 UTC on 30 January 2026, already the 31st in
	// the site's zone (Europe/Vienna).
	subs      *sqlite.SubscriberStore
	ledger    *sqlite.DeliveryStore
	dbClock   *testClock
	pageClock *testClock
	// observed is what the handler told its editorial.Observer.
	observed *deskObserver
}

// deskObserver records imports and lint checks, one line each.
type deskObserver struct {
	mu    sync.Mutex
	lines []string
}

func (o *deskObserver) ObserveImport(rep *editorial.ImportReport) {
	o.add(fmt.Sprintf("import added=%d set-aside=%d", rep.Stats.Added, rep.SetAside))
}

func (o *deskObserver) ObserveLint(errors, warnings int, overridden bool) {
	o.add(fmt.Sprintf("lint errors=%d warnings=%d overridden=%v", errors, warnings, overridden))
}

func (o *deskObserver) add(line string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.lines = append(o.lines, line)
}

func (o *deskObserver) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return strings.Join(o.lines, "; ")
}

// testClock is a settable clock; unset, it is the real one.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now.IsZero() {
		return time.Now()
	}
	return c.now
}

func (c *testClock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

func newSite(t *testing.T) *site {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "admin.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := &site{t: t, events: sqlite.NewEventStore(db), desk: sqlite.NewDeskStore(db),
		users: sqlite.NewUserStore(db), outbox: filepath.Join(t.TempDir(), "outbox"),
		subs: sqlite.NewSubscriberStore(db), ledger: sqlite.NewDeliveryStore(db), dbClock: &testClock{},
		pageClock: &testClock{now: time.Date(2026, time.January, 30, 23, 30, 0, 0, time.UTC)},
		observed:  &deskObserver{}}
	db.Now = s.dbClock.Now
	vienna, err := time.LoadLocation("Europe/Vienna")
	if err != nil {
		t.Fatal(err)
	}
	rend, err := render.New(admin.Templates())
	if err != nil {
		t.Fatal(err)
	}
	rend.Location = vienna
	sender, err := mail.New("outbox:"+s.outbox, mail.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sender.Close() })
	key, err := sqlite.NewSecretStore(db).Secret(context.Background(), "csrf")
	if err != nil {
		t.Fatal(err)
	}
	server := fhttp.NewServer(":0", rend, nil)
	sessions := auth.New(s.users, &auth.CSRF{Key: key}, auth.NewThrottle(sqlite.NewLimitStore(db), key), false)
	sessions.Params = cheap
	h := &admin.Handler{
		Events: s.events, Edits: s.desk, Reports: s.desk, Messages: s.desk, Conflicts: s.desk, Users: s.users,
		Features: s.desk, Editions: &edition.Service{Events: s.events, Features: s.desk},
		Auth: sessions, Mail: sender, MailFrom: "desk@example.org",
		BaseURL: "https://flashback.example", Render: rend, Errors: server.Errors,
		Subscribers: s.subs, SubscriberList: s.subs, DeliveryList: s.ledger,
		Location: vienna, Now: s.pageClock.Now, Observer: s.observed,
	}
	h.Register(server.Mux)
	s.srv = httptest.NewServer(server.Handler())
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) addUser(email string, role flashback.Role) *flashback.User {
	s.t.Helper()
	hash, err := cheap.HashPassword(password)
	if err != nil {
		s.t.Fatal(err)
	}
	u := &flashback.User{Email: email, Name: "User " + email, Role: role, PasswordHash: hash}
	if err := s.users.CreateUser(context.Background(), u); err != nil {
		s.t.Fatal(err)
	}
	return u
}

func (s *site) addEvent(e *flashback.Event) *flashback.Event {
	s.t.Helper()
	if err := s.events.CreateEvent(context.Background(), e); err != nil {
		s.t.Fatal(err)
	}
	return e
}

// browser is a client with cookies that does not follow redirects, so
// tests see them.
type browser struct {
	t    *testing.T
	site *site
	c    *http.Client
}

func (s *site) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: s.t, site: s, c: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signedIn returns a browser signed in as a new user with role.
func (s *site) signedIn(email string, role flashback.Role) *browser {
	s.addUser(email, role)
	b := s.browser()
	res, _ := b.post("/admin/login", url.Values{"email": {email}, "password": {password},
		"csrf": {b.csrfFrom("/admin/login")}})
	if res.StatusCode != http.StatusSeeOther {
		s.t.Fatalf("sign-in as %s: status %d", email, res.StatusCode)
	}
	return b
}

func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	res, err := b.c.Get(b.site.srv.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	return res, readBody(b.t, res)
}

func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	res, err := b.c.PostForm(b.site.srv.URL+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	return res, readBody(b.t, res)
}

func readBody(t *testing.T, res *http.Response) string {
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfFrom loads a page and returns the CSRF token of its first form.
func (b *browser) csrfFrom(path string) string {
	b.t.Helper()
	res, body := b.get(path)
	m := csrfField.FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil {
		b.t.Fatalf("GET %s: status %d, no CSRF token in:\n%s", path, res.StatusCode, body)
	}
	return m[1]
}

// send posts form with a fresh CSRF token taken from the page at from.
func (b *browser) send(from, path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	form.Set("csrf", b.csrfFrom(from))
	return b.post(path, form)
}

func wantStatus(t *testing.T, res *http.Response, body string, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; body:\n%.3000s", res.Request.Method, res.Request.URL.Path, res.StatusCode, want, body)
	}
}

func wantContains(t *testing.T, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("page lacks %q", p)
		}
	}
}
