package accuracy_test

import (
	"strings"
	"testing"

	"flashback/accuracy"
)

// BenchmarkLint lints an article of about 5 KB: the seed page with some of
// the clean corpus appended.
func BenchmarkLint(b *testing.B) {
	text := readSeed(b)
	for len(text) < 5000 {
		text += "\n\nOn 10 February 1929 he sailed from Odessa, aged 49 (born 1879); it was a Sunday. " +
			strings.Repeat("He was expelled from the party in 1927 and killed in 1940. ", 3)
	}
	text = text[:5000]
	e := seedEvent(exile)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		accuracy.Lint(e, text)
	}
}

// BenchmarkLintGolden lints every golden article once per iteration: prose
// as editors write it, rich in dates, rather than one long page.
func BenchmarkLintGolden(b *testing.B) {
	var cases []goldenCase
	size := 0
	for _, set := range goldenSets {
		for _, c := range readGolden(b, set.dir) {
			cases = append(cases, c)
			size += len(c.body)
		}
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for i := range cases {
			accuracy.LintEvent(&cases[i].event)
		}
	}
}
