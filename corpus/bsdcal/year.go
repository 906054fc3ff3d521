package bsdcal

import (
	"regexp"
	"strconv"
	"strings"
)

// yearPattern matches a year as calendar files write it: "1959", "44BC",
// "323 B.C.", "AD 60", "1066 AD", "c. 1400", "1757?". Groups: 1 circa,
// 2 era before the number, 3 number, 4 era after it, 5 question mark.
const yearPattern = `(?:(c\.|ca\.|circa)\s*)?(?:(AD|A\.D\.)\s*)?(\d{1,4})` +
	`(?:\s*(BCE|B\.C\.E\.|BC|B\.C\.|AD|A\.D\.|CE|C\.E\.))?(\?)?`

// The places a year is found, tried in this order. Each pattern's first
// group is the text before the year.
var (
	// "…, 1959" and "…; 44BC": any number of digits, since Roman dates
	// such as ", 68" are written so.
	yearAfterComma = regexp.MustCompile(`^(.*?)\s*[,;]\s*` + yearPattern + `\s*\.?$`)
	// "… (1966)" and "…, (323BC)".
	yearInParens = regexp.MustCompile(`^(.*?)[,;]?\s*\(\s*` + yearPattern + `\s*\)\s*\.?$`)
	// "… is published. 1936".
	yearAfterPeriod = regexp.MustCompile(`^(.*?\S)\.\s+` + yearPattern + `\s*\.?$`)
	// "…, 1797, first astronomer to map Mars": a year inside the text.
	yearInside = regexp.MustCompile(`,\s+` + yearPattern + `([,;.)]|\s|$)`)
	// "… dies 1934": weakest, so it needs four digits or an era.
	yearAfterWord = regexp.MustCompile(`^(.*?\pL)\s+` + yearPattern + `\s*\.?$`)
)

// prepositions before a bare trailing year mean the year is part of the
// phrase ("founded in 1827", "the Revolution of 1810"), which in these files
// marks an observance rather than the date of the entry itself.
var prepositions = map[string]bool{"in": true, "of": true, "since": true, "from": true, "until": true, "AD": true}

// year is a year read from text.
type year struct {
	value  int // astronomical
	digits int
	era    bool // BC, AD or the like was written
	approx bool
}

// splitYear finds the year of an entry and returns the text without it.
func splitYear(text string) (rest string, value int, ok bool, approx bool) {
	if m := yearAfterComma.FindStringSubmatch(text); m != nil {
		if y, ok := readYear(m[2:]); ok {
			return trimTail(m[1]), y.value, true, y.approx
		}
	}
	if m := yearInParens.FindStringSubmatch(text); m != nil {
		if y, ok := readYear(m[2:]); ok && (y.digits >= 3 || y.era) {
			return trimTail(m[1]), y.value, true, y.approx
		}
	}
	if m := yearAfterPeriod.FindStringSubmatch(text); m != nil {
		if y, ok := readYear(m[2:]); ok && (y.digits >= 3 || y.era) {
			return trimTail(m[1]), y.value, true, y.approx
		}
	}
	if r, y, ok := yearWithin(text); ok {
		return r, y.value, true, y.approx
	}
	if m := yearAfterWord.FindStringSubmatch(text); m != nil {
		fields := strings.Fields(m[1])
		last := fields[len(fields)-1]
		if y, ok := readYear(m[2:]); ok && (y.digits == 4 || y.era) && !prepositions[last] {
			return trimTail(m[1]), y.value, true, y.approx
		}
	}
	return text, 0, false, false
}

// yearWithin finds the first ", YEAR" inside the text that is clearly a
// year (four digits, or a number with an era) and cuts it out.
func yearWithin(text string) (string, year, bool) {
	for _, loc := range yearInside.FindAllStringSubmatchIndex(text, -1) {
		groups := make([]string, 5)
		for i := range groups {
			if s, e := loc[2+2*i], loc[3+2*i]; s >= 0 {
				groups[i] = text[s:e]
			}
		}
		y, ok := readYear(groups)
		if !ok || (y.digits != 4 && !y.era) {
			continue
		}
		// Cut from the comma to the end of the year; keep what follows,
		// including its own punctuation (group 6).
		end := loc[12]
		rest := trimTail(text[:loc[0]]) + text[end:]
		return strings.Join(strings.Fields(rest), " "), y, true
	}
	return "", year{}, false
}

// readYear interprets the groups of yearPattern.
func readYear(g []string) (year, bool) {
	circa, eraBefore, num, eraAfter, question := g[0], g[1], g[2], g[3], g[4]
	n, err := strconv.Atoi(num)
	if err != nil {
		return year{}, false
	}
	y := year{value: n, digits: len(num), approx: circa != "" || question != ""}
	y.era = eraBefore != "" || eraAfter != ""
	if strings.HasPrefix(eraAfter, "B") {
		if eraBefore != "" || n == 0 {
			return year{}, false // "AD 44 BC" or "0 BC" is not a year
		}
		y.value = 1 - n // astronomical: 1 BC is year 0
		return y, true
	}
	if n == 0 {
		return year{}, false // there is no year AD 0
	}
	return y, true
}

// trimTail removes the separators left at the end once the year is cut out.
func trimTail(s string) string {
	return strings.TrimRight(s, " \t,;:")
}
