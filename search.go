package flashback

import (
	"strings"
	"unicode"
)

// MaxSearchTerms caps the words of one search, so that a pasted book cannot
// become a costly query.
const MaxSearchTerms = 32

// SearchTerms returns the words a search for input looks for, every one of
// which an event must contain: each run of letters, digits and combining
// marks. Everything else — quotes, stars, operators, punctuation — only
// separates words, as it looks to a reader, so no input can be a syntax
// error in a store's search language. Only the first MaxSearchTerms words
// count; nil means the input has no word at all.
func SearchTerms(input string) []string {
	words := strings.FieldsFunc(input, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
	if len(words) > MaxSearchTerms {
		words = words[:MaxSearchTerms]
	}
	return words
}
