package flashback_test

import (
	"slices"
	"strings"
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

// Go's time package uses the proleptic Gregorian calendar with astronomical
// years, so it is an independent check of the JDN arithmetic, BC included.
func TestHistDate_JDNAgreesWithTimePackage(t *testing.T) {
	const unixEpochJDN = 2440588
	for _, year := range []int{-9999, -4713, -4712, -4701, -101, -43, -1, 0, 1, 4, 100, 1582, 1600, 1900, 2000, 2024, 9999} {
		for _, md := range []struct {
			m time.Month
			d int
		}{{time.January, 1}, {time.February, 28}, {time.March, 1}, {time.December, 31}} {
			d := day(year, md.m, md.d, flashback.Gregorian)
			tm := time.Date(year, md.m, md.d, 0, 0, 0, 0, time.UTC)
			want := unixEpochJDN + int(tm.Unix()/86400)
			if got := d.JDN(); got != want {
				t.Errorf("JDN(%v) = %d, want %d", d, got, want)
			}
			if got := d.Weekday(); got != tm.Weekday() {
				t.Errorf("Weekday(%v) = %v, want %v", d, got, tm.Weekday())
			}
			if back := flashback.FromJDN(want, flashback.Gregorian); back.Year != year || back.Month != md.m || back.Day != md.d {
				t.Errorf("FromJDN(%d) = %v, want %v", want, back, d)
			}
		}
	}
}

func TestHistDate_In(t *testing.T) {
	tests := []struct {
		name     string
		from, to flashback.HistDate
	}{
		{"OctoberRevolution", day(1917, time.October, 25, flashback.Julian), day(1917, time.November, 7, flashback.Gregorian)},
		{"CalendarReform", day(1582, time.October, 5, flashback.Julian), day(1582, time.October, 15, flashback.Gregorian)},
		{"JulianLeapDay1900", day(1900, time.February, 29, flashback.Julian), day(1900, time.March, 13, flashback.Gregorian)},
		{"NewYearCrossing", day(1700, time.December, 25, flashback.Julian), day(1701, time.January, 5, flashback.Gregorian)},
		{"IdesOfMarch44BC", day(-43, time.March, 15, flashback.Julian), day(-43, time.March, 13, flashback.Gregorian)},
		{"YearOneJulian", day(1, time.January, 1, flashback.Julian), day(0, time.December, 30, flashback.Gregorian)},
		{"DeepPast", day(-4712, time.January, 1, flashback.Julian), day(-4713, time.November, 24, flashback.Gregorian)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.from.In(flashback.Gregorian); got != tt.to {
				t.Errorf("%v in Gregorian = %+v, want %+v", tt.from, got, tt.to)
			}
			if got := tt.to.In(flashback.Julian); got != tt.from {
				t.Errorf("%v in Julian = %+v, want %+v", tt.to, got, tt.from)
			}
		})
	}
}

func TestHistDate_Validate(t *testing.T) {
	tests := []struct {
		name string
		date flashback.HistDate
		ok   bool
	}{
		{"OK", day(1929, time.January, 31, flashback.Gregorian), true},
		{"LeapDayGregorian2000", day(2000, time.February, 29, flashback.Gregorian), true},
		{"NoLeapDayGregorian1900", day(1900, time.February, 29, flashback.Gregorian), false},
		{"LeapDayJulian1900", day(1900, time.February, 29, flashback.Julian), true},
		{"LeapDay1BC", day(0, time.February, 29, flashback.Julian), true},
		{"February30", day(2024, time.February, 30, flashback.Gregorian), false},
		{"April31", day(2024, time.April, 31, flashback.Gregorian), false},
		{"Month13", day(2024, 13, 1, flashback.Gregorian), false},
		{"Day0", day(2024, time.May, 0, flashback.Gregorian), false},
		{"YearTooFar", day(10000, time.May, 1, flashback.Gregorian), false},
		{"YearPrecision", flashback.HistDate{Year: -43, Precision: flashback.PrecisionYear}, true},
		{"YearPrecisionWithMonth", flashback.HistDate{Year: 1, Month: 1, Precision: flashback.PrecisionYear}, false},
		{"MonthPrecision", flashback.HistDate{Year: 1929, Month: time.June, Precision: flashback.PrecisionMonth}, true},
		{"MonthPrecisionWithDay", flashback.HistDate{Year: 1929, Month: time.June, Day: 3, Precision: flashback.PrecisionMonth}, false},
		{"MonthDayObservance", flashback.HistDate{Month: time.February, Day: 29, Precision: flashback.PrecisionMonthDay}, true},
		{"MonthDayWithYear", flashback.HistDate{Year: 5, Month: time.May, Day: 1, Precision: flashback.PrecisionMonthDay}, false},
		{"UnknownCalendar", flashback.HistDate{Year: 5, Month: time.May, Day: 1, Calendar: 7}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.date.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate(%+v) = %v, want ok=%v", tt.date, err, tt.ok)
			}
			if err != nil && flashback.ErrorCode(err) != flashback.EINVALID {
				t.Errorf("code = %q, want %q", flashback.ErrorCode(err), flashback.EINVALID)
			}
		})
	}
}

func TestFormatYearAndString(t *testing.T) {
	tests := []struct {
		name string
		date flashback.HistDate
		want string
		line string
	}{
		{"Modern", day(1929, time.January, 31, flashback.Gregorian), "31 January 1929", "Thursday, 31 January 1929"},
		{"Caesar", day(-43, time.March, 15, flashback.Julian), "15 March 44 BC", "Wednesday, 15 March 44 BC (Julian calendar; 13 March 44 BC in the Gregorian calendar)"},
		{"OneBC", flashback.HistDate{Year: 0, Precision: flashback.PrecisionYear}, "1 BC", "1 BC"},
		{"Vesuvius", flashback.HistDate{Year: 79, Precision: flashback.PrecisionYear}, "AD 79", "AD 79"},
		{"MonthOnly", flashback.HistDate{Year: 1066, Month: time.October, Precision: flashback.PrecisionMonth}, "October 1066", "October 1066"},
		{"Observance", flashback.HistDate{Month: time.July, Day: 4, Precision: flashback.PrecisionMonthDay}, "4 July", "4 July"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.date.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := tt.date.DateLine(); got != tt.line {
				t.Errorf("DateLine() = %q, want %q", got, tt.line)
			}
		})
	}
}

func TestHistDate_YearsAgo(t *testing.T) {
	tests := []struct {
		name  string
		date  flashback.HistDate
		today flashback.CivilDate
		want  int
	}{
		{"Anniversary", day(1929, time.January, 31, flashback.Gregorian), civil(2026, time.January, 31), 97},
		{"DayBefore", day(1929, time.January, 31, flashback.Gregorian), civil(2026, time.January, 30), 96},
		{"AcrossEra", day(-43, time.March, 15, flashback.Julian), civil(2026, time.March, 15), 2069},
		{"OneBCToAD1", flashback.HistDate{Year: 0, Precision: flashback.PrecisionYear}, civil(1, time.June, 1), 1},
		{"LeapDayInCommonYear", day(2000, time.February, 29, flashback.Gregorian), civil(2025, time.February, 28), 24},
		{"LeapDayNextMarch", day(2000, time.February, 29, flashback.Gregorian), civil(2025, time.March, 1), 25},
		{"MonthPrecision", flashback.HistDate{Year: 1926, Month: time.June, Precision: flashback.PrecisionMonth}, civil(2026, time.June, 1), 100},
		{"NoYear", flashback.HistDate{Month: time.July, Day: 4, Precision: flashback.PrecisionMonthDay}, civil(2026, time.July, 4), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.date.YearsAgo(tt.today); got != tt.want {
				t.Errorf("YearsAgo = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestIsRoundAnniversary(t *testing.T) {
	for years, want := range map[int]bool{0: false, 10: true, 20: true, 25: true, 50: true, 97: false, 100: true, 110: false, 125: true, 2069: false, 2075: true, -25: false} {
		if got := flashback.IsRoundAnniversary(years); got != want {
			t.Errorf("IsRoundAnniversary(%d) = %v, want %v", years, got, want)
		}
	}
}

func TestRoundAnniversaryYears(t *testing.T) {
	cases := []struct {
		name          string
		from, to, max int
		want          []int // the oldest years, in order; all of them unless more
		more          bool
	}{
		{"one year", 2026, 2026, 100, []int{1926, 1936, 1946, 1951, 1956, 1966, 1976, 1986, 1996, 2001, 2006, 2016}, false},
		{"two years", 2026, 2027, 30, []int{1996, 1997, 2001, 2002, 2006, 2007, 2016, 2017}, false},
		// Astronomical years: 2050 years before 2026 is year -24, 25 BC;
		// 2025 before it is year 1. Year 0 (1 BC) is 2026 years back, not
		// round.
		{"into BC", 2026, 2026, 2050, []int{-24, 1, 26}, true},
		{"none back", 2026, 2026, 9, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := flashback.RoundAnniversaryYears(c.from, c.to, c.max)
			head := got
			if c.more && len(got) > len(c.want) {
				head = got[:len(c.want)]
			}
			if !slices.Equal(head, c.want) || c.more && len(got) <= len(c.want) {
				t.Errorf("got %v, want %v%s", got, c.want, map[bool]string{true: " and more"}[c.more])
			}
		})
	}
}

func TestMonthDays(t *testing.T) {
	all := flashback.AllMonthDays()
	if len(all) != 366 {
		t.Fatalf("AllMonthDays has %d days, want 366", len(all))
	}
	for i, md := range all {
		if !md.Valid() {
			t.Errorf("%v not valid", md)
		}
		next := all[(i+1)%len(all)]
		if md.Next() != next || next.Prev() != md {
			t.Errorf("Next/Prev around %v broken", md)
		}
	}
	for _, md := range []flashback.MonthDay{{time.February, 30}, {time.April, 31}, {0, 1}, {13, 1}, {time.May, 0}} {
		if md.Valid() {
			t.Errorf("%v should be invalid", md)
		}
	}
}

func TestShownOn(t *testing.T) {
	feb28 := flashback.MonthDay{Month: time.February, Day: 28}
	if got := flashback.ShownOn(feb28, 2025); len(got) != 2 || got[1] != (flashback.MonthDay{Month: time.February, Day: 29}) {
		t.Errorf("common year: ShownOn(Feb 28) = %v, want Feb 28 and Feb 29", got)
	}
	if got := flashback.ShownOn(feb28, 2024); len(got) != 1 {
		t.Errorf("leap year: ShownOn(Feb 28) = %v, want only Feb 28", got)
	}
	if got := flashback.ShownOn(feb28, 2100); len(got) != 2 {
		t.Errorf("2100 is a common year: ShownOn(Feb 28) = %v", got)
	}
	feb29 := flashback.MonthDay{Month: time.February, Day: 29}
	if got := flashback.ShownOn(feb29, 2025); len(got) != 1 || got[0] != feb29 {
		t.Errorf("ShownOn(Feb 29) = %v", got)
	}
}

func TestCivilDateOf_MidnightBoundaries(t *testing.T) {
	la, _ := time.LoadLocation("America/Los_Angeles")
	kiri, _ := time.LoadLocation("Pacific/Kiritimati")
	now := time.Date(2026, time.January, 30, 23, 30, 0, 0, la) // 07:30 UTC on the 31st
	if got := flashback.CivilDateOf(now, la); got != civil(2026, time.January, 30) {
		t.Errorf("Los Angeles: %v, want 2026-01-30", got)
	}
	if got := flashback.CivilDateOf(now, time.UTC); got != civil(2026, time.January, 31) {
		t.Errorf("UTC: %v, want 2026-01-31", got)
	}
	now = time.Date(2026, time.January, 30, 10, 30, 0, 0, time.UTC) // 00:30 on the 31st in Kiritimati
	if got := flashback.CivilDateOf(now, kiri); got != civil(2026, time.January, 31) {
		t.Errorf("Kiritimati: %v, want 2026-01-31", got)
	}
}

func TestParseMonth(t *testing.T) {
	for in, want := range map[string]time.Month{"january": 1, "JANUARY": 1, "jan": 1, "1": 1, "01": 1, "Sept": 9, "12": 12} {
		if got, err := flashback.ParseMonth(in); err != nil || got != want {
			t.Errorf("ParseMonth(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "ja", "13", "0", "smarch", "-1"} {
		if _, err := flashback.ParseMonth(in); err == nil {
			t.Errorf("ParseMonth(%q) succeeded, want error", in)
		}
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"The Soviet Union exiles Leon Trotsky": "the-soviet-union-exiles-leon-trotsky",
		"Pelé scores his 1,000th goal!":        "pele-scores-his-1-000th-goal",
		"<script>alert(1)</script>":            "script-alert-1-script",
		"   ":                                  "event",
		"日本":                                   "event",
		// Cut after the last whole word within 80 characters.
		"The first passenger railway opens between Liverpool and Manchester with its first train running on time": "the-first-passenger-railway-opens-between-liverpool-and-manchester-with-its",
		// Letters that decompose lose their marks; those that do not are
		// spelled out; a mark is no word break.
		"Łódź, Kraków and Þórr meet Đorđe in İstanbul": "lodz-krakow-and-thorr-meet-dorde-in-istanbul",
		"Ørsted’s Ångström":                            "orsted-s-angstrom",
		// Folded letters count too.
		strings.Repeat("æ", 50):             "" + strings.Repeat("ae", 40),
		strings.Repeat("word ", 15) + "end": "word-word-word-word-word-word-word-word-word-word-word-word-word-word-word-end",
	} {
		if len(want) > 80 {
			t.Fatalf("the case %q wants a slug of %d characters", in, len(want))
		}
		if got := flashback.Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func civil(y int, m time.Month, d int) flashback.CivilDate {
	return flashback.CivilDate{Year: y, Month: m, Day: d}
}

func TestHistDate_ISO8601(t *testing.T) {
	tests := []struct {
		name string
		date flashback.HistDate
		want string
	}{
		{"Day", flashback.HistDate{Year: 1929, Month: time.January, Day: 31}, "1929-01-31"},
		{"EarlyAD", flashback.HistDate{Year: 79, Month: time.August, Day: 24}, "0079-08-24"},
		{"JulianToGregorian", flashback.HistDate{Year: 1917, Month: time.October, Day: 25, Calendar: flashback.Julian}, "1917-11-07"},
		{"BCAstronomical", flashback.HistDate{Year: -43, Month: time.March, Day: 15, Calendar: flashback.Julian}, "-0043-03-13"},
		{"OneBCIsYearZero", flashback.HistDate{Year: 0, Precision: flashback.PrecisionYear}, "0000"},
		{"Month", flashback.HistDate{Year: 1929, Month: time.October, Precision: flashback.PrecisionMonth}, "1929-10"},
		{"Year", flashback.HistDate{Year: -490, Precision: flashback.PrecisionYear}, "-0490"},
		{"Yearless", flashback.HistDate{Month: time.January, Day: 31, Precision: flashback.PrecisionMonthDay}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.date.ISO8601(); got != tt.want {
				t.Errorf("ISO8601() = %q, want %q", got, tt.want)
			}
		})
	}
}

// An event's date has begun when its first day is not after today; today
// is taken as late as it is anywhere (UTC+14), so that no living reader's
// date is refused.
func TestHistDate_BeginsAfter(t *testing.T) {
	today := civil(2026, time.December, 3)
	tests := []struct {
		name string
		date flashback.HistDate
		want bool
	}{
		{"Today", flashback.HistDate{Year: 2026, Month: time.December, Day: 3, Precision: flashback.PrecisionDay}, false},
		{"Tomorrow", flashback.HistDate{Year: 2026, Month: time.December, Day: 4, Precision: flashback.PrecisionDay}, true},
		{"ThisMonth", flashback.HistDate{Year: 2026, Month: time.December, Precision: flashback.PrecisionMonth}, false},
		{"NextYear", flashback.HistDate{Year: 2027, Precision: flashback.PrecisionYear}, true},
		{"ThisYear", flashback.HistDate{Year: 2026, Precision: flashback.PrecisionYear}, false},
		{"FarFuture", flashback.HistDate{Year: 3000, Month: time.March, Day: 15, Precision: flashback.PrecisionDay}, true},
		{"BC", flashback.HistDate{Year: -43, Month: time.March, Day: 15, Precision: flashback.PrecisionDay, Calendar: flashback.Julian}, false},
		// 21 November 2026 in the Julian calendar is 4 December Gregorian.
		{"JulianTomorrow", flashback.HistDate{Year: 2026, Month: time.November, Day: 21, Precision: flashback.PrecisionDay, Calendar: flashback.Julian}, true},
		{"JulianToday", flashback.HistDate{Year: 2026, Month: time.November, Day: 20, Precision: flashback.PrecisionDay, Calendar: flashback.Julian}, false},
		{"NoYear", flashback.HistDate{Month: time.December, Day: 31, Precision: flashback.PrecisionMonthDay}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.date.BeginsAfter(today); got != tt.want {
				t.Errorf("%v.BeginsAfter(%v) = %v, want %v", tt.date, today, got, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		name string
		now  time.Time
		want flashback.CivilDate
	}{
		{"UTCMorning", time.Date(2026, time.December, 3, 9, 0, 0, 0, time.UTC), civil(2026, time.December, 3)},
		{"AlreadyTomorrowInKiribati", time.Date(2026, time.December, 3, 10, 0, 0, 0, time.UTC), civil(2026, time.December, 4)},
	} {
		t.Run("LatestDate/"+tt.name, func(t *testing.T) {
			if got := flashback.LatestDate(tt.now); got != tt.want {
				t.Errorf("LatestDate(%v) = %v, want %v", tt.now, got, tt.want)
			}
		})
	}
}

// The dates some reader lives now span UTC-12 to UTC+14: two, or three
// when those zones are two dates apart.
func TestDatesNow(t *testing.T) {
	tests := []struct {
		name string
		now  time.Time
		want []flashback.CivilDate
	}{
		{"MidnightUTC", time.Date(2026, time.December, 3, 0, 0, 0, 0, time.UTC),
			[]flashback.CivilDate{civil(2026, time.December, 2), civil(2026, time.December, 3)}},
		{"ThreeDates", time.Date(2026, time.December, 3, 11, 30, 0, 0, time.UTC),
			[]flashback.CivilDate{civil(2026, time.December, 2), civil(2026, time.December, 3), civil(2026, time.December, 4)}},
		{"AcrossTheYear", time.Date(2026, time.December, 31, 20, 0, 0, 0, time.UTC),
			[]flashback.CivilDate{civil(2026, time.December, 31), civil(2027, time.January, 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := flashback.DatesNow(tt.now); !slices.Equal(got, tt.want) {
				t.Errorf("DatesNow(%v) = %v, want %v", tt.now, got, tt.want)
			}
		})
	}
}

func TestYearsAgoText(t *testing.T) {
	for n, want := range map[int]string{0: "This year", 1: "1 year ago", 2: "2 years ago", 2069: "2069 years ago"} {
		if got := flashback.YearsAgoText(n); got != want {
			t.Errorf("YearsAgoText(%d) = %q, want %q", n, got, want)
		}
	}
}
