package sqlite

import (
	"fmt"
	"time"
)

// timeLayout stores instants as fixed-width UTC text, which sorts in time
// order and reads back exactly.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// formatTime writes t in timeLayout. It is written out by hand, as is
// parseTime, because the delivery ledger writes and reads several instants
// per digest, and time.Format and time.Parse, which interpret the layout
// each time, cost several times more than the rest of a row's handling in
// Go. Years outside 0–9999, which the fixed width cannot hold, go the
// general way.
func formatTime(t time.Time) string {
	t = t.UTC()
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return t.Format(timeLayout)
	}
	h, mi, sec := t.Clock()
	b := []byte(timeLayout)
	putDigits(b[0:4], y)
	putDigits(b[5:7], int(mo))
	putDigits(b[8:10], d)
	putDigits(b[11:13], h)
	putDigits(b[14:16], mi)
	putDigits(b[17:19], sec)
	putDigits(b[20:29], t.Nanosecond())
	return string(b)
}

// putDigits writes v into b as len(b) decimal digits.
func putDigits(b []byte, v int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
}

// parseTime reads what formatTime wrote; see there. What the fast path
// does not take goes to time.Parse, for the same result or its error.
func parseTime(s string) (time.Time, error) {
	if t, ok := parseFixed(s); ok {
		return t, nil
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad stored time %q: %w", s, err)
	}
	return t, nil
}

// parseFixed reads s when it is exactly timeLayout's shape and a valid
// instant.
func parseFixed(s string) (time.Time, bool) {
	if len(s) != len(timeLayout) {
		return time.Time{}, false
	}
	for i := range len(timeLayout) {
		isDigit := s[i] >= '0' && s[i] <= '9'
		if l := timeLayout[i]; (l >= '0' && l <= '9') != isDigit || (!isDigit && s[i] != l) {
			return time.Time{}, false
		}
	}
	num := func(from, to int) int {
		v := 0
		for _, c := range s[from:to] {
			v = v*10 + int(c-'0')
		}
		return v
	}
	mo, d, h, mi, sec := num(5, 7), num(8, 10), num(11, 13), num(14, 16), num(17, 19)
	if mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(num(0, 4), time.Month(mo), d, h, mi, sec, num(20, 29), time.UTC)
	if t.Day() != d {
		return time.Time{}, false // past the month's end
	}
	return t, true
}
