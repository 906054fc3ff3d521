package numeral

import "strings"

// Roman reads an upper-case Roman numeral of the letters I, V, X and L,
// 1 to 89, written the canonical way ("XIV", not "XIIII" or "IVX"). C, D
// and M are left out: as capitals they are far more often abbreviations
// ("DC", "MD", "CD") than the numbers of a name.
func Roman(s string) (int, bool) {
	if s == "" || len(s) > 8 {
		return 0, false
	}
	n, prev := 0, 0
	for i := len(s) - 1; i >= 0; i-- {
		v := romanValues[s[i]]
		if v == 0 {
			return 0, false
		}
		if v < prev {
			n -= v
		} else {
			n += v
			prev = v
		}
	}
	if n < 1 || n > 89 || FormatRoman(n) != s {
		return 0, false
	}
	return n, true
}

var romanValues = map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50}

// FormatRoman writes n, 1 to 89, in canonical Roman numerals; it returns
// "" outside that range.
func FormatRoman(n int) string {
	if n < 1 || n > 89 {
		return ""
	}
	var b strings.Builder
	for _, p := range romanParts {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

var romanParts = []struct {
	v int
	s string
}{{50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}}
