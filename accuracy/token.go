package accuracy

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tWord tokKind = iota
	tNum
	tPunct
	tBreak // paragraph break or a Markdown block boundary: ends a sentence
)

// token is one word, number or punctuation mark of the text. Markdown markup
// (emphasis, code ticks, heading hashes, link targets) produces no token, so
// "**January 31**, 1929" reads like plain "January 31, 1929"; offsets still
// point into the original text.
type token struct {
	kind       tokKind
	start, end int    // byte offsets in the text
	lower      string // lower-case text; for numbers, the digits only
	cap        bool   // word starts with an upper-case letter
	upper      bool   // word is all capitals: "BC", "O.S."
	adjacent   bool   // no space or markup between this token and the previous one
	num        int    // value of a number token
	digits     int    // number of digits of a number token
	ordinal    bool   // "31st", "2nd"
	era        string // era glued to a number: "44BC" → "bc"
	bad        bool   // number not usable in a date: "1,000", "3.5", "1920s", "5km"
	para       int    // paragraph index
}

// abbreviations whose trailing period belongs to the word, not the sentence.
var abbreviations = map[string]bool{
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"c": true, "ca": true, "st": true, "mr": true, "mrs": true, "dr": true,
	"gen": true, "col": true, "lt": true, "capt": true, "sgt": true, "rev": true,
	"prof": true, "vs": true, "etc": true, "no": true, "approx": true, "jr": true,
	"sr": true, "b": true, "d": true, "r": true, "fl": true, "cf": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true,
	"thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
}

type tokenizer struct {
	text      string
	i         int
	toks      []token
	para      int
	sawSpace  bool
	lineStart bool
	heading   bool // the current line is a Markdown heading
}

func tokenize(text string) []token {
	z := &tokenizer{text: text, lineStart: true, toks: make([]token, 0, len(text)/5+1)}
	for z.i < len(text) {
		z.step()
	}
	return z.toks
}

func (z *tokenizer) step() {
	r, size := utf8.DecodeRuneInString(z.text[z.i:])
	switch {
	case r == '\n':
		z.newline()
	case unicode.IsSpace(r):
		z.i += size
		z.sawSpace = true
	case z.lineStart && (r == '#' || r == '>' || r == '|'):
		z.heading = z.heading || r == '#'
		z.i += size
		z.sawSpace = true
	case r == '*' || r == '_' || r == '`' || r == '~' || r == '[' || (r == ']' && !strings.HasPrefix(z.text[z.i:], "](")):
		z.i += size
		z.sawSpace = true
	case r == ']' && strings.HasPrefix(z.text[z.i:], "]("):
		z.skipTo(')')
	case r == '<' && z.i+1 < len(z.text) && isTagStart(z.text[z.i+1]):
		z.skipTo('>')
	case hasURLPrefix(z.text[z.i:]):
		z.skipURL()
	case r < utf8.RuneSelf && r >= '0' && r <= '9':
		z.number()
	case unicode.IsLetter(r):
		z.word()
	default:
		z.emit(token{kind: tPunct, start: z.i, end: z.i + size, lower: string(r)})
		z.i += size
	}
	if r != '\n' && !unicode.IsSpace(r) && r != '#' && r != '>' {
		z.lineStart = false
	}
}

// newline handles a line end: a blank line ends a paragraph; a single line
// break inside a paragraph is a space, unless a heading ends or a list, quote
// or heading begins.
func (z *tokenizer) newline() {
	z.i++
	z.sawSpace = true
	j := z.i
	for j < len(z.text) && (z.text[j] == ' ' || z.text[j] == '\t' || z.text[j] == '\r') {
		j++
	}
	blank := j >= len(z.text) || z.text[j] == '\n'
	block := j < len(z.text) && strings.IndexByte("#>-*+|", z.text[j]) >= 0
	if blank || block || z.heading {
		z.breakHere(blank)
	}
	z.heading = false
	z.lineStart = true
}

func (z *tokenizer) breakHere(paragraph bool) {
	if paragraph {
		z.para++
	}
	if n := len(z.toks); n > 0 && z.toks[n-1].kind == tBreak {
		z.toks[n-1].para = z.para
		return
	}
	z.emit(token{kind: tBreak, start: z.i, end: z.i})
}

func (z *tokenizer) emit(t token) {
	t.adjacent = !z.sawSpace && len(z.toks) > 0
	t.para = z.para
	z.toks = append(z.toks, t)
	z.sawSpace = false
}

func (z *tokenizer) skipTo(c byte) {
	k := strings.IndexByte(z.text[z.i:], c)
	if k < 0 {
		z.i = len(z.text)
	} else {
		z.i += k + 1
	}
	z.sawSpace = true
}

func (z *tokenizer) skipURL() {
	for z.i < len(z.text) {
		r, size := utf8.DecodeRuneInString(z.text[z.i:])
		if unicode.IsSpace(r) || r == ')' || r == '>' {
			break
		}
		z.i += size
	}
	z.sawSpace = true
}

func isTagStart(b byte) bool {
	return b == '/' || b == '!' || (b|0x20 >= 'a' && b|0x20 <= 'z')
}

func hasURLPrefix(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") ||
		strings.HasPrefix(s, "www.")
}

// number reads ASCII digits and what is glued to them: digit groups and
// decimals (which disqualify the number), ordinal suffixes and eras.
func (z *tokenizer) number() {
	t := token{kind: tNum, start: z.i}
	j := z.i
	for j < len(z.text) && isDigit(z.text[j]) {
		j++
	}
	t.lower = z.text[z.i:j]
	for j+1 < len(z.text) && (z.text[j] == ',' || z.text[j] == '.') && isDigit(z.text[j+1]) {
		if z.text[j] == ',' && !threeDigits(z.text[j+1:]) {
			break
		}
		t.bad = true
		for j++; j < len(z.text) && isDigit(z.text[j]); j++ {
		}
	}
	k := j
	for k < len(z.text) && (z.text[k]|0x20 >= 'a' && z.text[k]|0x20 <= 'z') {
		k++
	}
	switch suffix := strings.ToLower(z.text[j:k]); suffix {
	case "":
	case "st", "nd", "rd", "th":
		t.ordinal = true
	case "bc", "bce", "ad", "ce":
		t.era = suffix
	default:
		t.bad = true
	}
	t.end = k
	t.digits = len(t.lower)
	if t.digits <= 5 {
		for _, c := range t.lower {
			t.num = t.num*10 + int(c-'0')
		}
	} else {
		t.bad = true
	}
	z.i = k
	z.emit(t)
}

func threeDigits(s string) bool {
	return len(s) >= 3 && isDigit(s[0]) && isDigit(s[1]) && isDigit(s[2]) &&
		(len(s) == 3 || !isDigit(s[3]))
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// word reads letters with inner apostrophes, and dotted abbreviations such as
// "O.S.", "B.C." or "Jan." together with their periods.
func (z *tokenizer) word() {
	start := z.i
	j := z.i
	dotted := false
	for j < len(z.text) {
		r, size := utf8.DecodeRuneInString(z.text[j:])
		if unicode.IsLetter(r) {
			j += size
			continue
		}
		if (r == '\'' || r == '’') && j+size < len(z.text) {
			if n, _ := utf8.DecodeRuneInString(z.text[j+size:]); unicode.IsLetter(n) {
				j += size
				continue
			}
		}
		if r == '.' && j+1 < len(z.text) {
			if n, _ := utf8.DecodeRuneInString(z.text[j+1:]); unicode.IsLetter(n) && isShortSegment(z.text[start:j]) {
				dotted = true
				j++
				continue
			}
		}
		break
	}
	w := strings.ToLower(z.text[start:j])
	if j < len(z.text) && z.text[j] == '.' && (dotted || abbreviations[w]) {
		j++
	}
	first, _ := utf8.DecodeRuneInString(z.text[start:])
	z.i = j
	raw := z.text[start:j]
	z.emit(token{kind: tWord, start: start, end: j, lower: strings.ToLower(raw),
		cap: unicode.IsUpper(first), upper: strings.ToUpper(raw) == raw})
}

// isShortSegment reports whether the last dot-separated part of s is a single
// letter, as in "O" of "O.S." — so that "Jan.31" is not read as one word.
func isShortSegment(s string) bool {
	k := strings.LastIndexByte(s, '.')
	return utf8.RuneCountInString(s[k+1:]) == 1
}
