package conflict

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"flashback"
	"flashback/accuracy/conflict/happening"
	"flashback/accuracy/conflict/numeral"
)

// kind is what a significant word of a headline is, which sets its weight.
type kind uint8

const (
	plainWord  kind = iota
	nameWord        // capitalised: a person, place or thing with a name
	numberWord      // digits other than the event's own year or day
)

func (k kind) weight() float64 {
	if k == plainWord {
		return 1
	}
	return 2 // names and numbers identify an event more than verbs do
}

// word is one significant word: its matching key (folded, lower-case,
// lightly stemmed), the form it was written in and its kind.
type word struct {
	key, surface string
	kind         kind
}

// headline is what the comparison knows of one event's headline.
type headline struct {
	words map[string]word // by key
	kinds happening.Set   // what the headline says happened
	// numbers are the numerals that number a name ("Apollo 11", "Louis
	// XIV", "Second Vatican Council"), as digits.
	numbers map[string]bool
	lead    string // leading run of capitalised words: "franz schubert"
	// subject is the key of the first name, titles aside: in a headline,
	// usually who or what the event befell or did.
	subject string
	// cues are the keys of the words that said what happened, kept out of
	// words: "the armistice" names what "The Armistice of Compiègne" does.
	cues map[string]bool
}

// tells reports whether the headline has the word of key, as a word or a
// cue.
func (h headline) tells(key string) bool {
	_, ok := h.words[key]
	return ok || h.cues[key]
}

// readHeadline extracts the significant words of an event's headline,
// leaving out stop words, the event's own year, month and day, the words
// that say what happened (weighed as kinds instead, one feature a kind),
// and those that only date it by another event ("after the attack on Pearl
// Harbor"). Numerals that number a name become digits, however written. A
// headline cased as a title or in capitals is read as a sentence (see
// sentenceCase).
func readHeadline(e *flashback.Event) headline {
	text := sentenceCase(e.Headline)
	said := happening.Read(text)
	h := headline{words: map[string]word{}, numbers: map[string]bool{}, cues: map[string]bool{}, kinds: said.Kinds}
	own := ownDateWords(e.Date)
	ws := numeral.Words(text)
	h.lead = leadingName(text)
	for k := happening.Launch; h.kinds != 0 && k <= happening.Ending; k++ {
		if h.kinds.Has(k) {
			key := "~" + k.String() // cannot collide with a word
			h.words[key] = word{key: key, surface: k.String(), kind: plainWord}
		}
	}
	for i, w := range ws {
		if w.N > 0 {
			key := strconv.Itoa(w.N)
			h.numbers[key] = true
			h.words[key] = word{key: key, surface: w.Text, kind: numberWord}
			continue
		}
		lower := fold(w.Text)
		if happening.Cue(w.Text, i == 0) || said.Phrases[lower] {
			h.cues[stem(lower)] = true
			continue
		}
		if said.Context[lower] || stopWords[lower] || own[lower] || (len(lower) < 2 && !isDigits(lower)) {
			continue
		}
		k := plainWord
		switch {
		case isDigits(lower):
			k = numberWord
			lower = strings.TrimLeft(lower, "0")
		case unicode.IsUpper([]rune(w.Text)[0]):
			k = nameWord
		}
		key := stem(lower)
		if h.subject == "" && k == nameWord && !titleWords[lower] && !said.Phrases[lower] {
			h.subject = key
		}
		if old, ok := h.words[key]; ok && old.kind >= k {
			continue
		}
		h.words[key] = word{key: key, surface: lower, kind: k}
	}
	return h
}

// fold lower-cases a word and strips its accents, so "Dvořák" and "Dvorak"
// match, as the stores' full-text indexes also do.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// stem removes the commonest English inflections, enough for "delivers",
// "delivered" and "delivering" to meet. Short words are left alone.
func stem(s string) string {
	if isDigits(s) {
		return s
	}
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if strings.HasSuffix(s, suf) && len(s)-len(suf) >= 4 && !strings.HasSuffix(s, "ss") {
			return undouble(strings.TrimSuffix(s, suf))
		}
	}
	return s
}

// undouble drops the consonant that English doubles before "-ed" and
// "-ing" ("dropped", "planning"), keeping the doubles words end in anyway
// ("called", "passed").
func undouble(s string) string {
	n := len(s)
	if n < 2 || s[n-1] != s[n-2] || strings.ContainsRune("aeioulsfz", rune(s[n-1])) {
		return s
	}
	return s[:n-1]
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ownDateWords are the words of an event's own date, which a headline may
// repeat ("…speech, 1947") and which must not count as content: two
// headlines differing only there are the same event with different dates.
func ownDateWords(d flashback.HistDate) map[string]bool {
	own := map[string]bool{}
	if d.HasYear() {
		own[strconv.Itoa(d.Year)] = true
		if d.Year <= 0 {
			own[strconv.Itoa(1-d.Year)] = true // "44" of 44 BC
		}
	}
	if d.Month != 0 {
		name := strings.ToLower(d.Month.String())
		own[name], own[name[:3]] = true, true
	}
	if d.Day != 0 {
		own[strconv.Itoa(d.Day)] = true
	}
	return own
}

// leadingName returns the run of capitalised words and the numerals
// numbering them that a headline starts with, up to the first comma or
// parenthesis, folded and without titles ("King", "Pope"), when it has at
// least two words: in lists of births and deaths that is the person ("Franz
// Schubert, Austrian composer"; "George VI of the United Kingdom" and
// "King George the Sixth" are both "george 6").
func leadingName(text string) string {
	if i := strings.IndexAny(text, ",;:(["); i >= 0 {
		text = text[:i]
	}
	var name []string
	for _, w := range numeral.Words(text) {
		low := fold(w.Text)
		switch {
		case w.N > 0:
			name = append(name, strconv.Itoa(w.N))
			continue
		case particles[low] && len(name) > 0:
			name = append(name, low)
			continue
		case titleWords[low] && len(name) == 0:
			continue
		}
		if !unicode.IsUpper([]rune(w.Text)[0]) || stopWords[low] {
			break
		}
		name = append(name, low)
	}
	for len(name) > 0 && particles[name[len(name)-1]] {
		name = name[:len(name)-1]
	}
	if len(name) < 2 {
		return ""
	}
	return strings.Join(name, " ")
}

// titleWords come before a name without being part of it.
var titleWords = map[string]bool{
	"king": true, "queen": true, "pope": true, "emperor": true, "empress": true, "tsar": true,
	"czar": true, "prince": true, "princess": true, "president": true, "sir": true, "dame": true,
	"saint": true, "st": true, "dr": true, "general": true, "admiral": true, "cardinal": true,
	"lord": true, "lady": true,
}

// particles may sit inside a personal name in lower case.
var particles = map[string]bool{
	"von": true, "van": true, "de": true, "da": true, "di": true, "del": true,
	"der": true, "den": true, "la": true, "le": true, "du": true, "bin": true, "ibn": true,
}

// stopWords carry no identity.
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "in": true, "on": true, "at": true,
	"to": true, "for": true, "by": true, "with": true, "and": true, "or": true, "but": true,
	"his": true, "her": true, "its": true, "their": true, "is": true, "are": true,
	"was": true, "were": true, "be": true, "been": true, "from": true, "as": true,
	"that": true, "this": true, "which": true, "who": true, "after": true, "before": true,
	"during": true, "into": true, "over": true, "under": true, "about": true, "it": true,
	"he": true, "she": true, "they": true, "has": true, "have": true, "had": true,
	"not": true, "upon": true, "than": true, "then": true, "there": true, "also": true,
	"aboard": true, "across": true, "against": true, "along": true, "among": true, "around": true,
	"between": true, "beyond": true, "near": true, "off": true, "onto": true, "through": true,
	"toward": true, "towards": true, "via": true, "within": true, "without": true, "while": true,
	"no": true,                                      // "No. 4": the number may count, the abbreviation does not
	"bc": true, "bce": true, "ad": true, "ce": true, // eras belong to the date
}
