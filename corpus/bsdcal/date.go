package bsdcal

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"flashback"
)

// parseDate reads the date column of a calendar line: "01/31", "1/31",
// "Jan 31", "January 31", "31 Jan". It returns a reason instead when the
// date recurs without a fixed day of the year (Easter-2, 05/SunSecond, */15,
// 03/20*) or names no day that exists.
func parseDate(s string) (flashback.MonthDay, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return flashback.MonthDay{}, "the line has no date"
	}
	if reason := movable(s); reason != "" {
		return flashback.MonthDay{}, reason
	}
	variable := len(s) > 1 && strings.HasSuffix(s, "*")
	s = strings.TrimSuffix(s, "*")
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ' ' })
	if len(fields) != 2 {
		return flashback.MonthDay{}, fmt.Sprintf("cannot read the date %q", s)
	}
	md, reason := monthDay(fields[0], fields[1])
	if reason == "" && variable {
		reason = "the date varies from year to year (marked with *)"
	}
	return md, reason
}

// movable explains dates that are reckoned anew each year from Easter, the
// moon or the sun; "" for anything else.
func movable(s string) string {
	low := strings.ToLower(s)
	switch {
	case strings.HasPrefix(low, "easter"), strings.HasPrefix(low, "paskha"):
		return "the date moves with Easter"
	case strings.HasPrefix(low, "chinesenewyear"), strings.HasPrefix(low, "newmoon"),
		strings.HasPrefix(low, "fullmoon"):
		return "the date follows the moon"
	case strings.Contains(low, "equinox"), strings.Contains(low, "solstice"):
		return "the date follows the sun"
	case strings.HasPrefix(low, "advent"):
		return "the date moves with Christmas Sunday"
	}
	return ""
}

// monthDay reads the two parts of a date in either order.
func monthDay(a, b string) (flashback.MonthDay, string) {
	if a == "*" || b == "*" {
		return flashback.MonthDay{}, "the entry recurs every month"
	}
	if isWeekday(a) || isWeekday(b) {
		return flashback.MonthDay{}, "the date is a weekday that changes from year to year"
	}
	monthText, dayText := a, b
	if isNumber(a) && !isNumber(b) {
		monthText, dayText = b, a // "31 Jan"
	}
	m, day := monthOf(monthText), number(dayText)
	switch {
	case m == 0 && isNumber(monthText):
		return flashback.MonthDay{}, fmt.Sprintf("month %s does not exist", monthText)
	case m == 0 || day < 0:
		return flashback.MonthDay{}, fmt.Sprintf("cannot read the date %q", a+" "+b)
	}
	md := flashback.MonthDay{Month: m, Day: day}
	if !md.Valid() {
		return flashback.MonthDay{}, fmt.Sprintf("%s has no day %d", m, day)
	}
	return md, ""
}

// monthOf reads a month number (1–12) or an English month name or its
// abbreviation; 0 when s is neither.
func monthOf(s string) time.Month {
	if isNumber(s) {
		if n := number(s); n >= 1 && n <= 12 {
			return time.Month(n)
		}
		return 0
	}
	m, err := flashback.ParseMonth(s)
	if err != nil {
		return 0
	}
	return m
}

// isWeekday reports whether s starts with a weekday name, as in "SunFirst",
// "MonLast" or "Wed+3".
func isWeekday(s string) bool {
	low := strings.ToLower(s)
	for _, d := range []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"} {
		if strings.HasPrefix(low, d) {
			return true
		}
	}
	return false
}

// isNumber reports whether s is one or two decimal digits.
func isNumber(s string) bool {
	if len(s) == 0 || len(s) > 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// number returns the value of a one- or two-digit number, or -1.
func number(s string) int {
	if !isNumber(s) {
		return -1
	}
	n, _ := strconv.Atoi(s)
	return n
}
