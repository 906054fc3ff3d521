package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium process with a fresh profile, for one
// test. Each Page it opens has its own browser context, so cookies and
// storage never leak from one page to the next.
type Browser struct {
	t   testing.TB
	ctx context.Context // the browser's first tab; it carries no deadline
}

// chromiumNames are the commands tried on PATH, in order.
var chromiumNames = []string{"chromium", "chromium-browser"}

// findChromium returns the browser to run: $FLASHBACK_TEST_CHROMIUM, else
// the first of chromiumNames on PATH.
func findChromium() (string, error) {
	if p := os.Getenv("FLASHBACK_TEST_CHROMIUM"); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			return "", fmt.Errorf("FLASHBACK_TEST_CHROMIUM=%s is not an executable: %w", p, err)
		}
		return p, nil
	}
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium or chromium-browser on PATH and FLASHBACK_TEST_CHROMIUM is not set")
}

// requireChromium returns the browser's path, or skips the test with a
// note on how to install one. Where every test must run
// (FLASHBACK_TEST_REQUIRE_ALL=1, as scripts/test sets it) it fails instead,
// so that a green full run means the browser tests really ran.
func requireChromium(t testing.TB) string {
	t.Helper()
	path, err := findChromium()
	if err == nil {
		return path
	}
	msg := "browser test needs headless Chromium: " + err.Error() +
		"; install it with `apt-get install chromium` (Debian/Ubuntu) or set FLASHBACK_TEST_CHROMIUM to its path"
	if os.Getenv("FLASHBACK_TEST_REQUIRE_ALL") == "1" {
		t.Fatal(msg + " (FLASHBACK_TEST_REQUIRE_ALL=1, so this is a failure, not a skip)")
	}
	t.Skip(msg)
	return ""
}

// StartBrowser starts Chromium for the test and stops it when the test
// ends. The browser's own output goes to chromium.log among the artifacts.
func StartBrowser(t testing.TB) *Browser {
	t.Helper()
	path := requireChromium(t)
	profile := t.TempDir() // removed after the browser has exited: cleanups run last-in, first-out
	// Chromium puts its singleton socket in a directory of its own under
	// TMPDIR, which a killed browser leaves behind: one per test run.
	tmp := t.TempDir()
	logPath := filepath.Join(ArtifactDir(t), "chromium.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatalf("create the browser log: %v", err)
	}
	t.Cleanup(func() { _ = logFile.Close() })
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.Env("TMPDIR="+tmp),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(logFile),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	// chromedp's own messages go to the log file too: logging through t
	// would panic for a message that comes after the test ended.
	logf := func(format string, args ...any) { fmt.Fprintf(logFile, "chromedp: "+format+"\n", args...) }
	ctx, cancelCtx := chromedp.NewContext(allocCtx, chromedp.WithLogf(logf), chromedp.WithErrorf(logf))
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	start := time.Now()
	// The first call starts the browser and binds its life to ctx: it must
	// carry no deadline, or the browser dies with it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v; see %s", path, err, logPath)
	}
	t.Logf("Chromium started in %v", time.Since(start).Round(time.Millisecond))
	return &Browser{t: t, ctx: ctx}
}

// NewPage opens a tab for test t (the browser's test or one of its
// subtests) in a new browser context, with its own cookies and storage,
// whose relative addresses are resolved against base. The tab closes when t
// ends; if t failed, its screenshot and HTML are kept among t's artifacts.
func (b *Browser) NewPage(t testing.TB, base string) *Page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// Make the artifact directory now: a temporary one is removed by a
	// cleanup, which must run after the one below that writes into it.
	ArtifactDir(t)
	p := &Page{t: t, ctx: ctx, base: base, Timeout: 10 * time.Second}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			p.saveEvidence("failure")
		}
	})
	return p
}

// OpenPage starts a browser for the test and opens a page on site.
func OpenPage(t testing.TB, site *Site) *Page {
	t.Helper()
	return StartBrowser(t).NewPage(t, site.URL)
}
