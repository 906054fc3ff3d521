package numeral

import "unicode"

// token is a run of letters and digits with the text around it, which
// tells a numeral's neighbours apart ("Apollo 11" from "Apollo, 11").
type token struct {
	text, before, after string
}

// tokenize cuts s into tokens; each token's after is the next one's before.
func tokenize(s string) []token {
	var toks []token
	start, gap := -1, 0
	for i, r := range s {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		switch {
		case inWord && start < 0:
			if n := len(toks); n > 0 {
				toks[n-1].after = s[gap:i]
			}
			toks = append(toks, token{before: s[gap:i]})
			start = i
		case !inWord && start >= 0:
			toks[len(toks)-1].text = s[start:i]
			start, gap = -1, i
		}
	}
	if start >= 0 {
		toks[len(toks)-1].text = s[start:]
	} else if n := len(toks); n > 0 {
		toks[n-1].after = s[gap:]
	}
	return toks
}
