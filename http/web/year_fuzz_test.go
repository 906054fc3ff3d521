package web

import (
	"flashback/site"
	"testing"

	"flashback"
)

// Whatever the path holds, a year either parses into the supported range,
// and its canonical address reads back as the same year, or is refused.
func FuzzParseYearParam(f *testing.F) {
	for _, s := range []string{"1929", "44-bc", "-43", "44 BC", "AD 79", "0", "0-bc", "-bc", "9999", "10000-bce", "1e3", "+5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, err := parseYearParam(s)
		if err != nil {
			if flashback.ErrorCode(err) != flashback.EINVALID {
				t.Fatalf("%q: error %v is not EINVALID", s, err)
			}
			return
		}
		if y < flashback.MinYear || y > flashback.MaxYear {
			t.Fatalf("%q gave year %d, out of range", s, y)
		}
		p := site.Year(y)
		back, err := parseYearParam(p[len("/year/"):])
		if err != nil || back != y {
			t.Fatalf("%q gave %d, whose address %s reads back as %d (%v)", s, y, p, back, err)
		}
	})
}
