package errata_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"flashback/corpus/errata"
)

// FuzzParse checks that any input either parses into rows that meet the
// format's rules, or fails with an *errata.Error naming a line that exists.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"", "# only a comment\n", head,
		head + "k:1\tyear\t1944\t1943\tr\tref\n",
		head + "k:1\tday\t02-17\t02-29\tr\tref\nk:1\tyear\t\t44 BC\tr\tref\n",
		head + "k:1\tdating\t\ttraditional\tr\tref\nk:2\twithdraw\t\twithdrawn\tr\tref\n",
		head + "k:1\theadline\tA\tB\tr\tref\r\n",
		head + "k:1\tcalendar\tjulian\tgregorian\tr\tref\n",
		head + "k:1\tyear\t1944\t1943\tr\n",
		head + "\xff\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := errata.Parse(bytes.NewReader(data), "calendar.fuzz.tsv")
		if err != nil {
			var pe *errata.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not an *errata.Error", err)
			}
			if pe.Line > bytes.Count(data, []byte("\n"))+1 {
				t.Fatalf("error names line %d of %d", pe.Line, bytes.Count(data, []byte("\n"))+1)
			}
			return
		}
		for _, e := range file.Errata {
			for _, s := range []string{e.Key, string(e.Field), e.Old, e.New, e.Reason, e.Reference} {
				if !utf8.ValidString(s) || strings.ContainsAny(s, "\t\r\n") {
					t.Fatalf("row %+v holds a bad value %q", e, s)
				}
			}
			if e.Key == "" || e.Reason == "" || e.Reference == "" {
				t.Fatalf("row %+v lacks a required value", e)
			}
		}
	})
}
