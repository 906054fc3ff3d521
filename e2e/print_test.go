package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"flashback"
)

// EmulatePrint makes the page use its print styles, as when printed.
func (p *Page) EmulatePrint() {
	p.t.Helper()
	p.do("emulate print media", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
}

// A printed article is the article: no navigation or forms, its sources
// kept with their addresses written out.
func TestPrint_Article(t *testing.T) {
	site := StartSite(t)
	e := site.AddEvent(t, &flashback.Event{
		Date: flashback.HistDate{Year: 1929, Month: time.January, Day: 31}, Category: flashback.CategoryHistory,
		Headline: "Printed headline", Summary: "A summary.", Body: "The article's text.", Published: true,
		Sources: []flashback.Source{{Title: "A source", URL: "https://example.org/source"}},
	})
	p := OpenPage(t, site)
	p.Open("/events/" + strconv.FormatInt(e.ID, 10) + "/" + e.Slug)
	p.EmulatePrint()
	// rendered tells whether anything of the selected elements is laid out.
	rendered := func(sel string) string {
		return `Array.from(document.querySelectorAll("` + sel + `")).some(e => e.getClientRects().length > 0) ? "shown" : "hidden"`
	}
	tests := []struct {
		name, js string
		want     string
	}{
		{"NavHidden", rendered(".site-header nav"), "hidden"},
		{"FormsHidden", rendered("form"), "hidden"},
		{"ReportLinksHidden", rendered(".actions"), "hidden"},
		{"HeadlineShown", rendered("main h1"), "shown"},
		{"BodyShown", rendered(".body"), "shown"},
		{"SourcesShown", rendered(".sources a"), "shown"},
		// Chromium reports the rule as written or with the address filled
		// in, depending on its version: either way the address is printed.
		{"SourceURLWritten", `(function () {
			var c = getComputedStyle(document.querySelector(".sources a"), "::after").content;
			return c.includes("attr(href)") || c.includes("https://example.org/source") ? "address" : c;
		})()`, "address"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Eval[string](p, tc.js); got != tc.want {
				t.Errorf("%s = %q, want %q", tc.js, got, tc.want)
			}
		})
	}
}
