package flashback_test

import (
	"strings"
	"testing"

	"flashback"
)

func TestParseYear(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     int
	}{
		{"Plain", "1929", 1929},
		{"AD", "AD 79", 79},
		{"ADAfter", "79 ad", 79},
		{"CE", "79 CE", 79},
		{"BC", "44 BC", -43},
		{"BCE", "44bce", -43},
		{"HyphenBC", "44-bc", -43},
		{"OneBC", "1 BC", 0},
		{"Astronomical", "-43", -43},
		{"Spaces", "  44   BC ", -43},
		{"Max", "9999", flashback.MaxYear},
		{"Min", "10000 BC", flashback.MinYear},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := flashback.ParseYear(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseYear(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
		})
	}
	for _, tt := range []struct{ name, in, msg string }{
		{"Word", "nineteen", "as a number"},
		{"Empty", "", "as a number"},
		{"ZeroBC", "0 BC", "no year 0 BC"},
		{"TooLate", "10000", "between 10000 BC and 9999"},
		{"TooEarly", "10001 BC", "between"},
		{"NegativeBC", "-5 BC", "between"},
		{"OverflowsInt", "99999999999999999999", "between"},
		{"OverflowsIntBC", "99999999999999999999 BC", "between"},
		{"MinInt", "-9223372036854775808", "between"},
		{"MaxIntBC", "9223372036854775807 BC", "between"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := flashback.ParseYear(tt.in)
			msg := flashback.ErrorMessage(err)
			if flashback.ErrorCode(err) != flashback.EINVALID || !strings.Contains(msg, tt.msg) {
				t.Fatalf("ParseYear(%q) error = %v, want EINVALID with %q", tt.in, err, tt.msg)
			}
			if strings.Contains(msg, "922337") {
				t.Errorf("message shows an overflowed number: %q", msg)
			}
		})
	}
}

func TestHistDateValidate_AbsurdYearIsNotEchoed(t *testing.T) {
	d := flashback.HistDate{Year: -9223372036854775808, Precision: flashback.PrecisionYear}
	msg := flashback.ErrorMessage(d.Validate())
	if !strings.Contains(msg, "between") || strings.Contains(msg, "922337") {
		t.Errorf("message = %q", msg)
	}
}

// Whatever is typed, ParseYear refuses it or returns a year in range, and
// the year written back the way editors see it parses to the same year.
func FuzzParseYear(f *testing.F) {
	for _, s := range []string{"1929", "44 BC", "AD 79", "-43", "0 BC", "99999999999999999999", "-9223372036854775808", "+5 bce", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, err := flashback.ParseYear(s)
		if err != nil {
			if strings.Contains(flashback.ErrorMessage(err), "922337") {
				t.Fatalf("ParseYear(%q): message shows an overflowed number: %v", s, err)
			}
			return
		}
		if y < flashback.MinYear || y > flashback.MaxYear {
			t.Fatalf("ParseYear(%q) = %d, out of range", s, y)
		}
		if back, err := flashback.ParseYear(flashback.FormatYear(y)); err != nil || back != y {
			t.Fatalf("FormatYear(%d) = %q parses to %d, %v", y, flashback.FormatYear(y), back, err)
		}
	})
}
