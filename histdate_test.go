package flashback_test

import (
	"testing"
	"time"

	"flashback"
)

func TestHistDate_Weekday(t *testing.T) {
	tests := []struct {
		name string
		date flashback.HistDate
		want time.Weekday
	}{
		{"TrotskyExile", day(1929, time.January, 31, flashback.Gregorian), time.Thursday},
		{"Y2K", day(2000, time.January, 1, flashback.Gregorian), time.Saturday},
		{"LastJulianDay", day(1582, time.October, 4, flashback.Julian), time.Thursday},
		{"FirstGregorianDay", day(1582, time.October, 15, flashback.Gregorian), time.Friday},
		{"OctoberRevolutionOldStyle", day(1917, time.October, 25, flashback.Julian), time.Wednesday},
		{"JulianDayZero", day(-4712, time.January, 1, flashback.Julian), time.Monday},
		{"LeapDay2024", day(2024, time.February, 29, flashback.Gregorian), time.Thursday},
		{"MoonLanding", day(1969, time.July, 20, flashback.Gregorian), time.Sunday},
		{"Hastings", day(1066, time.October, 14, flashback.Julian), time.Saturday},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.date.Weekday(); got != tt.want {
				t.Errorf("Weekday(%v) = %v, want %v", tt.date, got, tt.want)
			}
		})
	}
}

func day(y int, m time.Month, d int, cal flashback.Calendar) flashback.HistDate {
	return flashback.HistDate{Year: y, Month: m, Day: d, Calendar: cal}
}
