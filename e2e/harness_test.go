package e2e

import (
	"context"
	"flag"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"flashback/cmd/flashback/app"
	"flashback/postgres/pgtest"
)

// Clock is the program's clock in a test: fixed until the test moves it.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time; it is what the program sees as "now".
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Site is the real Flashback program running in-process for one test, on a
// fresh SQLite database holding the bundled corpus.
type Site struct {
	Main  *app.Main
	Clock *Clock
	// URL is the site's address, e.g. "http://127.0.0.1:41234"; it is also
	// the configured base URL, so links in e-mails and feeds point here.
	URL string
}

// SiteOption changes how StartSite sets the program up.
type SiteOption func(*siteSettings)

type siteSettings struct {
	now       time.Time
	configure []func(*app.Config)
}

// The default clock: 23:30 on Friday 30 January 2026 in Los Angeles, which
// is already 31 January in UTC, so a page that used the server's zone
// instead of the reader's shows the wrong day.
const defaultZone = "America/Los_Angeles"

func defaultNow(t testing.TB) time.Time {
	return time.Date(2026, time.January, 30, 23, 30, 0, 0, Zone(t, defaultZone))
}

// WithClock starts the program's clock at t (default: defaultNow).
func WithClock(t time.Time) SiteOption {
	return func(s *siteSettings) { s.now = t }
}

// OnPostgres keeps the site's data in a fresh PostgreSQL database instead
// of a SQLite file; without a server (see pgtest) the test skips.
func OnPostgres(t testing.TB) SiteOption {
	return WithDatabase(pgtest.DSN(t))
}

// WithDatabase keeps the site's data in the database dsn names, which
// several sites may share as instances of one installation.
func WithDatabase(dsn string) SiteOption {
	return WithConfig(func(c *app.Config) { c.DatabaseURL = dsn })
}

// WithTimezone sets the site's default time zone (default America/Los_Angeles).
func WithTimezone(name string) SiteOption {
	return WithConfig(func(c *app.Config) { c.Timezone = name })
}

// WithConfig changes any other setting before the program starts, e.g. the
// SMTP URL of a test mail server.
func WithConfig(f func(*app.Config)) SiteOption {
	return func(s *siteSettings) { s.configure = append(s.configure, f) }
}

// StartSite starts the program on 127.0.0.1 with its data in a temporary
// directory and stops it when the test ends. The program's log goes to
// app.log in the test's artifact directory.
func StartSite(t testing.TB, opts ...SiteOption) *Site {
	t.Helper()
	set := siteSettings{now: defaultNow(t)}
	for _, o := range opts {
		o(&set)
	}
	addr := freeAddr(t)
	cfg := app.DefaultConfig()
	cfg.Addr = addr
	cfg.BaseURL = "http://" + addr
	cfg.DataDir = t.TempDir()
	cfg.Timezone = defaultZone
	cfg.LogLevel = "debug"
	for _, f := range set.configure {
		f(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("site configuration: %v", err)
	}
	clock := &Clock{now: set.now}
	m := app.NewMain(cfg, siteLogger(t))
	m.Now = clock.Now
	start := time.Now()
	if err := m.Open(context.Background()); err != nil {
		_ = m.Close()
		t.Fatalf("start the site: %v", err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("stop the site: %v", err)
		}
	})
	t.Logf("site %s started in %v (clock %s, zone %s)", m.HTTP.URL(),
		time.Since(start).Round(time.Millisecond), set.now.Format(time.RFC3339), cfg.Timezone)
	return &Site{Main: m, Clock: clock, URL: strings.TrimRight(m.HTTP.URL(), "/")}
}

// freeAddr picks a free loopback port before the program starts, so that
// its base URL can name the port it will listen on. Another process could
// take the port in between; on a test machine that is rare enough.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatalf("free the port: %v", err)
	}
	return addr
}

// siteLogger writes the program's log to a file among the test's
// artifacts: logging through t would panic for a line written after the
// test ended.
func siteLogger(t testing.TB) *slog.Logger {
	t.Helper()
	path := filepath.Join(ArtifactDir(t), "app.log")
	f, err := os.Create(path)
	if err != nil {
		t.Fatalf("create the site log: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// ArtifactDir is where a test keeps its screenshots, page dumps and logs:
// $FLASHBACK_TEST_ARTIFACTS/<test name> when that is set, else the test's
// own artifact directory (kept with `go test -artifacts -outputdir DIR`).
func ArtifactDir(t testing.TB) string {
	t.Helper()
	root := os.Getenv("FLASHBACK_TEST_ARTIFACTS")
	if root == "" {
		return t.ArtifactDir()
	}
	dir := filepath.Join(root, fileName(t.Name()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("create the artifact directory: %v", err)
	}
	return dir
}

// artifactsKept reports whether artifacts outlive the test run; a note in
// the log says how to keep them when they do not.
func artifactsKept() bool {
	if os.Getenv("FLASHBACK_TEST_ARTIFACTS") != "" {
		return true
	}
	f := flag.Lookup("test.artifacts")
	return f != nil && f.Value.String() == "true"
}

// fileName turns a test or artifact name into a safe file name.
func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '_'
	}, s)
}

// Zone loads an IANA time zone or fails the test.
func Zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("time zone %q: %v", name, err)
	}
	return loc
}
