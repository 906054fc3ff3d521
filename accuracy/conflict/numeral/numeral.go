// Package numeral reads the numbers that name things in a headline, however
// they are written: "Apollo 11" and "Apollo XI", "Louis XIV", "Louis 14th"
// and "Louis the Fourteenth", "Vatican II" and "the Second Vatican Council",
// "World War II", "the Second World War" and "WWII" all carry one number,
// so two sources that write them differently still agree on it.
//
// A numeral counts only beside a name it numbers: after a capitalised word
// ("Apollo 11", "Henry V"), or, for an ordinal, before one ("Second Vatican
// Council", "14th Dalai Lama"). That keeps "I" in "I Want to Hold Your
// Hand", initials ("John V. Atanasoff"), names such as "X-15", counts ("300
// killed") and years from being read as the number of anything. A lone "X"
// after a name is a name of its own too often ("Malcolm X", "Generation X")
// to count without a ruler's title before the name or "of" after it
// ("Pope Pius X", "Charles X of France").
package numeral

import (
	"strconv"
	"strings"
	"unicode"
)

// Word is one word of a text. N is the value of a numeral that numbers a
// name, and 0 for every other word, numbers that number nothing included.
type Word struct {
	Text string
	N    int
}

// Words splits text into words, reading the numerals that number names.
// Words a numeral's wording consumes ("the" of "Louis the Fourteenth") are
// left out; "WWII" becomes "World", "War" and a 2.
func Words(text string) []Word {
	r := reader{toks: tokenize(text)}
	for r.i < len(r.toks) {
		r.step()
	}
	return r.out
}

// reader walks the tokens once, remembering what it emitted so a numeral
// can look back at the name before it.
type reader struct {
	toks []token
	i    int
	out  []Word
}

func (r *reader) step() {
	t := r.toks[r.i]
	if n, ok := worldWar(t.text); ok {
		r.out = append(r.out, Word{Text: "World"}, Word{Text: "War"}, Word{Text: t.text, N: n})
		r.i++
		return
	}
	if r.afterName() {
		if n, w := r.numberAfter(); w > 0 {
			r.emit(w, n)
			return
		}
		// "Louis the Fourteenth": the article belongs to the numeral.
		if strings.EqualFold(t.text, "the") && r.sep(r.i+1) == " " {
			if n, w := ordinalWord(r.toks, r.i+1); w > 0 && isUpper(r.toks[r.i+1].text) {
				r.i++
				r.emit(w, n)
				return
			}
		}
	}
	if n, w := r.ordinalBefore(); w > 0 {
		r.emit(w, n)
		return
	}
	r.emit(1, 0)
}

// emit outputs the next w tokens as one word of value n.
func (r *reader) emit(w, n int) {
	parts := make([]string, w)
	for k := range w {
		parts[k] = r.toks[r.i+k].text
	}
	r.out = append(r.out, Word{Text: strings.Join(parts, "-"), N: n})
	r.i += w
}

// sep is the text between token i and the one before it.
func (r *reader) sep(i int) string {
	if i >= len(r.toks) {
		return ""
	}
	return r.toks[i].before
}

// afterName reports whether the current token directly follows a name: a
// capitalised word, joined to it by one space or a hyphen ("Mercury-Redstone 2").
func (r *reader) afterName() bool {
	if r.i == 0 || len(r.out) == 0 {
		return false
	}
	prev := r.out[len(r.out)-1]
	s := r.sep(r.i)
	return prev.N == 0 && isName(prev.Text) && (s == " " || s == "-")
}

// numberAfter reads a numeral that follows a name, returning its value and
// how many tokens it spans (0 when there is none).
func (r *reader) numberAfter() (n, width int) {
	t := r.toks[r.i]
	if n, ok := digits(t.text); ok {
		return n, 1
	}
	if n, w := ordinalDigits(t.text); w > 0 {
		return n, w
	}
	if n, ok := Roman(t.text); ok {
		if len(t.text) > 1 || r.letterCounts() {
			return n, 1
		}
		return 0, 0
	}
	if !isUpper(t.text) {
		return 0, 0
	}
	if n, w := ordinalWord(r.toks, r.i); w > 0 {
		return n, w
	}
	return cardinalWord(r.toks, r.i)
}

// letterCounts decides whether a one-letter Roman numeral after a name is
// one. "I" and "V" are, unless an initial ("John V. Atanasoff") or the
// start of a hyphenated name ("V-2"). "X" and "L" are names too often.
func (r *reader) letterCounts() bool {
	t := r.toks[r.i]
	if strings.HasPrefix(t.after, ".") && r.i+1 < len(r.toks) || strings.HasPrefix(t.after, "-") || strings.HasPrefix(t.after, "'") {
		return false
	}
	if t.text == "I" || t.text == "V" {
		return true
	}
	return r.regnal()
}

// regnal reports whether the name before the current token is a ruler's:
// a title before it, or "of" and a realm after the numeral.
func (r *reader) regnal() bool {
	if r.i+1 < len(r.toks) && r.toks[r.i].after == " " && r.toks[r.i+1].text == "of" {
		return true
	}
	return len(r.out) >= 2 && titles[strings.ToLower(r.out[len(r.out)-2].Text)]
}

// ordinalBefore reads an ordinal that numbers the name after it ("Second
// Vatican Council", "14th Dalai Lama", "the first Super Bowl"): a spelled
// one is capitalised or follows "the". A capitalised ordinal word opening
// the text is only taken when a name of two words or more follows, since a
// headline's first word is capitalised whatever it is ("First Apple II
// shipped").
func (r *reader) ordinalBefore() (n, width int) {
	t := r.toks[r.i]
	n, w := ordinalDigits(t.text)
	spelled := false
	if w == 0 && (isUpper(t.text) || r.afterThe()) {
		n, w = ordinalWord(r.toks, r.i)
		spelled = true
	}
	next := r.i + w
	if w == 0 || next >= len(r.toks) || r.toks[next].before != " " || !isName(r.toks[next].text) {
		return 0, 0
	}
	if spelled && r.i == 0 && !r.nameRun(next, 2) {
		return 0, 0
	}
	return n, w
}

// afterThe reports whether the current token follows the word "the".
func (r *reader) afterThe() bool {
	return r.i > 0 && r.toks[r.i].before == " " && strings.EqualFold(r.toks[r.i-1].text, "the")
}

// nameRun reports whether k names follow one another from token i.
func (r *reader) nameRun(i, k int) bool {
	for j := i; j < i+k; j++ {
		if j >= len(r.toks) || !isName(r.toks[j].text) || (j > i && r.toks[j].before != " ") {
			return false
		}
		if _, ok := Roman(r.toks[j].text); ok {
			return false
		}
	}
	return true
}

// isName reports whether a word can be a name a numeral numbers: it is
// capitalised, not a numeral itself, and not a word of dates or grammar
// ("July 20", "The 1960s").
func isName(w string) bool {
	if !isUpper(w) || notNames[strings.ToLower(w)] {
		return false
	}
	if _, ok := Roman(w); ok {
		return false
	}
	return true
}

func isUpper(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// digits reads a run of digits short enough to be a name's number.
func digits(w string) (int, bool) {
	if len(w) == 0 || len(w) > 6 {
		return 0, false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(w)
	return n, err == nil && n > 0
}

// ordinalDigits reads "14th", "2nd", "21st".
func ordinalDigits(w string) (n, width int) {
	lw := strings.ToLower(w)
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if d, ok := strings.CutSuffix(lw, suf); ok {
			if n, ok := digits(d); ok {
				return n, 1
			}
		}
	}
	return 0, 0
}

// worldWar reads the abbreviations "WWI", "WWII", "WW1" and "WW2".
func worldWar(w string) (int, bool) {
	rest, ok := strings.CutPrefix(w, "WW")
	if !ok {
		return 0, false
	}
	if n, ok := Roman(rest); ok && n <= 3 {
		return n, true
	}
	if n, ok := digits(rest); ok && n <= 3 {
		return n, true
	}
	return 0, false
}
