package e2e

import (
	"context"
	"strconv"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// SetTimezone makes the browser believe it runs in the IANA zone name, as
// Chromium's developer tools do: Intl and Date follow it from the next
// script run on.
func (p *Page) SetTimezone(name string) {
	p.t.Helper()
	p.do("emulate the time zone "+name, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: name})
		return err
	}))
}

// SetViewport sets the size of the page's window in CSS pixels.
func (p *Page) SetViewport(width, height int64) {
	p.t.Helper()
	p.do("set the viewport", chromedp.EmulateViewport(width, height))
}

// SyncClock makes the page's JavaScript clock start at now and run on from
// there, in every document the tab loads from then on.
//
// The program under test runs on a fixed clock while the browser has the
// machine's; a script that compares the two (the site's time-zone script
// does) would then depend on the day the test runs. Chromium has no clock
// of its own to set short of pausing virtual time, which stalls page
// loads, so this shifts Date instead: a stand-in, but the only way to make
// browser and server agree on "now".
func (p *Page) SyncClock(now time.Time) {
	p.t.Helper()
	src := `(() => {
  const Real = Date;
  const offset = ` + strconv.FormatInt(now.UnixMilli(), 10) + ` - Real.now();
  class Shifted extends Real {
    constructor(...args) {
      if (args.length === 0) { super(Real.now() + offset); } else { super(...args); }
    }
    static now() { return Real.now() + offset; }
  }
  globalThis.Date = Shifted;
})();`
	p.do("set the page clock", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	}))
}
