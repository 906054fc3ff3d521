package web

import (
	"flashback/site"
	"strings"
	"testing"
)

// Whatever a reader puts in a date address or the jump form, the parser
// either refuses it or yields one of the 366 days, whose canonical address
// it parses back to the same day.
func FuzzParseMonthDay(f *testing.F) {
	for _, seed := range [][2]string{{"january", "31"}, {"Feb", "29"}, {"2", "30"}, {"13", "1"}, {"", ""}, {"sept", "09"}, {"DECEMBER", " 31 "}, {"ja", "1"}, {"1", "-1"}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, month, day string) {
		md, ok := parseMonthDay(month, day)
		if !ok {
			return
		}
		if !md.Valid() {
			t.Fatalf("parseMonthDay(%q, %q) = %v, which is not a day of the year", month, day, md)
		}
		parts := strings.Split(strings.TrimPrefix(site.Date(md), "/on/"), "/")
		back, ok := parseMonthDay(parts[0], parts[1])
		if !ok || back != md {
			t.Fatalf("canonical address of %v parses to %v, %v", md, back, ok)
		}
	})
}
