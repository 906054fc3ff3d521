package sqlite

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestTimeText: the hand-written formatTime and parseTime agree with
// time.Format and time.Parse on the layout, value for value and error for
// error.
func TestTimeText(t *testing.T) {
	instants := []struct {
		name string
		t    time.Time
	}{
		{"Epoch", time.Unix(0, 0)},
		{"Nanoseconds", time.Date(2026, 1, 31, 7, 0, 0, 123456789, time.UTC)},
		{"LeapDay", time.Date(2028, 2, 29, 23, 59, 59, 999999999, time.UTC)},
		{"NotUTC", time.Date(2026, 3, 29, 2, 30, 0, 5000, time.FixedZone("X", 5*3600+1800))},
		{"YearZero", time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"YearTenThousand", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"NegativeYear", time.Date(-1, 12, 31, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range instants {
		t.Run(tt.name, func(t *testing.T) {
			checkTimeText(t, tt.t)
		})
	}
	t.Run("Random", func(t *testing.T) {
		r := rand.New(rand.NewPCG(1, 2))
		for range 10_000 {
			checkTimeText(t, time.Unix(r.Int64N(300_000_000_000)-62_000_000_000, r.Int64N(1e9)))
		}
	})
	for _, bad := range []struct{ name, s string }{
		{"Empty", ""},
		{"Short", "2026-01-31T07:00:00Z"},
		{"MonthThirteen", "2026-13-01T00:00:00.000000000Z"},
		{"MonthZero", "2026-00-01T00:00:00.000000000Z"},
		{"DayZero", "2026-01-00T00:00:00.000000000Z"},
		{"February30", "2026-02-30T00:00:00.000000000Z"},
		{"February29NotLeap", "2027-02-29T00:00:00.000000000Z"},
		{"Hour24", "2026-01-31T24:00:00.000000000Z"},
		{"Minute60", "2026-01-31T07:60:00.000000000Z"},
		{"Second60", "2026-01-31T07:00:60.000000000Z"},
		{"LetterInDigits", "2026-01-3xT07:00:00.000000000Z"},
		{"SignInDigits", "2026-01-31T07:00:00.+00000000Z"},
		{"OtherSeparator", "2026/01/31T07:00:00.000000000Z"},
		{"NoZ", "2026-01-31T07:00:00.0000000000"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			_, want := time.Parse(timeLayout, bad.s)
			got, err := parseTime(bad.s)
			if (err == nil) != (want == nil) {
				t.Errorf("parseTime(%q) = %v, %v; time.Parse's error: %v", bad.s, got, err, want)
			}
		})
	}
}

func checkTimeText(t *testing.T, in time.Time) {
	t.Helper()
	s, want := formatTime(in), in.UTC().Format(timeLayout)
	if s != want {
		t.Fatalf("formatTime(%v) = %q, want %q", in, s, want)
	}
	if y := in.UTC().Year(); y >= 0 && y <= 9999 {
		if _, ok := parseFixed(s); !ok {
			t.Fatalf("parseFixed(%q) refused what formatTime wrote", s)
		}
	}
	got, err := parseTime(s)
	wantT, wantErr := time.Parse(timeLayout, s)
	if (err == nil) != (wantErr == nil) || got != wantT {
		t.Fatalf("parseTime(%q) = %v, %v; time.Parse gives %v, %v", s, got, err, wantT, wantErr)
	}
}
