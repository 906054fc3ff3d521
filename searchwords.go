package flashback

import (
	"strings"
	"unicode"
)

// maxFilterWords caps the words of an EventFilter's Query, so that a pasted
// book cannot become a costly query.
const maxFilterWords = 32

// SearchWords returns the words an EventFilter's Query (or a headline
// match) looks for, every one of which an event must contain: each run of
// letters, digits and combining marks. Everything else — quotes, stars,
// operators, punctuation — only separates words, as it looks to a reader,
// so no input can be a syntax error in a store's search language. Only the
// first 32 words count; nil means the input has no word at all.
func SearchWords(input string) []string {
	words := strings.FieldsFunc(input, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
	if len(words) > maxFilterWords {
		words = words[:maxFilterWords]
	}
	return words
}
