package web

import (
	"strconv"
	"testing"
)

// A part's file name is read only in the spelling the index writes, and
// what is read writes back to the same name.
func FuzzParseSitemapPart(f *testing.F) {
	for _, s := range []string{"1.xml", "12.xml", "0.xml", "01.xml", "-1.xml", "+1.xml", "1", ".xml", "1.xml.xml", "99999999999999999999.xml"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := parseSitemapPart(s)
		if !ok {
			return
		}
		if n < 1 || strconv.Itoa(n)+".xml" != s {
			t.Fatalf("%q read as part %d", s, n)
		}
	})
}
