package api

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"flashback"
)

// monthDay reads the {month}/{day} of a route: one or two digits each
// ("01/31" as Wikimedia's feed writes it, or "1/31"), forming a day of the
// year, 29 February included. The message never repeats the input.
func monthDay(month, day string) (flashback.MonthDay, error) {
	m, okM := smallNumber(month)
	d, okD := smallNumber(day)
	md := flashback.MonthDay{Month: time.Month(m), Day: d}
	if !okM || !okD || !md.Valid() {
		return flashback.MonthDay{}, flashback.Errorf(flashback.EINVALID,
			"The date must be a month and a day of the year as numbers, e.g. 01/31 or 02/29.")
	}
	return md, nil
}

// smallNumber reads one or two ASCII digits; strconv alone would also
// take signs and longer numbers.
func smallNumber(s string) (int, bool) {
	if len(s) < 1 || len(s) > 2 {
		return 0, false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, _ := strconv.Atoi(s)
	return n, true
}

// listType checks a route's {type} against the ones it offers.
func listType(s string, offered []string) (string, error) {
	if !slices.Contains(offered, s) {
		return "", flashback.Errorf(flashback.EINVALID, "The type must be one of: %s.", strings.Join(offered, ", "))
	}
	return s, nil
}

// eventID reads the {id} of an event: a positive whole number.
func eventID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 || len(s) > 19 || s[0] == '+' {
		return 0, flashback.Errorf(flashback.EINVALID, "An event's id is a whole number from 1 up.")
	}
	return id, nil
}
