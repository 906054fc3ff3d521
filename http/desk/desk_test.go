package desk_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/auth"
	fhttp "flashback/http"
	"flashback/http/admin"
	"flashback/http/desk"
	"flashback/http/render"
	"flashback/mail"
	"flashback/sqlite"
)

var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// site serves the readers' forms and the admin over one real database.
type site struct {
	t      *testing.T
	srv    *httptest.Server
	events *sqlite.EventStore
	store  *sqlite.DeskStore
	users  *sqlite.UserStore
	outbox string
}

// newSite serves the desk over a fresh database. A nil clock is the real
// one; a zero rate is desk.DefaultRate.
func newSite(t *testing.T, rate flashback.Rate, clock func() time.Time) *site {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "desk.db"))
	if clock != nil {
		db.Now = clock
	}
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	if rate == (flashback.Rate{}) {
		rate = desk.DefaultRate()
	}
	limits := sqlite.NewLimitStore(db)
	limit := &flashback.Limiter{Store: limits, Secret: []byte("test"), Name: "desk", Rate: rate}
	t.Cleanup(func() { db.Close() })
	s := &site{t: t, events: sqlite.NewEventStore(db), store: sqlite.NewDeskStore(db),
		users: sqlite.NewUserStore(db), outbox: filepath.Join(t.TempDir(), "outbox")}
	rend, err := render.New(desk.Templates(), admin.Templates())
	if err != nil {
		t.Fatal(err)
	}
	sender, err := mail.New("outbox:"+s.outbox, mail.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sender.Close() })
	csrf := &auth.CSRF{Key: []byte("0123456789abcdef0123456789abcdef")}
	server := fhttp.NewServer(":0", rend, nil)
	server.TrustedProxies, _ = fhttp.ParsePrefixes("127.0.0.1, ::1")
	d := &desk.Handler{Events: s.events, Reports: s.store, Messages: s.store, Corrections: s.store, CSRF: csrf,
		Mail: sender, MailFrom: "site@example.org", NotifyTo: []string{"editors@example.org"},
		BaseURL: "https://flashback.example", Limit: limit, Render: rend, Errors: server.Errors}
	d.Register(server.Mux)
	sessions := auth.New(s.users, csrf, auth.NewThrottle(limits, []byte("test")), false)
	sessions.Params = cheap
	a := &admin.Handler{Events: s.events, Edits: s.store, Reports: s.store, Messages: s.store,
		Conflicts: s.store, Users: s.users, Auth: sessions, Render: rend,
		Errors: server.Errors}
	a.Register(server.Mux)
	s.srv = httptest.NewServer(server.Handler())
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) event(published bool) *flashback.Event {
	s.t.Helper()
	e := &flashback.Event{Date: flashback.HistDate{Year: 1929, Month: time.January, Day: 31},
		Category: flashback.CategoryHistory, Headline: "Leon Trotsky is exiled", Published: published}
	if err := s.events.CreateEvent(context.Background(), e); err != nil {
		s.t.Fatal(err)
	}
	return e
}

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

// browserFrom is a browser whose requests arrive as if from addr, through
// the trusted proxy the test server is configured with (loopback has no
// other addresses to send from).
func (s *site) browserFrom(addr string) *browser {
	b := s.browser()
	b.c.Transport = forwardedFor{addr}
	return b
}

type forwardedFor struct{ addr string }

func (f forwardedFor) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", f.addr)
	return http.DefaultTransport.RoundTrip(r)
}

func (b *browser) do(method, path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	var res *http.Response
	var err error
	if method == http.MethodGet {
		res, err = b.c.Get(b.site.srv.URL + path)
	} else {
		res, err = b.c.PostForm(b.site.srv.URL+path, form)
	}
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// fill loads the form page and posts form with its CSRF token.
func (b *browser) fill(path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	_, page := b.do(http.MethodGet, path, nil)
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no CSRF token on %s:\n%s", path, page)
	}
	form.Set("csrf", m[1])
	return b.do(http.MethodPost, path, form)
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

func (s *site) reports() []*flashback.Report {
	rs, _, err := s.store.FindReports(context.Background(), flashback.ReportFilter{})
	if err != nil {
		s.t.Fatal(err)
	}
	return rs
}

func (s *site) mails() []string {
	files, _ := filepath.Glob(filepath.Join(s.outbox, "*"))
	var out []string
	for _, f := range files {
		b, _ := os.ReadFile(f)
		out = append(out, string(b))
	}
	return out
}
