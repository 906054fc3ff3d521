package e2e

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Page is one browser tab in a test. Its methods fail the test on error,
// so a test reads as the steps a reader takes. Selectors are CSS.
type Page struct {
	t    testing.TB
	ctx  context.Context // the tab; it carries no deadline
	base string
	// Timeout bounds each step (default 10s); a step that waits for an
	// element waits this long before the test fails.
	Timeout time.Duration
}

// step runs one action with the page's timeout and fails the test with
// what was being done when it errs.
func step[T any](p *Page, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// do runs steps that return nothing, like step.
func (p *Page) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	step(p, what, chromedp.Steps(steps...))
}

// Context is the tab's context, for chromedp calls the helpers do not
// cover. Put a timeout on a child of it, never on it.
func (p *Page) Context() context.Context { return p.ctx }

// URL resolves a path against the site's address.
func (p *Page) URL(path string) string {
	if strings.Contains(path, "://") {
		return path
	}
	return p.base + path
}

// Open loads a path (or absolute URL) and waits for the page to load.
func (p *Page) Open(path string) {
	p.t.Helper()
	p.do("open "+path, chromedp.Navigate(p.URL(path)))
}

// Path returns the current address without scheme and host: "/on/february/29?x=1".
func (p *Page) Path() string {
	p.t.Helper()
	loc := step(p, "read the address", chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		p.t.Fatalf("parse the address %q: %v", loc, err)
	}
	return u.RequestURI()
}

// Text returns the visible text of the first element matching sel, trimmed,
// waiting for it to be visible.
func (p *Page) Text(sel string) string {
	p.t.Helper()
	return strings.TrimSpace(step(p, "read "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible)))
}

// Texts returns the trimmed text of every element matching sel (none is
// an empty list, not a wait).
func (p *Page) Texts(sel string) []string {
	p.t.Helper()
	return Eval[[]string](p, `Array.from(document.querySelectorAll(`+jsString(sel)+`), e => e.textContent.trim())`)
}

// Attrs returns the attribute name of every element matching sel.
func (p *Page) Attrs(sel, name string) []string {
	p.t.Helper()
	return Eval[[]string](p, `Array.from(document.querySelectorAll(`+jsString(sel)+`), e => e.getAttribute(`+jsString(name)+`) || "")`)
}

// Count returns how many elements match sel.
func (p *Page) Count(sel string) int {
	p.t.Helper()
	return Eval[int](p, `document.querySelectorAll(`+jsString(sel)+`).length`)
}

// WaitText waits until the first element matching sel has the text want,
// e.g. after the page's script reloads it; it fails the test with the last
// text seen.
func (p *Page) WaitText(sel, want string) {
	p.t.Helper()
	js := `(() => { const e = document.querySelector(` + jsString(sel) + `); return !!e && e.textContent.trim() === ` + jsString(want) + `; })()`
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		got := Eval[string](p, `(document.querySelector(`+jsString(sel)+`) || {textContent: "(none)"}).textContent.trim()`)
		p.t.Fatalf("%s: want text %q, have %q (%v)", sel, want, got, err)
	}
}

// Click clicks the first element matching sel and returns at once; use
// Follow when the click loads a page.
func (p *Page) Click(sel string) {
	p.t.Helper()
	p.do("click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// Follow clicks a link or submit button and waits for the page it loads,
// returning that page's HTTP status.
func (p *Page) Follow(sel string) int64 {
	p.t.Helper()
	return p.navigateBy("follow "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// FollowText clicks the link or button whose whole visible text is text
// (spaces collapsed) and waits for the page it loads, returning its status.
func (p *Page) FollowText(text string) int64 {
	p.t.Helper()
	if strings.Contains(text, `"`) {
		p.t.Fatalf("FollowText(%q): a text with a double quote cannot be matched; use Follow with a CSS selector", text)
	}
	xpath := `//*[self::a or self::button][normalize-space(.)="` + text + `"]`
	return p.navigateBy("follow "+jsString(text), chromedp.Click(chromedp.Search(xpath), chromedp.NodeVisible))
}

// Press sends one key, such as kb.Tab or kb.Enter, to the focused element.
func (p *Page) Press(key string) {
	p.t.Helper()
	p.do("press "+keyName(key), chromedp.KeyEvent(key))
}

// PressAndWait sends a key that loads a page (Enter on a link) and waits
// for it, returning its HTTP status.
func (p *Page) PressAndWait(key string) int64 {
	p.t.Helper()
	return p.navigateBy("press "+keyName(key), chromedp.KeyEvent(key))
}

func (p *Page) navigateBy(what string, a chromedp.Action[chromedp.Void]) int64 {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, a)
	if err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
	if resp == nil {
		p.t.Fatalf("%s: no page was loaded", what)
	}
	return resp.Status
}

// Fill types value into a text field, replacing what it held, as a reader
// would.
func (p *Page) Fill(sel, value string) {
	p.t.Helper()
	p.do("fill "+sel, chromedp.Clear(chromedp.CSS(sel), chromedp.NodeVisible), chromedp.SendKeys(chromedp.CSS(sel), value, chromedp.NodeVisible))
}

// Select picks the option with the given value in a <select>.
func (p *Page) Select(sel, value string) {
	p.t.Helper()
	p.do("select "+value+" in "+sel, chromedp.SetValue(chromedp.CSS(sel), value, chromedp.NodeVisible))
}

// Value returns the current value of a form field.
func (p *Page) Value(sel string) string {
	p.t.Helper()
	return step(p, "read the value of "+sel, chromedp.Value(chromedp.CSS(sel)))
}

// Eval evaluates a JavaScript expression in the page and decodes its value.
func Eval[T any](p *Page, js string) T {
	p.t.Helper()
	return step(p, "evaluate "+js, chromedp.Evaluate[T](js))
}

// Cookie returns the value of the named cookie the browser holds for the
// site, and whether it has one.
func (p *Page) Cookie(name string) (string, bool) {
	p.t.Helper()
	res := step(p, "read cookies", func(ctx context.Context, t *chromedp.Target) (network.GetCookiesResult, error) {
		return chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{p.URL("/")}})
	})
	for _, c := range res.Cookies {
		if c.Name == name {
			return c.Value, true
		}
	}
	return "", false
}

// Screenshot saves a PNG of the whole page among the test's artifacts and
// returns its path.
func (p *Page) Screenshot(name string) string {
	p.t.Helper()
	return p.saveArtifact(name+".png", p.PNG())
}

// PNG returns a picture of the whole page, as wide as the window and as
// tall as the document.
func (p *Page) PNG() []byte {
	p.t.Helper()
	return step(p, "take a screenshot", chromedp.FullScreenshot(100)) // quality 100 means PNG
}

// DumpHTML saves the page's current HTML among the artifacts and returns
// its path.
func (p *Page) DumpHTML(name string) string {
	p.t.Helper()
	html := step(p, "read the page's HTML", chromedp.OuterHTML(chromedp.CSS("html")))
	return p.saveArtifact(name+".html", []byte(html))
}

func (p *Page) saveArtifact(name string, data []byte) string {
	p.t.Helper()
	path := filepath.Join(ArtifactDir(p.t), fileName(name))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		p.t.Fatalf("save %s: %v", name, err)
	}
	p.t.Logf("saved %s", path)
	return path
}

// saveEvidence keeps what the page showed when a test failed. It runs in a
// cleanup, after the test's own steps, so it only logs its own errors.
func (p *Page) saveEvidence(name string) {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	dir := ArtifactDir(p.t)
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	if err != nil {
		p.t.Logf("no screenshot of the failure: %v", err)
	} else {
		p.t.Logf("screenshot of the failure: %s", filepath.Join(dir, name+".png"))
	}
	if !artifactsKept() {
		p.t.Log("these files are removed when the test ends: run go test with -artifacts -outputdir DIR, or set FLASHBACK_TEST_ARTIFACTS=DIR, to keep them")
	}
	html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".html"), []byte(html), 0o644)
	}
	if err != nil {
		p.t.Logf("no HTML of the failure: %v", err)
	} else {
		p.t.Logf("HTML of the failure: %s", filepath.Join(dir, name+".html"))
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

func keyName(key string) string {
	switch key {
	case kb.Tab:
		return "Tab"
	case kb.Enter:
		return "Enter"
	}
	return jsString(key)
}
