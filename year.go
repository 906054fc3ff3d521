package flashback

import (
	"strconv"
	"strings"
)

// ParseYear reads a year as people write it: "1929", "AD 79", "79 AD",
// "79 CE", "44 BC", "44 BCE" or "-43" (astronomical), and returns it in
// astronomical numbering. Anything that is not a year from MinYear to
// MaxYear is an EINVALID error whose message does not repeat the input: a
// number too large for an int must not come back as some other number.
func ParseYear(s string) (int, error) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), " "))
	bc := false
	for _, era := range []string{" BCE", " BC", "-BCE", "-BC", "BCE", "BC"} {
		if rest, ok := strings.CutSuffix(s, era); ok {
			s, bc = strings.TrimSpace(rest), true
			break
		}
	}
	if !bc {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(s, "AD "), " AD"), " CE"))
	}
	n, err := strconv.Atoi(s)
	if err != nil && !isInteger(s) {
		return 0, Errorf(EINVALID, "Give the year as a number, e.g. 1929 or 44 BC.")
	}
	if bc {
		if err == nil && n == 0 {
			return 0, Errorf(EINVALID, "There is no year 0 BC: 1 BC is followed by AD 1.")
		}
		n = 1 - n // n < 0 ("-5 BC") falls outside the range below
		if err != nil || n > 0 {
			return 0, errYearRange()
		}
	}
	if err != nil || n < MinYear || n > MaxYear {
		return 0, errYearRange()
	}
	return n, nil
}

// errYearRange says which years there are, without echoing the input.
func errYearRange() error {
	return Errorf(EINVALID, "The year must lie between %s and %s.", FormatYear(MinYear), FormatYear(MaxYear))
}

// isInteger reports whether s is an optional sign and digits, however many:
// what Atoi refuses only for its size.
func isInteger(s string) bool {
	s = strings.TrimLeft(s, "+-")
	return s != "" && strings.Trim(s, "0123456789") == ""
}
