package flashback

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// SearchTerm is one thing every hit must contain: a word, or a phrase of
// words in a row.
type SearchTerm struct {
	Words []string // lower case, as typed otherwise; only letters and digits
	// Prefix lets the last word match longer words it starts.
	Prefix bool
}

// minPrefixRunes is the shortest word matched as a prefix: "a" or "th"
// would match a large part of any corpus and mean little.
const minPrefixRunes = 3

// ParseSearch turns what a reader typed into terms. Double quotes
// (typographic ones too, see isQuote) make a phrase (an unclosed quote runs to the end); a star after a word, or
// being the last word outside quotes, makes it a prefix. Everything that
// is not a letter or digit only separates words, so no input is an error
// and no store ever sees an operator. At most MaxSearchTerms terms and
// words per phrase are kept; repeated terms count once. A stop word (see
// stopWords) outside quotes and without a star is left out when the query
// has a term that is not one.
func ParseSearch(text string) []SearchTerm {
	var terms []SearchTerm
	var stops []bool // stops[i]: terms[i] is a bare stop word
	seen := map[string]bool{}
	add := func(t SearchTerm, stop bool) {
		key := strings.Join(t.Words, " ")
		if len(t.Words) == 0 || len(terms) == MaxSearchTerms || seen[key] {
			return
		}
		seen[key] = true
		terms, stops = append(terms, t), append(stops, stop)
	}
	var phrase []string
	quoted, lastBare := false, -1
	for _, tok := range tokenize(text) {
		if tok.quote {
			if quoted {
				add(SearchTerm{Words: phrase}, false)
				phrase = nil
			}
			quoted = !quoted
			continue
		}
		word := strings.ToLower(tok.text)
		switch {
		case quoted && len(phrase) < MaxSearchTerms:
			phrase = append(phrase, word)
		case !quoted:
			before := len(terms)
			add(SearchTerm{Words: []string{word}, Prefix: tok.star && prefixable(word)}, !tok.star && stopWords[word])
			if len(terms) > before {
				lastBare = len(terms) - 1
			}
		}
	}
	add(SearchTerm{Words: phrase}, false)
	if lastBare >= 0 && lastBare == len(terms)-1 && prefixable(terms[lastBare].Words[0]) {
		terms[lastBare].Prefix = true
	}
	return withoutStopWords(terms, stops)
}

// stopWords are the English words that say little of what an event is
// about and stand in a large share of all of them ("the" in a fifth of the
// headlines of a generated million, "in" in half). Required beside a rarer
// word, one makes the full-text index walk its long list between the
// rarer word's matches (FTS5 steps through a page entry by entry), which
// made "the b" the costliest search of the benchmark's mix; ranked, it
// would weigh as much as the word it stands beside. So, as most search
// engines do, a query leaves them out when it has another term. Alone
// ("the", "of the") they are searched as typed, and in quotes they are
// part of the phrase ("battle of"). Words that are also names or titles
// ("a" of "Vitamin A", "it", "be") are not among them.
var stopWords = map[string]bool{
	"an": true, "and": true, "as": true, "at": true, "by": true, "for": true,
	"from": true, "in": true, "is": true, "of": true, "on": true, "or": true,
	"the": true, "to": true, "was": true, "with": true,
}

// withoutStopWords returns terms without those stops marks, unless that
// would leave none.
func withoutStopWords(terms []SearchTerm, stops []bool) []SearchTerm {
	kept := terms[:0:0]
	for i, t := range terms {
		if !stops[i] {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		return terms
	}
	return kept
}

func prefixable(word string) bool { return utf8.RuneCountInString(word) >= minPrefixRunes }

// token is a word of a query, or one of its double quotes.
type token struct {
	text  string
	quote bool
	star  bool // the word is followed directly by "*"
}

func tokenize(text string) []token {
	var out []token
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isQuote(r):
			out = append(out, token{quote: true})
			i += size
		case isWordRune(r):
			end, _ := wordEnd(text, i)
			// A run of combining marks alone is no word to any index.
			if strings.IndexFunc(text[i:end], isLetterOrDigit) >= 0 {
				out = append(out, token{text: text[i:end], star: strings.HasPrefix(text[end:], "*")})
			}
			i = end
		default:
			i += size
		}
	}
	return out
}

// isQuote tells the double quotes that open or close a phrase: the
// typewriter's, and the typographic ones a phone's keyboard or a pasted
// text gives (“…”, „…“, «…»).
func isQuote(r rune) bool {
	switch r {
	case '"', '\u201C', '\u201D', '\u201E', '\u00AB', '\u00BB':
		return true
	}
	return false
}

// isWordRune tells the characters words are made of, as full-text indexes
// see them: letters, digits and the combining marks of accented letters.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordEnd returns where the word starting at i ends, and whether it is
// all ASCII.
func wordEnd(text string, i int) (end int, ascii bool) {
	ascii = true
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if !isASCIIWordByte(c) {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			break
		}
		i, ascii = i+size, false
	}
	return i, ascii
}

// foldWord is the form in which words are compared: lower case, combining
// marks dropped, accented Latin letters plain and the letters
// FoldSearchText spells out spelled so ("Müller" becomes "muller",
// "Straße" "strasse"), as the full-text indexes compare them.
func foldWord(w string) string {
	if isFoldedASCII(w) {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range norm.NFD.String(strings.ToLower(w)) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if f, ok := searchLetters[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isFoldedASCII reports whether w is lower-case ASCII already, as most
// words are: folding it would only copy it.
func isFoldedASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
