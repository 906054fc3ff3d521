package accuracy_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"flashback"
	"flashback/accuracy"
)

func greg(y int, m time.Month, d int) flashback.HistDate {
	return flashback.HistDate{Year: y, Month: m, Day: d}
}

func jul(y int, m time.Month, d int) flashback.HistDate {
	return flashback.HistDate{Year: y, Month: m, Day: d, Calendar: flashback.Julian}
}

func yearOnly(y int) flashback.HistDate {
	return flashback.HistDate{Year: y, Precision: flashback.PrecisionYear}
}

func monthOnly(y int, m time.Month) flashback.HistDate {
	return flashback.HistDate{Year: y, Month: m, Precision: flashback.PrecisionMonth}
}

func monthDay(m time.Month, d int) flashback.HistDate {
	return flashback.HistDate{Month: m, Day: d, Precision: flashback.PrecisionMonthDay}
}

// want is one expected finding: its rule, severity and exact span (the first
// occurrence of span in the text, unless nth says otherwise).
type want struct {
	rule string
	sev  accuracy.Severity
	span string
	nth  int
}

func errAt(rule, span string) want  { return want{rule: rule, sev: accuracy.Error, span: span} }
func warnAt(rule, span string) want { return want{rule: rule, sev: accuracy.Warning, span: span} }

// index returns the byte offset of the n-th (0-based) occurrence of span.
func index(text, span string, n int) int {
	off := 0
	for ; n > 0; n-- {
		k := strings.Index(text[off:], span)
		if k < 0 {
			return -1
		}
		off += k + len(span)
	}
	k := strings.Index(text[off:], span)
	if k < 0 {
		return -1
	}
	return off + k
}

// checkFindings asserts that got is exactly wants, in order, and that every
// finding's offsets, span, line and column agree with the text.
func checkFindings(t *testing.T, text string, got []accuracy.Finding, wants []want) {
	t.Helper()
	checkPositions(t, text, got)
	if len(got) != len(wants) {
		t.Errorf("got %d findings, want %d:", len(got), len(wants))
		for _, f := range got {
			t.Errorf("  got %s %s %q: %s", f.Severity, f.Rule, f.Span, f.Message)
		}
		return
	}
	for i, w := range wants {
		f := got[i]
		off := index(text, w.span, w.nth)
		if f.Rule != w.rule || f.Severity != w.sev || f.Span != w.span || f.Offset != off {
			t.Errorf("finding %d = %s %s %q at %d (%s); want %s %s %q at %d",
				i, f.Severity, f.Rule, f.Span, f.Offset, f.Message, w.sev, w.rule, w.span, off)
		}
		if f.Message == "" {
			t.Errorf("finding %d has no message", i)
		}
	}
}

func checkPositions(t *testing.T, text string, got []accuracy.Finding) {
	t.Helper()
	for _, f := range got {
		if f.Offset < 0 || f.End > len(text) || f.Offset > f.End {
			t.Fatalf("finding %+v out of bounds of %d bytes", f, len(text))
		}
		if f.Span != text[f.Offset:f.End] {
			t.Errorf("Span %q != text[%d:%d] %q", f.Span, f.Offset, f.End, text[f.Offset:f.End])
		}
		if !onBoundary(text, f.Offset) || !onBoundary(text, f.End) {
			t.Errorf("finding %q does not start and end on rune boundaries", f.Span)
		}
		before := text[:f.Offset]
		line := strings.Count(before, "\n") + 1
		col := utf8.RuneCountInString(before[strings.LastIndexByte(before, "\n"[0])+1:]) + 1
		if f.Line != line || f.Column != col {
			t.Errorf("finding %q at line %d col %d, want line %d col %d", f.Span, f.Line, f.Column, line, col)
		}
	}
}

// onBoundary reports whether byte offset i starts a rune as ranging over the
// string decodes it (an invalid byte counts as one rune), or is the end.
func onBoundary(text string, i int) bool {
	if i == len(text) {
		return true
	}
	for k := range text {
		if k == i {
			return true
		}
		if k > i {
			return false
		}
	}
	return false
}
