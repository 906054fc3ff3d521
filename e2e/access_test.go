package e2e

import (
	"testing"
)

// A refused form comes back with its message focused, so that a screen
// reader reads the reason first and a keyboard user starts from it. The
// browser's own checks are switched off to send what the server refuses.
func TestForms_RefusalTakesTheFocus(t *testing.T) {
	site := StartSite(t)
	p := OpenPage(t, site)
	p.Open("/contact")
	p.Fill("#name", "Ann")
	p.Fill("#email", "not-an-address")
	p.Fill("#subject", "Hello")
	p.Type("#message", "A question.")
	Eval[bool](p, `(document.querySelector('form[action="/contact"]').noValidate = true)`)
	if status := p.Follow(`form[action="/contact"] button[type=submit]`); status != 400 {
		t.Fatalf("status %d, want 400 for an address that is none", status)
	}
	focus := Eval[string](p, `(() => { const a = document.activeElement; return a ? a.id + " " + a.getAttribute("role") : ""; })()`)
	if focus != "form-error alert" {
		p.Screenshot("refusal-focus")
		t.Errorf("focus on %q after the refusal, want the message (form-error, role alert)", focus)
	}
	if got := p.Value("#message"); got != "A question." {
		t.Errorf("the message field holds %q after the refusal, want what was typed", got)
	}
}

// At 320 CSS pixels (a small phone, WCAG 1.4.10) no page scrolls sideways,
// whatever long unbroken address a correction or source holds.
func TestNarrowScreen_NoSidewaysScrolling(t *testing.T) {
	site := StartSite(t)
	p := OpenPage(t, site)
	p.SetViewport(320, 700)
	for _, path := range []string{"/", "/on/january/31", "/corrections", "/search?q=war", "/subscribe", "/contact", "/privacy"} {
		t.Run(path, func(t *testing.T) {
			p.Open(path)
			if w := Eval[int](p, `document.documentElement.scrollWidth`); w > 320 {
				p.Screenshot("narrow" + path)
				t.Errorf("%s is %d pixels wide at 320", path, w)
			}
		})
	}
}
