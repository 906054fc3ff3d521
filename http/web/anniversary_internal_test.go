package web

import (
	"testing"
	"time"

	"flashback"
)

// An article's badge is this year's anniversary, never last year's: on 3
// December, an event of 5 December 1776 is 249 years ago and has its 250th
// anniversary to come, one of 5 December 1955 had its 70th a year ago.
func TestAnniversaryBadge(t *testing.T) {
	on := func(y int, m time.Month, d int) flashback.HistDate {
		return flashback.HistDate{Year: y, Month: m, Day: d, Precision: flashback.PrecisionDay}
	}
	tests := []struct {
		name  string
		date  flashback.HistDate
		today flashback.CivilDate
		want  string
	}{
		{"ToCome", on(1776, time.December, 5), flashback.CivilDate{Year: 2026, Month: time.December, Day: 3}, "250th anniversary on 5 December"},
		{"Today", on(1776, time.December, 5), flashback.CivilDate{Year: 2026, Month: time.December, Day: 5}, "250th anniversary today"},
		{"PastThisYear", on(1776, time.July, 4), flashback.CivilDate{Year: 2026, Month: time.December, Day: 3}, "250th anniversary"},
		{"PastLastYear", on(1955, time.December, 5), flashback.CivilDate{Year: 2026, Month: time.December, Day: 3}, ""},
		{"NotRound", on(1955, time.January, 5), flashback.CivilDate{Year: 2026, Month: time.December, Day: 3}, ""},
		{"BC", on(-74, time.March, 1), flashback.CivilDate{Year: 2026, Month: time.June, Day: 1}, "2100th anniversary"},
		{"LeapDayInCommonYear", on(1976, time.February, 29), flashback.CivilDate{Year: 2026, Month: time.February, Day: 28}, "50th anniversary today"},
		{"LeapDayToComeInCommonYear", on(1976, time.February, 29), flashback.CivilDate{Year: 2026, Month: time.February, Day: 27}, "50th anniversary on 28 February"},
		{"LeapDayInLeapYear", on(1928, time.February, 29), flashback.CivilDate{Year: 2028, Month: time.February, Day: 28}, "100th anniversary on 29 February"},
		{"MonthToCome", flashback.HistDate{Year: 1976, Month: time.December, Precision: flashback.PrecisionMonth},
			flashback.CivilDate{Year: 2026, Month: time.November, Day: 30}, "50th anniversary in December"},
		{"MonthNow", flashback.HistDate{Year: 1976, Month: time.December, Precision: flashback.PrecisionMonth},
			flashback.CivilDate{Year: 2026, Month: time.December, Day: 3}, "50th anniversary"},
		{"YearOnly", flashback.HistDate{Year: 1926, Precision: flashback.PrecisionYear},
			flashback.CivilDate{Year: 2026, Month: time.January, Day: 1}, "100th anniversary"},
		{"NoYear", flashback.HistDate{Month: time.May, Day: 1, Precision: flashback.PrecisionMonthDay},
			flashback.CivilDate{Year: 2026, Month: time.January, Day: 1}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := anniversaryBadge(tt.date, tt.today); got != tt.want {
				t.Errorf("anniversaryBadge(%v, %v) = %q, want %q", tt.date, tt.today, got, tt.want)
			}
		})
	}
}
