package flashback

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Calendar is the calendar a source used to give a date.
type Calendar uint8

const (
	// Gregorian is the Gregorian calendar, extended backwards before 1582
	// (proleptic) when a source uses it so.
	Gregorian Calendar = iota
	// Julian is the Julian calendar ("Old Style"), used for most dates before
	// 1582 and in some countries until the 20th century.
	Julian
)

func (c Calendar) String() string {
	if c == Julian {
		return "julian"
	}
	return "gregorian"
}

// ParseCalendar reads "gregorian" or "julian" (also "os"/"old style" and
// "ns"/"new style"), case-insensitively. The empty string means Gregorian.
func ParseCalendar(s string) (Calendar, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "gregorian", "ns", "new style":
		return Gregorian, nil
	case "julian", "os", "old style":
		return Julian, nil
	}
	return 0, Errorf(EINVALID, "Unknown calendar %q: use gregorian or julian.", s)
}

// Precision says how much of a date is known.
type Precision uint8

const (
	PrecisionDay Precision = iota
	PrecisionMonth
	PrecisionYear
	// PrecisionMonthDay is a month and day without a year: an observance that
	// recurs every year, or an event whose source did not give the year.
	PrecisionMonthDay
)

func (p Precision) String() string {
	switch p {
	case PrecisionMonth:
		return "month"
	case PrecisionYear:
		return "year"
	case PrecisionMonthDay:
		return "monthday"
	}
	return "day"
}

// ParsePrecision reads "day", "month" or "year"; the empty string means day.
func ParsePrecision(s string) (Precision, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "day":
		return PrecisionDay, nil
	case "month":
		return PrecisionMonth, nil
	case "year":
		return PrecisionYear, nil
	case "monthday":
		return PrecisionMonthDay, nil
	}
	return 0, Errorf(EINVALID, "Unknown precision %q: use day, month, year or monthday.", s)
}

// Year limits accepted for historical dates (astronomical numbering).
const (
	MinYear = -9999
	MaxYear = 9999
)

// HistDate is the date of a historical event as its source gave it.
//
// Year uses astronomical numbering, so arithmetic needs no special case at the
// era boundary: 1 BC is 0, 44 BC is -43. Month and Day are in Calendar; they
// are zero when Precision does not include them. The month and day as given
// are what the event is remembered on: an event is listed on the date pages of
// its own Month and Day, in its own calendar.
type HistDate struct {
	Year      int
	Month     time.Month
	Day       int
	Precision Precision
	Calendar  Calendar
}

// Validate reports whether d names a date that exists in its calendar.
func (d HistDate) Validate() error {
	if d.Year < MinYear || d.Year > MaxYear {
		return errYearRange() // the year itself may be absurd: not shown
	}
	if d.Calendar > Julian {
		return Errorf(EINVALID, "Unknown calendar.")
	}
	switch d.Precision {
	case PrecisionMonthDay:
		if d.Year != 0 {
			return Errorf(EINVALID, "A date without a year must leave the year at zero.")
		}
		if !(MonthDay{d.Month, d.Day}).Valid() {
			return Errorf(EINVALID, "%s has no day %d.", d.Month, d.Day)
		}
	case PrecisionYear:
		if d.Month != 0 || d.Day != 0 {
			return Errorf(EINVALID, "A year-precision date has no month or day.")
		}
	case PrecisionMonth:
		if d.Month < time.January || d.Month > time.December {
			return Errorf(EINVALID, "Month %d does not exist.", d.Month)
		}
		if d.Day != 0 {
			return Errorf(EINVALID, "A month-precision date has no day.")
		}
	case PrecisionDay:
		if d.Month < time.January || d.Month > time.December {
			return Errorf(EINVALID, "Month %d does not exist.", d.Month)
		}
		if n := DaysIn(d.Year, d.Month, d.Calendar); d.Day < 1 || d.Day > n {
			return Errorf(EINVALID, "%s %s has no day %d.", d.Month, FormatYear(d.Year), d.Day)
		}
	default:
		return Errorf(EINVALID, "Unknown precision.")
	}
	return nil
}

// IsLeapYear reports whether the astronomical year is a leap year in cal.
// In the Julian calendar every fourth year is one, 1 BC (year 0) included.
func IsLeapYear(year int, cal Calendar) bool {
	if year%4 != 0 {
		return false
	}
	if cal == Julian {
		return true
	}
	return year%100 != 0 || year%400 == 0
}

// DaysIn returns the number of days of month in year, in cal.
func DaysIn(year int, month time.Month, cal Calendar) int {
	switch month {
	case time.February:
		if IsLeapYear(year, cal) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// BeginsAfter reports whether d's first day (a month's 1st, a year's 1
// January, in d's calendar) comes after the civil date day: an event that
// has not happened yet. A date without a year never does.
func (d HistDate) BeginsAfter(day CivilDate) bool {
	if !d.HasYear() {
		return false
	}
	first := HistDate{Year: d.Year, Month: max(d.Month, time.January), Day: max(d.Day, 1), Calendar: d.Calendar}
	return first.JDN() > jdn(day.Year, day.Month, day.Day, Gregorian)
}

// LatestDate is the date now at the easternmost time zone (UTC+14), the
// latest that is today anywhere: a check that refuses dates after it
// refuses none that some reader is living.
func LatestDate(now time.Time) CivilDate {
	return CivilDateOf(now, time.FixedZone("UTC+14", 14*3600))
}

// DatesNow returns the civil dates that are today somewhere on Earth now,
// from UTC-12 to UTC+14, earliest first: two, or three for the two hours
// a day when the westernmost and easternmost zones are two dates apart.
func DatesNow(now time.Time) []CivilDate {
	first := CivilDateOf(now, time.FixedZone("UTC-12", -12*3600))
	last := LatestDate(now)
	var out []CivilDate
	for d := first; !last.Before(d); d = d.AddDays(1) {
		out = append(out, d)
	}
	return out
}

// JDN returns the Julian Day Number of a day-precision date: a count of days
// shared by every calendar, which makes conversions and weekdays exact.
func (d HistDate) JDN() int {
	return jdn(d.Year, d.Month, d.Day, d.Calendar)
}

// Days per whole cycle of each calendar, used to keep the integer formulas on
// non-negative numbers for very old dates.
const (
	gregorianCycleDays  = 146097 // 400 years
	gregorianCycleYears = 400
	julianCycleDays     = 1461 // 4 years
	julianCycleYears    = 4
)

func jdn(year int, month time.Month, day int, cal Calendar) int {
	// Shift very early years forward by whole cycles, which preserves the
	// day-of-week and leap pattern, then shift the day count back.
	shift := 0
	for year < -4700 {
		if cal == Julian {
			year += julianCycleYears * 1000
			shift += julianCycleDays * 1000
		} else {
			year += gregorianCycleYears * 10
			shift += gregorianCycleDays * 10
		}
	}
	a := (14 - int(month)) / 12
	y := year + 4800 - a
	m := int(month) + 12*a - 3
	n := day + (153*m+2)/5 + 365*y + y/4
	if cal == Julian {
		return n - 32083 - shift
	}
	return n - y/100 + y/400 - 32045 - shift
}

// FromJDN returns the day-precision date of Julian Day Number n in cal.
func FromJDN(n int, cal Calendar) HistDate {
	cycleDays, cycleYears := gregorianCycleDays*10, gregorianCycleYears*10
	if cal == Julian {
		cycleDays, cycleYears = julianCycleDays*1000, julianCycleYears*1000
	}
	back := 0
	for n < 0 {
		n += cycleDays
		back += cycleYears
	}
	// Richards' algorithm (valid for n >= 0).
	f := n + 1401
	if cal == Gregorian {
		f += (((4*n + 274277) / 146097) * 3 / 4) - 38
	}
	e := 4*f + 3
	g := (e % 1461) / 4
	h := 5*g + 2
	day := (h%153)/5 + 1
	month := (h/153+2)%12 + 1
	year := e/1461 - 4716 + (12+2-month)/12
	return HistDate{Year: year - back, Month: time.Month(month), Day: day, Calendar: cal}
}

// In returns d converted to cal. Only day-precision dates convert; others are
// returned as they are, with the calendar unchanged.
func (d HistDate) In(cal Calendar) HistDate {
	if d.Precision != PrecisionDay || d.Calendar == cal {
		return d
	}
	return FromJDN(d.JDN(), cal)
}

// Weekday returns the day of the week of a day-precision date.
func (d HistDate) Weekday() time.Weekday {
	// Floored modulo: JDNs are negative before 4713 BC.
	return time.Weekday(((d.JDN()+1)%7 + 7) % 7)
}

// HasWeekday reports whether the date is precise enough to have a weekday.
func (d HistDate) HasWeekday() bool { return d.Precision == PrecisionDay }

// HasYear reports whether the year is known; only then do "N years ago",
// anniversaries and Gregorian equivalents mean anything.
func (d HistDate) HasYear() bool { return d.Precision != PrecisionMonthDay }

// OnDatePages reports whether the event is remembered on a day of the year,
// i.e. its month and day are both known.
func (d HistDate) OnDatePages() bool {
	return d.Precision == PrecisionDay || d.Precision == PrecisionMonthDay
}

// MonthDay returns the day of the year the date is remembered on.
func (d HistDate) MonthDay() MonthDay { return MonthDay{d.Month, d.Day} }

// YearsAgo returns the number of whole years from d to the civil date today
// (a date in the same calendar as d's month and day are remembered on); 0 when
// the year is unknown. On the
// anniversary itself it is exactly today.Year - d.Year; the astronomical
// numbering makes that right across the BC/AD boundary.
func (d HistDate) YearsAgo(today CivilDate) int {
	if !d.HasYear() {
		return 0
	}
	n := today.Year - d.Year
	if d.Precision == PrecisionYear {
		return n
	}
	if today.Month < d.Month || (d.Precision == PrecisionDay && today.Month == d.Month && today.Day < d.Day) {
		n--
	}
	return n
}

// YearsAgoText says how long ago an event of n years ago was, as every page,
// feed and digest words it: "This year", "1 year ago", "76 years ago".
func YearsAgoText(n int) string {
	switch n {
	case 0:
		return "This year"
	case 1:
		return "1 year ago"
	}
	return strconv.Itoa(n) + " years ago"
}

// IsRoundAnniversary reports whether an anniversary of years is one worth
// flagging: every 25 years, and every 10 for events under a century old.
func IsRoundAnniversary(years int) bool {
	if years <= 0 {
		return false
	}
	return years%25 == 0 || (years < 100 && years%10 == 0)
}

// RoundAnniversaryYears returns the astronomical years, oldest first, of
// the events whose anniversary in some year from from to to is a round one
// (IsRoundAnniversary), going back at most maxYearsAgo years.
func RoundAnniversaryYears(from, to, maxYearsAgo int) []int {
	seen := map[int]bool{}
	var out []int
	for y := from; y <= to; y++ {
		for n := 1; n <= maxYearsAgo; n++ {
			if IsRoundAnniversary(n) && !seen[y-n] {
				seen[y-n] = true
				out = append(out, y-n)
			}
		}
	}
	slices.Sort(out)
	return out
}

// FormatYear writes an astronomical year the way readers expect: 1929,
// "AD 79" for years below 1000, "44 BC" for year -43. There is no year zero
// on screen: astronomical 0 is 1 BC.
func FormatYear(year int) string {
	switch {
	case year <= 0:
		return strconv.Itoa(1-year) + " BC"
	case year < 1000:
		return "AD " + strconv.Itoa(year)
	}
	return strconv.Itoa(year)
}

// String writes the date as given: "31 January 1929", "March 44 BC", "1929".
func (d HistDate) String() string {
	switch d.Precision {
	case PrecisionYear:
		return FormatYear(d.Year)
	case PrecisionMonth:
		return d.Month.String() + " " + FormatYear(d.Year)
	case PrecisionMonthDay:
		return fmt.Sprintf("%d %s", d.Day, d.Month)
	}
	return fmt.Sprintf("%d %s %s", d.Day, d.Month, FormatYear(d.Year))
}

// DateLine writes the date with its weekday and, for a Julian date, its
// Gregorian equivalent: "Thursday, 31 January 1929" or
// "Thursday, 25 October 1917 (Old Style; 7 November 1917 in the Gregorian calendar)".
func (d HistDate) DateLine() string {
	if d.Precision != PrecisionDay {
		return d.String()
	}
	s := d.Weekday().String() + ", " + d.String()
	if d.Calendar == Julian {
		s += " (Julian calendar; " + d.In(Gregorian).String() + " in the Gregorian calendar)"
	}
	return s
}

// MonthDay is a day of the year as date pages know it: 1–31 January,
// 1–29 February, and so on (366 in all).
type MonthDay struct {
	Month time.Month
	Day   int
}

// Valid reports whether md is one of the 366 days of the year.
func (md MonthDay) Valid() bool {
	if md.Month < time.January || md.Month > time.December || md.Day < 1 {
		return false
	}
	return md.Day <= DaysIn(2000, md.Month, Gregorian) // 2000 is a leap year
}

// String writes "January 31".
func (md MonthDay) String() string { return fmt.Sprintf("%s %d", md.Month, md.Day) }

// Slug returns the URL form of the month, e.g. "january".
func MonthSlug(m time.Month) string { return strings.ToLower(m.String()) }

// ParseMonth reads a month name ("january", "Jan") or number ("1", "01").
func ParseMonth(s string) (time.Month, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 12 {
		return time.Month(n), nil
	}
	if len(s) >= 3 {
		for m := time.January; m <= time.December; m++ {
			name := strings.ToLower(m.String())
			if strings.HasPrefix(name, s) {
				return m, nil
			}
		}
	}
	return 0, Errorf(EINVALID, "%q is not a month.", s)
}

// Next returns the following day of the year (December 31 → January 1),
// counting February 29.
func (md MonthDay) Next() MonthDay {
	if md.Day < DaysIn(2000, md.Month, Gregorian) {
		return MonthDay{md.Month, md.Day + 1}
	}
	if md.Month == time.December {
		return MonthDay{time.January, 1}
	}
	return MonthDay{md.Month + 1, 1}
}

// Prev returns the preceding day of the year, counting February 29.
func (md MonthDay) Prev() MonthDay {
	if md.Day > 1 {
		return MonthDay{md.Month, md.Day - 1}
	}
	if md.Month == time.January {
		return MonthDay{time.December, 31}
	}
	return MonthDay{md.Month - 1, DaysIn(2000, md.Month-1, Gregorian)}
}

// AllMonthDays returns the 366 days of the year in order.
func AllMonthDays() []MonthDay {
	days := make([]MonthDay, 0, 366)
	for md := (MonthDay{time.January, 1}); ; md = md.Next() {
		days = append(days, md)
		if md.Month == time.December && md.Day == 31 {
			return days
		}
	}
}

// CivilDate is a calendar date without a time of day, such as "today" for a
// reader in a given time zone.
type CivilDate struct {
	Year  int
	Month time.Month
	Day   int
}

// CivilDateOf returns the civil date of the instant t in loc.
func CivilDateOf(t time.Time, loc *time.Location) CivilDate {
	y, m, d := t.In(loc).Date()
	return CivilDate{y, m, d}
}

// MonthDay returns the day of the year of c.
func (c CivilDate) MonthDay() MonthDay { return MonthDay{c.Month, c.Day} }

// String writes the ISO form, e.g. "2026-01-31".
func (c CivilDate) String() string { return string(c.AppendTo(make([]byte, 0, 10))) }

// AppendTo appends String's form of c to b, as fmt's "%04d-%02d-%02d"
// writes it: choosing the lead of 66 days of a large site formats a date
// for each of its 168,589 candidates, and fmt took a quarter of that.
func (c CivilDate) AppendTo(b []byte) []byte {
	b = appendPadded(b, c.Year, 4)
	b = append(b, '-')
	b = appendPadded(b, int(c.Month), 2)
	b = append(b, '-')
	return appendPadded(b, c.Day, 2)
}

// appendPadded appends n in decimal, zero-padded to width characters
// counting the sign, as fmt's %0*d does.
func appendPadded(b []byte, n, width int) []byte {
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], int64(n), 10)
	if n < 0 {
		b, d = append(b, '-'), d[1:]
		width--
	}
	for i := len(d); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, d...)
}

// ShownOn returns the days whose events a date page for md shows in year:
// md itself, and in a common year also 29 February on the 28th, so that
// leap-day events are remembered every year.
func ShownOn(md MonthDay, year int) []MonthDay {
	if md.Month == time.February && md.Day == 28 && !IsLeapYear(year, Gregorian) {
		return []MonthDay{md, {time.February, 29}}
	}
	return []MonthDay{md}
}

// ISO8601 writes the date as ISO 8601 does, in the proleptic Gregorian
// calendar with astronomical years ("1929-01-31", "-0043-03-13" for a
// Julian 15 March 44 BC, "1929-10" for a month): what machine-readable
// formats such as schema.org expect. A date without a year has no ISO form
// and gives "".
func (d HistDate) ISO8601() string {
	if d.Precision == PrecisionMonthDay {
		return ""
	}
	if d.Precision == PrecisionDay {
		d = d.In(Gregorian)
	}
	y := fmt.Sprintf("%04d", d.Year)
	if d.Year < 0 {
		y = fmt.Sprintf("-%04d", -d.Year)
	}
	switch d.Precision {
	case PrecisionYear:
		return y
	case PrecisionMonth:
		return fmt.Sprintf("%s-%02d", y, int(d.Month))
	}
	return fmt.Sprintf("%s-%02d-%02d", y, int(d.Month), d.Day)
}
