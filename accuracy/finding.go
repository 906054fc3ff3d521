package accuracy

import (
	"strings"
	"unicode/utf8"
)

// Severity says whether a finding blocks publishing.
type Severity int

const (
	// Warning asks an editor to look; it does not block publishing.
	Warning Severity = iota + 1
	// Error blocks publishing unless an editor overrides it.
	Error
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "unknown"
}

// Rule identifiers. They are stable: the admin screens and overrides key on them.
const (
	RuleDateMismatch    = "date-mismatch"
	RuleYearMismatch    = "year-mismatch"
	RuleWeekdayMismatch = "weekday-mismatch"
	RuleAgeMismatch     = "age-mismatch"
	RuleImpossibleDate  = "impossible-date"
	RuleYearZero        = "year-zero"
	// RuleCalendarStyle flags a date given in the other calendar without
	// saying so, e.g. an Old Style date under a Gregorian record.
	RuleCalendarStyle = "calendar-style"
)

// Finding is one place where the text contradicts the event record, or looks
// as if it might.
type Finding struct {
	Field        string // "headline", "summary" or "body" from LintEvent; "" from Lint
	Offset, End  int    // byte offsets of the offending span in the field's text
	Line, Column int    // 1-based; Column counts characters (runes), not bytes
	Span         string // the offending text, text[Offset:End]
	Rule         string
	Severity     Severity
	Message      string // what the text says and what the record says
}

// Summary counts the errors and warnings among findings.
func Summary(findings []Finding) (errors, warnings int) {
	for _, f := range findings {
		switch f.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return errors, warnings
}

// HasErrors reports whether any finding blocks publishing.
func HasErrors(findings []Finding) bool {
	errs, _ := Summary(findings)
	return errs > 0
}

// place fills in Span, Line and Column from the byte offsets.
func place(f *Finding, text string) {
	f.Span = text[f.Offset:f.End]
	before := text[:f.Offset]
	f.Line = strings.Count(before, "\n") + 1
	lineStart := strings.LastIndexByte(before, '\n') + 1
	f.Column = utf8.RuneCountInString(before[lineStart:]) + 1
}

// CountErrors returns how many of findings are errors, which block
// publishing; warnings do not count.
func CountErrors(findings []Finding) int {
	n := 0
	for _, f := range findings {
		if f.Severity == Error {
			n++
		}
	}
	return n
}
