package accuracy

import (
	"fmt"
	"time"

	"flashback"
)

// checkIntrinsic reports what is wrong with a date whatever the record says:
// a year zero, a day the month does not have, a weekday the date did not
// fall on.
func (d *doc) checkIntrinsic(f *findings, r record, m *mention) {
	if m.zero {
		f.add(m.start, m.end, RuleYearZero, Error,
			"There is no year 0: 1 BC is followed directly by AD 1.")
		return
	}
	if m.day == 0 {
		return
	}
	if msg, bad := impossible(r, m); bad {
		f.add(m.start, m.end, RuleImpossibleDate, Error, msg)
		return
	}
	if m.hasWeekday {
		d.checkWeekday(f, r, m)
	}
}

// calendarsFor lists the calendars a written date may be read in: the one its
// marker names; else the record's own calendar for the record's date; else
// both, since an unmarked date before 1923 may be either.
func calendarsFor(r record, m *mention) []flashback.Calendar {
	switch m.style {
	case styleOld:
		return []flashback.Calendar{flashback.Julian}
	case styleNew:
		return []flashback.Calendar{flashback.Gregorian}
	}
	if r.valid && r.date.Precision == flashback.PrecisionDay {
		for _, f := range r.forms(styleNone) {
			if y, md := compare(m, f); y == cmpEq && md == cmpEq {
				return []flashback.Calendar{f.Calendar}
			}
		}
	}
	if r.valid && r.date.Calendar == flashback.Julian || m.year < 1583 {
		return []flashback.Calendar{flashback.Julian, flashback.Gregorian}
	}
	return []flashback.Calendar{flashback.Gregorian}
}

func impossible(r record, m *mention) (string, bool) {
	if m.day > flashback.DaysIn(2000, m.month, flashback.Gregorian) {
		return fmt.Sprintf("%s has no day %d.", m.month, m.day), true
	}
	if m.month != time.February || m.day != 29 || !m.hasYear {
		return "", false
	}
	cals := calendarsFor(r, m)
	for _, c := range cals {
		if flashback.IsLeapYear(m.year, c) {
			return "", false
		}
	}
	return fmt.Sprintf("%s was not a leap year in the %s calendar, so it had no 29 February.",
		flashback.FormatYear(m.year), calendarName(cals[0])), true
}

// checkWeekday checks a weekday written with a date. A date without a year
// is checked only when it is the record's day, in the record's year.
func (d *doc) checkWeekday(f *findings, r record, m *mention) {
	date := flashback.HistDate{Year: m.year, Month: m.month, Day: m.day, Precision: flashback.PrecisionDay}
	cals := calendarsFor(r, m)
	if !m.hasYear {
		rf, ok := r.sameDay(m)
		if !ok {
			return
		}
		date, cals = rf, []flashback.Calendar{rf.Calendar}
	}
	var first time.Weekday
	for k, c := range cals {
		date.Calendar = c
		wd := date.Weekday()
		if wd == m.weekday {
			return
		}
		if k == 0 {
			first = wd
		}
	}
	date.Calendar = cals[0]
	f.add(m.wdStart, m.wdEnd, RuleWeekdayMismatch, Error, fmt.Sprintf(
		"The text calls %s a %s, but it was a %s%s.", describeDay(date), m.weekday, first, calendarNote(cals)))
}

func describeDay(h flashback.HistDate) string {
	return fmt.Sprintf("%d %s %s", h.Day, h.Month, flashback.FormatYear(h.Year))
}

func calendarNote(cals []flashback.Calendar) string {
	if len(cals) == 1 {
		return " (" + calendarName(cals[0]) + " calendar)"
	}
	return ""
}

func calendarName(c flashback.Calendar) string {
	if c == flashback.Julian {
		return "Julian"
	}
	return "Gregorian"
}

// sameDay returns the record's date in the form whose month and day the
// mention gives, if any.
func (r record) sameDay(m *mention) (flashback.HistDate, bool) {
	if !r.valid || r.date.Precision != flashback.PrecisionDay {
		return flashback.HistDate{}, false
	}
	for _, f := range r.forms(m.style) {
		y, md := compare(m, f)
		if md == cmpEq && m.day != 0 && y != cmpDiff {
			return f, true
		}
	}
	return flashback.HistDate{}, false
}

// checkHeading compares a page heading such as "Flashback to June 17" with
// the day the event is remembered on — the mistake of the page this project
// replaces. A heading is page chrome, not the article, hence a warning.
func (d *doc) checkHeading(f *findings, r record) {
	if !r.date.OnDatePages() {
		return
	}
	for i := range d.ments {
		m := &d.ments[i]
		j := m.firstTok
		if m.sent < 0 || j < 2 || d.sents[m.sent].first != j-2 || m.day == 0 ||
			d.toks[j-2].lower != "flashback" || d.toks[j-1].lower != "to" {
			continue
		}
		if _, ok := r.sameDay(m); ok {
			continue
		}
		f.add(m.start, m.end, RuleDateMismatch, Warning, fmt.Sprintf(
			"The heading says %s %d, but the event is remembered on %s.", m.month, m.day, r.date.MonthDay()))
	}
}
