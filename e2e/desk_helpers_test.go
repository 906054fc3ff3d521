package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"flashback"
	"flashback/auth"
	"flashback/editorial"
)

// Selectors of the accuracy desk's pages that the tests rely on.
const (
	selReportLink   = `article.article .actions a[href$="/report"]`
	selReportSend   = `form[action$="/report"] button[type=submit]`
	selLoginButton  = `form[action="/admin/login"] button[type=submit]`
	selAlert        = `[role=alert]`
	selFlash        = `[role=status]`
	selCorrections  = `article.article .corrections li`
	selFindings     = `ul.findings li`
	selAcceptButton = `button[name=action][value=accept]`
)

// editorPassword is every test account's password: long enough for the
// password policy, and never the wrong one a test types on purpose.
const editorPassword = "seventeen-june-1929"

// deskClock is the clock for tests that sign in: 23:30 in the site's zone
// on the real day. The session cookie expires 12 hours after the program's
// "now", and the browser judges that by the real clock, so the default
// clock of January 2026 would have it thrown away at once. 23:30 keeps the
// fixed clock's trap: it is already the next day in UTC.
func deskClock(t testing.TB) SiteOption {
	t.Helper()
	y, m, d := time.Now().In(Zone(t, defaultZone)).Date()
	return WithClock(time.Date(y, m, d, 23, 30, 0, 0, Zone(t, defaultZone)))
}

// AddEditor creates an account on the site with editorPassword.
func (s *Site) AddEditor(t testing.TB, email, name string, role flashback.Role) *flashback.User {
	t.Helper()
	u, err := editorial.AddUser(context.Background(), s.Main.Stores.Users, email, name, role, editorPassword)
	if err != nil {
		t.Fatalf("add %s %s: %v", role, email, err)
	}
	return u
}

// AddEvent stores e as an editor would have written it and returns it with
// its ID.
func (s *Site) AddEvent(t testing.TB, e *flashback.Event) *flashback.Event {
	t.Helper()
	if e.Slug == "" {
		e.Slug = flashback.Slugify(e.Headline)
	}
	e.Provenance = flashback.Provenance{Importer: "editor", Origin: "e2e"}
	if err := s.Main.Stores.Events.CreateEvent(context.Background(), e); err != nil {
		t.Fatalf("add the event %q: %v", e.Headline, err)
	}
	return e
}

// Event reads an event back from the store.
func (s *Site) Event(t testing.TB, id int64) *flashback.Event {
	t.Helper()
	e, err := s.Main.Stores.Events.FindEventByID(context.Background(), id)
	if err != nil {
		t.Fatalf("event %d: %v", id, err)
	}
	return e
}

// Reports returns every report the store holds about event id.
func (s *Site) Reports(t testing.TB, id int64) []*flashback.Report {
	t.Helper()
	rs, _, err := s.Main.Stores.Reports.FindReports(context.Background(), flashback.ReportFilter{EventID: &id})
	if err != nil {
		t.Fatalf("reports on event %d: %v", id, err)
	}
	return rs
}

// Revisions returns the recorded history of event id, newest first.
func (s *Site) Revisions(t testing.TB, id int64) []*flashback.Revision {
	t.Helper()
	revs, err := s.Main.Stores.Edits.Revisions(context.Background(), id)
	if err != nil {
		t.Fatalf("revisions of event %d: %v", id, err)
	}
	return revs
}

// Outbox returns the text of every e-mail the site wrote to its outbox
// (where mail goes when no SMTP server is configured).
func (s *Site) Outbox(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(s.Main.Config.DataDir, "outbox", "*.eml"))
	if err != nil {
		t.Fatalf("list the outbox: %v", err)
	}
	out := make([]string, 0, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("read %s: %v", f, err)
		}
		out = append(out, string(b))
	}
	return out
}

// trotskyEvent is the seed page's mistake: the article says 31 January
// 1929, the record says 17 June 1929.
func trotskyEvent() *flashback.Event {
	return &flashback.Event{
		Date:     flashback.HistDate{Year: 1929, Month: time.June, Day: 17},
		Category: flashback.CategoryHistory,
		Headline: "The Soviet Union exiles Leon Trotsky",
		Summary:  "Stalin's rival is expelled from the country he helped to found.",
		Body: "On January 31, 1929, an event of great significance occurred in the history of the Soviet Union. " +
			"Leon Trotsky, a prominent figure in the early Soviet government, was exiled from the country.\n\n" +
			"Trotsky's exile was the result of a series of political maneuvers by Stalin and his supporters.",
		Published: true,
	}
}

// SignIn signs in on the desk's login form and returns the status of the
// page it lands on.
func (p *Page) SignIn(email, password string) int64 {
	p.t.Helper()
	p.Open("/admin/login")
	p.Fill("#email", email)
	p.Fill("#password", password)
	return p.Follow(selLoginButton)
}

// Type empties a field and types value into it, as Fill does; unlike
// Fill it works on an empty <textarea> too, where chromedp.Clear fails for
// want of a text node to clear.
func (p *Page) Type(sel, value string) {
	p.t.Helper()
	empty := chromedp.Evaluate[bool](`(() => { const e = document.querySelector(` + jsString(sel) + `);
		if (!e) return false; e.value = ""; return true; })()`)
	if !step(p, "empty "+sel, empty) {
		p.t.Fatalf("type into %s: no such field", sel)
	}
	p.do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), value, chromedp.NodeVisible))
}

// Shot saves a screenshot like Screenshot, then scrolls back to the top.
// A full-page capture leaves a scrolled page's hit-testing out of step with
// its layout, so that the next click lands beside its target (seen with
// Chromium and chromedp v0.23); a scroll puts them back in step.
func (p *Page) Shot(name string) {
	p.t.Helper()
	p.Screenshot(name)
	p.do("scroll to the top after a screenshot", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
}

// OpenStatus loads a path like Open and returns the HTTP status of the page
// it ends on (after redirects).
func (p *Page) OpenStatus(path string) int64 {
	p.t.Helper()
	return p.navigateBy("open "+path, chromedp.Navigate(p.URL(path)))
}

// SessionCookie returns the desk's session cookie, if the browser holds
// one; it is scoped to /admin, so Cookie does not see it.
func (p *Page) SessionCookie() (string, bool) {
	p.t.Helper()
	res := step(p, "read the desk's cookies", func(ctx context.Context, t *chromedp.Target) (network.GetCookiesResult, error) {
		return chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{p.URL("/admin/")}})
	})
	for _, c := range res.Cookies {
		if c.Name == auth.SessionCookie && c.Value != "" {
			return c.Value, true
		}
	}
	return "", false
}

// ForgeCSRF replaces the CSRF token of the form matching formSel with a
// token of the right shape that the server never issued, as a page on
// another site would have to.
func (p *Page) ForgeCSRF(formSel string) {
	p.t.Helper()
	js := `(() => { const f = document.querySelector(` + jsString(formSel+` input[name=csrf]`) + `);
		if (!f) return ""; const old = f.value;
		f.value = old.split("").reverse().join(""); return old; })()`
	if old := Eval[string](p, js); old == "" {
		p.t.Fatalf("%s has no CSRF field to tamper with", formSel)
	}
}

// containsAll fails the test for each of wants that s lacks.
func containsAll(t testing.TB, what, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q; it reads:\n%s", what, w, s)
		}
	}
}
