package conflict

import (
	"strings"
	"unicode"
)

// sentenceCase rewrites a headline whose capitals say nothing, one in
// capitals throughout ("FIRST PUBLIC BATH OPENED IN N.Y.") or with every
// word capitalised, small ones too ("First Public Bath Opened In N.Y."), as
// a sentence: its first letter capital, the rest lower case but for the
// words written in capitals in a title-cased one (acronyms: "NASA",
// "N.Y."). The reading
// takes capitals for names and a capitalised ordinal for part of one ("First
// Vatican Council"): read as written, such a headline is all names, says
// nothing happened and starts with a numbered name, and was never taken for
// the same event told in a sentence. Any other headline is returned as it
// is.
func sentenceCase(text string) string {
	words := strings.Fields(text)
	var capitalised, lower, cased int
	minorCapitalised := false
	for i, w := range words {
		first := firstLetter(w)
		if first == 0 {
			continue
		}
		switch {
		case unicode.IsUpper(first):
			capitalised++
			minorCapitalised = minorCapitalised || (i > 0 && minorWords[strings.ToLower(strings.Trim(w, ",.;:"))])
		case unicode.IsLower(first) && !minorWords[strings.ToLower(w)]:
			lower++
		}
		if strings.IndexFunc(w, unicode.IsLower) >= 0 {
			cased++
		}
	}
	shouted := cased == 0 && capitalised >= 2
	// A headline of names alone ("Coronation of Queen Elizabeth II at
	// Westminster Abbey") capitalises every word that counts too; a title
	// gives itself away by capitalising the small words as well ("Opened
	// In", "Lands On The Moon").
	titled := lower == 0 && capitalised >= 3 && minorCapitalised
	if !shouted && !titled {
		return text
	}
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if titled && !shouted && strings.IndexFunc(w, unicode.IsLower) < 0 {
			b.WriteString(w) // an acronym in a title
			continue
		}
		w = strings.ToLower(w)
		if i == 0 {
			r := []rune(w)
			for j, c := range r {
				if unicode.IsLetter(c) {
					r[j] = unicode.ToUpper(c)
					break
				}
			}
			w = string(r)
		}
		b.WriteString(w)
	}
	return b.String()
}

func firstLetter(w string) rune {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return r
		}
	}
	return 0
}

// minorWords are those a title leaves in lower case ("Battle of the
// Bulge"): they tell nothing of how it is cased.
var minorWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "in": true, "on": true, "at": true, "to": true,
	"for": true, "and": true, "or": true, "by": true, "with": true, "from": true, "as": true, "de": true,
	"von": true, "van": true, "der": true, "la": true, "le": true, "du": true, "del": true, "da": true,
}
