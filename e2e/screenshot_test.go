package e2e

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestREADMEScreenshot renders docs/screenshot.png, the picture of the site
// in the README: the whole today page of 31 January, a day with events of
// several categories, 1200 pixels wide. It runs only when asked to:
//
//	FLASHBACK_UPDATE_SCREENSHOT=1 go test ./e2e -run TestREADMEScreenshot
func TestREADMEScreenshot(t *testing.T) {
	if os.Getenv("FLASHBACK_UPDATE_SCREENSHOT") != "1" {
		t.Skip("set FLASHBACK_UPDATE_SCREENSHOT=1 to write docs/screenshot.png")
	}
	const width = 1200
	now := time.Date(2026, time.January, 31, 8, 0, 0, 0, Zone(t, "Europe/London"))
	site := StartSite(t, WithClock(now), WithTimezone("Europe/London"))
	p := OpenPage(t, site)
	p.SetTimezone("Europe/London")
	p.SyncClock(now)
	p.SetViewport(width, 900)
	p.Open("/")
	p.WaitText(selHeading, "Flashback to January 31")

	shot := p.PNG()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if w := img.Bounds().Dx(); w != width {
		t.Fatalf("the screenshot is %d pixels wide, want %d", w, width)
	}
	out := filepath.Join("..", "docs", "screenshot.png")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%dx%d)", out, img.Bounds().Dx(), img.Bounds().Dy())
}
