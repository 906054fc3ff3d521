package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"flashback"
)

// TestDesk_LinterGuardsPublishing: an editor rewrites a draft so that its
// article contradicts its date. The preview shows the linter's finding;
// publishing is refused, and nothing is stored, until the editor gives a
// reason, which the history records.
func TestDesk_LinterGuardsPublishing(t *testing.T) {
	site := StartSite(t, deskClock(t))
	site.AddEditor(t, "ed@example.org", "Ed Itor", flashback.RoleEditor)
	e := site.AddEvent(t, &flashback.Event{
		Date:     flashback.HistDate{Year: 1929, Month: time.January, Day: 31},
		Category: flashback.CategoryHistory,
		Headline: "The Soviet Union exiles Leon Trotsky",
		Body:     "On January 31, 1929, Leon Trotsky was exiled from the Soviet Union.",
	})
	const wrong = "On June 17, 1929, Leon Trotsky was exiled from the Soviet Union."
	p := OpenPage(t, site)
	p.SignIn("ed@example.org", editorPassword)
	p.Open(fmt.Sprintf("/admin/events/%d", e.ID))
	if got := p.Texts(selFindings); len(got) != 0 {
		t.Fatalf("the clean draft already has findings: %q", got)
	}
	p.Type("#body", wrong)

	t.Run("PreviewShowsFinding", func(t *testing.T) {
		if st := p.FollowText("Preview and check"); st != 200 {
			t.Fatalf("preview: status %d", st)
		}
		findings := p.Texts(selFindings)
		if len(findings) != 1 {
			t.Fatalf("findings = %q, want one", findings)
		}
		containsAll(t, "the finding", findings[0], "error", "body", "June 17, 1929", "date-mismatch")
		if got := p.Text("#preview-title + article .body"); got != wrong {
			t.Errorf("preview = %q, want the new text", got)
		}
		p.Shot("1-preview-finding")
	})
	t.Run("PublishRefusedWithoutReason", func(t *testing.T) {
		if p.Count("#override") != 0 {
			t.Fatalf("the editor asks for an override before publishing was refused")
		}
		if st := p.FollowText("Save and publish"); st != 422 {
			t.Errorf("publishing over a lint error: status %d, want 422", st)
		}
		if got := p.Text(selAlert); !strings.Contains(got, "linter found 1 error") {
			t.Errorf("the refusal says %q", got)
		}
		if got := p.Value("#body"); got != wrong {
			t.Errorf("the refused form lost the editor's text: body = %q", got)
		}
		stored := site.Event(t, e.ID)
		if stored.Published || stored.Body != e.Body {
			t.Errorf("the refused save was stored: published %v, body %q", stored.Published, stored.Body)
		}
		if revs := site.Revisions(t, e.ID); len(revs) != 0 {
			t.Errorf("the refused save left %d revisions", len(revs))
		}
		p.Shot("2-publish-refused")
	})
	t.Run("PublishWithReason", func(t *testing.T) {
		const reason = "Checking the date with the archive; publish the draft meanwhile."
		p.Type("#override", reason)
		if st := p.FollowText("Save and publish"); st != 200 {
			t.Fatalf("publishing with a reason: status %d; page says %q", st, strings.Join(p.Texts(selAlert), " "))
		}
		if got := p.Text(selFlash); got != "Published." {
			t.Errorf("after publishing the desk says %q", got)
		}
		stored := site.Event(t, e.ID)
		if !stored.Published || stored.Body != wrong {
			t.Errorf("stored: published %v, body %q", stored.Published, stored.Body)
		}
		revs := site.Revisions(t, e.ID)
		if len(revs) != 1 || !strings.Contains(revs[0].Note, "Lint override (1 error): "+reason) {
			t.Errorf("revision notes = %q, want the override and its reason", notes(revs))
		}
	})
}

func notes(revs []*flashback.Revision) []string {
	out := make([]string, len(revs))
	for i, r := range revs {
		out[i] = r.Note
	}
	return out
}
