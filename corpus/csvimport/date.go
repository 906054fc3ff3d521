package csvimport

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"flashback"
)

var (
	// isoPattern matches ISO 8601 dates with an astronomical year of at
	// least four digits: 1929-01-31, -0043-03-15, 1929-01, 1929.
	isoPattern = regexp.MustCompile(`^([+-]?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?$`)
	// monthDayPattern matches ISO 8601's date without a year: --03-08.
	monthDayPattern = regexp.MustCompile(`^--(\d{2})-(\d{2})$`)
	// shortYearPattern matches ISO-like dates whose year is too short.
	shortYearPattern = regexp.MustCompile(`^[+-]?\d{1,3}(?:-\d{2}(?:-\d{2})?)?$`)
	// eraPattern matches a year with its era: 44 BC, 44 BCE, AD 79, 79 CE.
	eraPattern = regexp.MustCompile(`(?i)^(?:(ad|ce)\s*(\d+)|(\d+)\s*(bc|bce|ad|ce))$`)
)

// parts is a date as written, before precision and calendar apply. Zero
// month or day means "not given"; hasYear tells a missing year from 1 BC.
type parts struct {
	year       int
	hasYear    bool
	month, day int
}

// shape is the precision the written parts give.
func (p parts) shape() flashback.Precision {
	switch {
	case !p.hasYear:
		return flashback.PrecisionMonthDay
	case p.day != 0:
		return flashback.PrecisionDay
	case p.month != 0:
		return flashback.PrecisionMonth
	}
	return flashback.PrecisionYear
}

// date reads the date of a record from the date column or the year, month
// and day columns, then applies the precision and calendar columns.
func (c columns) date(rec []string) (flashback.HistDate, error) {
	p, err := c.parts(rec)
	if err != nil {
		return flashback.HistDate{}, err
	}
	cal, err := flashback.ParseCalendar(c.get(rec, colCalendar))
	if err != nil {
		return flashback.HistDate{}, err
	}
	prec := p.shape()
	if s := strings.TrimSpace(c.get(rec, colPrecision)); s != "" {
		if prec, err = flashback.ParsePrecision(s); err != nil {
			return flashback.HistDate{}, err
		}
	}
	d, err := coarsen(p, prec)
	if err != nil {
		return flashback.HistDate{}, err
	}
	d.Calendar = cal
	if err := d.Validate(); err != nil {
		return flashback.HistDate{}, err
	}
	return d, nil
}

// parts reads the written date. When both the date column and the year,
// month and day columns are filled in, they must agree.
func (c columns) parts(rec []string) (parts, error) {
	iso := strings.TrimSpace(c.get(rec, colDate))
	y, m, d := c.get(rec, colYear), c.get(rec, colMonth), c.get(rec, colDay)
	separate := strings.TrimSpace(y+m+d) != ""
	switch {
	case iso == "" && !separate:
		return parts{}, flashback.Errorf(flashback.EINVALID, "the row has no date.")
	case iso == "":
		return separateParts(y, m, d)
	}
	p, err := isoParts(iso)
	if err != nil || !separate {
		return p, err
	}
	q, err := separateParts(y, m, d)
	if err != nil {
		return parts{}, err
	}
	if p != q {
		return parts{}, flashback.Errorf(flashback.EINVALID,
			"the date %q and the year, month and day columns disagree; fill in one or the other.", iso)
	}
	return p, nil
}

// isoParts reads the date column.
func isoParts(s string) (parts, error) {
	if m := monthDayPattern.FindStringSubmatch(s); m != nil {
		return parts{month: atoi(m[1]), day: atoi(m[2])}, zeroParts(s, m[1], m[2])
	}
	m := isoPattern.FindStringSubmatch(s)
	if m == nil {
		return parts{}, flashback.Errorf(flashback.EINVALID, "%s", isoHint(s))
	}
	if err := zeroParts(s, m[2], m[3]); err != nil {
		return parts{}, err
	}
	year, err := strconv.Atoi(m[1])
	if err != nil || year < flashback.MinYear || year > flashback.MaxYear {
		return parts{}, flashback.Errorf(flashback.EINVALID, "the year in the date %q is outside the supported range.", cut(s, 40))
	}
	return parts{year: year, hasYear: true, month: atoi(m[2]), day: atoi(m[3])}, nil
}

// zeroParts refuses a month or day written as 00, which would otherwise
// read as "not given" and silently lower the precision.
func zeroParts(s, month, day string) error {
	if month == "00" || day == "00" {
		return flashback.Errorf(flashback.EINVALID, "the date %q has a month or day of 00.", cut(s, 40))
	}
	return nil
}

// isoHint explains why a date column value was refused.
func isoHint(s string) string {
	low := strings.ToLower(s)
	switch {
	case strings.Contains(low, "bc"):
		return fmt.Sprintf("the date %q uses an era; write BC dates astronomically (-0043-03-15 is 15 March 44 BC) or put \"44 BC\" in a year column.", cut(s, 40))
	case shortYearPattern.MatchString(s):
		return fmt.Sprintf("the date %q needs a four-digit year (0079-08-24 for AD 79).", cut(s, 40))
	}
	return fmt.Sprintf("cannot read the date %q: write it as YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD.", cut(s, 40))
}

// separateParts reads the year, month and day columns.
func separateParts(y, m, d string) (parts, error) {
	var p parts
	var err error
	if y = strings.TrimSpace(y); y != "" {
		if p.year, err = parseYear(y); err != nil {
			return parts{}, err
		}
		p.hasYear = true
	}
	if m = strings.TrimSpace(m); m != "" {
		month, err := flashback.ParseMonth(m)
		if err != nil {
			return parts{}, flashback.Errorf(flashback.EINVALID, "the month %q is not a month.", cut(m, 20))
		}
		p.month = int(month)
	}
	if d = strings.TrimSpace(d); d != "" {
		if p.day, err = strconv.Atoi(d); err != nil || p.day < 1 || p.day > 31 {
			return parts{}, flashback.Errorf(flashback.EINVALID, "the day %q is not a day of a month.", cut(d, 20))
		}
	}
	switch {
	case p.day != 0 && p.month == 0:
		return parts{}, flashback.Errorf(flashback.EINVALID, "the row has a day but no month.")
	case !p.hasYear && (p.month == 0 || p.day == 0):
		return parts{}, flashback.Errorf(flashback.EINVALID, "the row has no year; without one it needs both a month and a day.")
	}
	return p, nil
}

// parseYear reads the year column: a signed astronomical number (-43), or
// a historical year with its era (44 BC, AD 79).
func parseYear(s string) (int, error) {
	if m := eraPattern.FindStringSubmatch(s); m != nil {
		digits, era := m[2], strings.ToLower(m[1])
		if digits == "" {
			digits, era = m[3], strings.ToLower(m[4])
		}
		n, err := strconv.Atoi(digits)
		switch {
		case err != nil || n > -flashback.MinYear:
			return 0, flashback.Errorf(flashback.EINVALID, "the year %q is outside the supported range.", cut(s, 20))
		case n == 0:
			return 0, flashback.Errorf(flashback.EINVALID, "the year %q does not exist: 1 BC is followed by AD 1.", cut(s, 20))
		case era == "bc" || era == "bce":
			return 1 - n, nil
		}
		return n, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, flashback.Errorf(flashback.EINVALID, "the year %q is not a number nor a year like \"44 BC\".", cut(s, 20))
	}
	if n < flashback.MinYear || n > flashback.MaxYear {
		return 0, flashback.Errorf(flashback.EINVALID, "the year %q is outside the supported range.", cut(s, 20))
	}
	return n, nil
}

// coarsen applies a precision to the written parts. It may drop parts (a
// full date with precision year keeps the year) but never invent them.
func coarsen(p parts, prec flashback.Precision) (flashback.HistDate, error) {
	shape := p.shape()
	d := flashback.HistDate{Year: p.year, Month: time.Month(p.month), Day: p.day, Precision: prec}
	ok := prec == shape
	switch prec {
	case flashback.PrecisionMonth:
		ok = ok || shape == flashback.PrecisionDay
		d.Day = 0
	case flashback.PrecisionYear:
		ok = ok || shape == flashback.PrecisionDay || shape == flashback.PrecisionMonth
		d.Month, d.Day = 0, 0
	case flashback.PrecisionMonthDay:
		ok = ok || shape == flashback.PrecisionDay
		d.Year = 0
	}
	if !ok {
		return flashback.HistDate{}, flashback.Errorf(flashback.EINVALID,
			"the precision is %s but the date gives %s; precision can only leave parts out.", prec, describe(shape))
	}
	return d, nil
}

func describe(p flashback.Precision) string {
	switch p {
	case flashback.PrecisionMonth:
		return "only a year and month"
	case flashback.PrecisionYear:
		return "only a year"
	case flashback.PrecisionMonthDay:
		return "no year"
	}
	return "a full date"
}

// isoDate writes a date for keys: 1929-01-31, -0043-03-15, 1929-01, 1929,
// --03-08, with "j" appended for the Julian calendar.
func isoDate(d flashback.HistDate) string {
	year := fmt.Sprintf("%04d", d.Year)
	if d.Year < 0 {
		year = fmt.Sprintf("-%04d", -d.Year)
	}
	var s string
	switch d.Precision {
	case flashback.PrecisionYear:
		s = year
	case flashback.PrecisionMonth:
		s = fmt.Sprintf("%s-%02d", year, d.Month)
	case flashback.PrecisionMonthDay:
		s = fmt.Sprintf("--%02d-%02d", d.Month, d.Day)
	default:
		s = fmt.Sprintf("%s-%02d-%02d", year, d.Month, d.Day)
	}
	if d.Calendar == flashback.Julian {
		s += "j"
	}
	return s
}

// atoi reads digits the patterns have already checked; "" is 0.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
