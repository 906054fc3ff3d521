package conflict

import "flashback"

// disagree reports whether two dates contradict each other on what both
// know. A year-only date agrees with any day of that year, and a date
// without a year with any year on its day. Two day-precision dates agree
// when they are written alike, or when they are the same day written in
// two calendars (25 October 1917 Old Style is 7 November 1917): importers
// label calendars by convention, so written-alike dates are taken as meant
// alike rather than reported as a calendar dispute.
func disagree(a, b flashback.HistDate) bool {
	if a.HasYear() && b.HasYear() && a.Year != b.Year && !sameDay(a, b) {
		return true
	}
	if hasMonth(a) && hasMonth(b) && a.Month != b.Month && !sameDay(a, b) {
		return true
	}
	return hasDay(a) && hasDay(b) && a.Day != b.Day && !sameDay(a, b)
}

// sameDay reports whether two day-precision dates name one day, whatever
// their calendars.
func sameDay(a, b flashback.HistDate) bool {
	return a.Precision == flashback.PrecisionDay && b.Precision == flashback.PrecisionDay && a.JDN() == b.JDN()
}

// hasMonth reports whether d knows its month.
func hasMonth(d flashback.HistDate) bool {
	return d.Precision == flashback.PrecisionDay || d.Precision == flashback.PrecisionMonth ||
		d.Precision == flashback.PrecisionMonthDay
}

func hasDay(d flashback.HistDate) bool { return d.OnDatePages() }
