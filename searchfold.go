package flashback

import (
	"maps"
	"strings"
	"unicode/utf8"
)

// FoldSearchText spells the Latin letters that no accent-stripping can
// reduce ("ß", "æ", "ł", "ø", "þ", the "ﬁ" ligature…) with the plain
// letters a reader types for them ("ss", "ae", "l", "o", "th", "fi") and
// leaves everything else as it is: case and accents are the full-text
// tokenizers' to fold. Both stores index and query text in this form, so
// "strasse" finds "Straße" and "lodz" finds "Łódź" on SQLite as on
// PostgreSQL, whose unaccent rules spell these letters the same way (a
// PostgreSQL test compares every one).
//
// SQLite's indexes hold words folded by it: changing what it folds needs a
// migration that indexes the events again.
func FoldSearchText(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	changed := false
	for j, r := range s[i:] {
		f, ok := searchLetters[r]
		if !ok {
			if changed {
				b.WriteRune(r)
			}
			continue
		}
		if !changed {
			b.Grow(len(s) + 8)
			b.WriteString(s[:i+j])
			changed = true
		}
		b.WriteString(f)
	}
	if !changed {
		return s
	}
	return b.String()
}

// searchLetters maps each letter FoldSearchText spells out, in both cases,
// to its plain lower-case spelling, as PostgreSQL's unaccent does.
var searchLetters = map[rune]string{
	'ß': "ss", 'ẞ': "ss",
	'æ': "ae", 'Æ': "ae",
	'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l",
	'đ': "d", 'Đ': "d",
	'ð': "d", 'Ð': "d",
	'þ': "th", 'Þ': "th",
	'ħ': "h", 'Ħ': "h",
	'ŧ': "t", 'Ŧ': "t",
	'ŀ': "l", 'Ŀ': "l",
	'ŋ': "n", 'Ŋ': "n",
	'ĳ': "ij", 'Ĳ': "ij",
	'ı': "i",
	'ſ': "s",
	'ƒ': "f", 'Ƒ': "f",
	'ƶ': "z", 'Ƶ': "z",
	'ǥ': "g", 'Ǥ': "g",
	'ɨ': "i", 'Ɨ': "i",
	'ǆ': "dz", 'ǅ': "dz", 'Ǆ': "dz",
	'ǉ': "lj", 'ǈ': "lj", 'Ǉ': "lj",
	'ǌ': "nj", 'ǋ': "nj", 'Ǌ': "nj",
	'ﬀ': "ff", 'ﬁ': "fi", 'ﬂ': "fl", 'ﬃ': "ffi", 'ﬄ': "ffl", 'ﬅ': "st", 'ﬆ': "st",
}

// SearchLetters returns a copy of the letters FoldSearchText spells out,
// for the tests that hold each store to the same spelling.
func SearchLetters() map[rune]string {
	return maps.Clone(searchLetters)
}
