package accuracy_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/accuracy"
)

// The page this project replaces: "Flashback to June 17" over an article
// that dates Trotsky's exile 31 January 1929.
func readSeed(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/seed-page.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func seedEvent(d flashback.HistDate) *flashback.Event {
	return &flashback.Event{Date: d, Category: flashback.CategoryHistory,
		Headline: "The Soviet Union exiles Leon Trotsky"}
}

func TestLint_SeedPage(t *testing.T) {
	text := readSeed(t)
	t.Run("AgainstJune17", func(t *testing.T) {
		got := accuracy.Lint(seedEvent(greg(1929, time.June, 17)), text)
		checkFindings(t, text, got, []want{
			errAt("date-mismatch", "January 31, 1929"),
			{rule: "date-mismatch", sev: accuracy.Error, span: "January 31, 1929", nth: 1},
		})
		if len(got) > 0 && (got[0].Line != 11 || got[0].Column != 4) {
			t.Errorf("opening claim at %d:%d, want 11:4", got[0].Line, got[0].Column)
		}
		if !accuracy.HasErrors(got) {
			t.Error("HasErrors = false for the canonical failing case")
		}
	})
	t.Run("StaleDayAndYearAgainstJune17", func(t *testing.T) {
		// Both dates a year off as well: the lead, which names the event
		// only vaguely ("an event of great significance"), is a warning;
		// the closing sentence, which tells the exile again, blocks.
		stale := strings.ReplaceAll(text, "January 31, 1929", "January 31, 1928")
		got := accuracy.Lint(seedEvent(greg(1929, time.June, 17)), stale)
		checkFindings(t, stale, got, []want{
			warnAt("date-mismatch", "January 31, 1928"),
			{rule: "date-mismatch", sev: accuracy.Error, span: "January 31, 1928", nth: 1},
		})
	})
	t.Run("AgainstJanuary31", func(t *testing.T) {
		got := accuracy.Lint(seedEvent(exile), text)
		// The page heading is the old site's mistake; it is page chrome,
		// reported as a warning only.
		checkFindings(t, text, got, []want{warnAt("date-mismatch", "June 17")})
		if accuracy.HasErrors(got) {
			t.Error("HasErrors = true although 1917, 1927 and 1940 are only related dates")
		}
	})
}

func TestLintEvent_FieldsAndOffsets(t *testing.T) {
	e := &flashback.Event{
		Date:     wrongDay,
		Category: flashback.CategoryHistory,
		Headline: "Trotsky exiled from the Soviet Union on 31 January 1929",
		Summary:  "Stalin's rival is sent abroad; it is a Thursday.",
		Body:     "Background first.\n\nOn Friday, 31 January 1929, Trotsky was exiled from the Soviet Union.",
	}
	got := accuracy.LintEvent(e)
	wants := []struct{ field, rule, span string }{
		{"headline", "date-mismatch", "31 January 1929"},
		{"body", "weekday-mismatch", "Friday, 31 January 1929"},
		{"body", "date-mismatch", "31 January 1929"},
	}
	if len(got) != len(wants) {
		t.Fatalf("got %d findings, want %d: %+v", len(got), len(wants), got)
	}
	texts := map[string]string{"headline": e.Headline, "summary": e.Summary, "body": e.Body}
	for i, w := range wants {
		f := got[i]
		if f.Field != w.field || f.Rule != w.rule || f.Span != w.span {
			t.Errorf("finding %d = %s %s %q, want %s %s %q", i, f.Field, f.Rule, f.Span, w.field, w.rule, w.span)
		}
		checkPositions(t, texts[f.Field], []accuracy.Finding{f})
	}
	if got[1].Line != 3 || got[1].Column != 4 {
		t.Errorf("body finding at %d:%d, want 3:4", got[1].Line, got[1].Column)
	}
}

func TestLintEvent_Nil(t *testing.T) {
	if got := accuracy.LintEvent(nil); got != nil {
		t.Errorf("LintEvent(nil) = %v, want nil", got)
	}
}

func TestLint_InvalidRecordChecksOnlyIntrinsics(t *testing.T) {
	e := &flashback.Event{Date: flashback.HistDate{Year: 1929, Month: 13, Day: 40}, Headline: trotsky}
	text := "On 31 January 1930, Trotsky was exiled; the order was dated 30 February 1929."
	checkFindings(t, text, accuracy.Lint(e, text), []want{errAt("impossible-date", "30 February 1929")})
	checkFindings(t, text, accuracy.Lint(nil, text), []want{errAt("impossible-date", "30 February 1929")})
}

func TestSummary(t *testing.T) {
	fs := []accuracy.Finding{{Severity: accuracy.Error}, {Severity: accuracy.Warning},
		{Severity: accuracy.Warning}, {Severity: accuracy.Error}, {Severity: accuracy.Error}}
	if e, w := accuracy.Summary(fs); e != 3 || w != 2 {
		t.Errorf("Summary = %d errors, %d warnings; want 3, 2", e, w)
	}
	if !accuracy.HasErrors(fs) {
		t.Error("HasErrors = false with errors")
	}
	if accuracy.HasErrors(fs[1:3]) {
		t.Error("HasErrors = true with warnings only")
	}
	if accuracy.Error.String() != "error" || accuracy.Warning.String() != "warning" {
		t.Errorf("severity names = %q, %q", accuracy.Error, accuracy.Warning)
	}
}
