package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"flashback"
)

// Hostile strings a reader may type. Each would change the page's title if
// it ran.
const (
	xssImg    = `<img src=x onerror="document.title='pwned'">`
	xssScript = `<script>document.title='pwned'</script>`
	xssAttr   = `"><svg onload="document.title='pwned'">`
)

// TestDesk_HostileTextStaysText: what readers type into the report and
// contact forms is shown as text, never as markup, on the form that comes
// back to them and on the editors' pages.
func TestDesk_HostileTextStaysText(t *testing.T) {
	site := StartSite(t, deskClock(t))
	site.AddEditor(t, "ed@example.org", "Ed Itor", flashback.RoleEditor)
	e := site.AddEvent(t, trotskyEvent())
	b := StartBrowser(t)
	reader := b.NewPage(t, site.URL)

	t.Run("ReportFormSentBack", func(t *testing.T) {
		reader.Open(fmt.Sprintf("/events/%d/report", e.ID))
		reader.Type("#problem", xssImg)
		reader.Type("#correction", xssScript)
		reader.Fill("#source", xssAttr)
		// A stale token sends the form back with what was typed in it.
		reader.ForgeCSRF(`form[action$="/report"]`)
		if st := reader.Follow(selReportSend); st != 403 {
			t.Fatalf("stale token: status %d, want 403", st)
		}
		checkInert(t, reader, "Report an inaccuracy")
		for sel, want := range map[string]string{"#problem": xssImg, "#correction": xssScript, "#source": xssAttr} {
			if got := reader.Value(sel); got != want {
				t.Errorf("%s came back as %q, want %q", sel, got, want)
			}
		}
		if st := reader.Follow(selReportSend); st != 200 || reader.Text("main h1") != "Thank you" {
			t.Fatalf("sending the report again: status %d, page %q", st, reader.Text("main h1"))
		}
	})
	t.Run("Contact", func(t *testing.T) {
		reader.Open("/contact")
		reader.Fill("#name", xssAttr)
		reader.Fill("#email", "reader@example.org")
		reader.Fill("#subject", xssImg)
		reader.Type("#message", xssScript)
		if st := reader.Follow(`form[action="/contact"] button[type=submit]`); st != 200 {
			t.Fatalf("sending the message: status %d", st)
		}
	})
	reps := site.Reports(t, e.ID)
	msgs, _, err := site.Main.Stores.Messages.FindMessages(context.Background(), flashback.MessageFilter{})
	if err != nil || len(reps) != 1 || len(msgs) != 1 {
		t.Fatalf("stored %d reports and %d messages (%v), want one of each", len(reps), len(msgs), err)
	}
	if reps[0].Problem != xssImg || msgs[0].Subject != xssImg {
		t.Fatalf("the store changed what readers typed: %q, %q", reps[0].Problem, msgs[0].Subject)
	}

	editor := b.NewPage(t, site.URL)
	editor.SignIn("ed@example.org", editorPassword)
	pages := []struct {
		name, path, title string
		texts             []string // each must show as text in the page
	}{
		{"ReportsQueue", "/admin/reports", "Reports", []string{xssImg}},
		{"Report", fmt.Sprintf("/admin/reports/%d", reps[0].ID), fmt.Sprintf("Report %d", reps[0].ID), []string{xssImg, xssScript, xssAttr}},
		{"Inbox", "/admin/messages", "", []string{xssImg, xssAttr}},
		{"Message", fmt.Sprintf("/admin/messages/%d", msgs[0].ID), "", []string{xssImg, xssScript, xssAttr}},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			editor.Open(pg.path)
			checkInert(t, editor, pg.title)
			text := Eval[string](editor, `document.querySelector("main").innerText`)
			containsAll(t, pg.path, text, pg.texts...)
			if pg.name == "Report" {
				editor.Shot("hostile-report")
			}
		})
	}
}

// checkInert fails the test if the page holds an element a reader's text
// could have made (an image, a script, an inline handler) or if anything
// changed the title, which then must start with title (when given).
func checkInert(t *testing.T, p *Page, title string) {
	t.Helper()
	// Let every image load or fail first, so that an onerror handler
	// would already have run.
	// The page script may reload the page once (to settle the reader's
	// zone), destroying the context a poll runs in; poll again then.
	var err error
	for range 3 {
		ctx, cancel := context.WithTimeout(p.Context(), 5*time.Second)
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](`Array.from(document.images).every(i => i.complete)`))
		cancel()
		if err == nil || !strings.Contains(err.Error(), "Cannot find context") {
			break
		}
	}
	if err != nil {
		t.Errorf("images still loading: %v", err)
	}
	if n := p.Count(`[onerror], [onload], main script, main img, main svg`); n != 0 {
		t.Errorf("%s holds %d elements made from a reader's text: %q", p.Path(), n,
			Eval[[]string](p, `Array.from(document.querySelectorAll("[onerror], [onload], main script, main img, main svg"), e => e.outerHTML)`))
	}
	got := Eval[string](p, `document.title`)
	if strings.Contains(got, "pwned") || !strings.HasPrefix(got, title) || got == "" {
		t.Errorf("%s: title %q, want it to start with %q", p.Path(), got, title)
	}
}
