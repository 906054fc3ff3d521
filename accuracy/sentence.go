package accuracy

import (
	"math/bits"
	"strings"
	"unicode/utf8"
)

// sentence is a run of tokens [first, end) ending at a full stop or a block
// boundary.
type sentence struct {
	first, end int
	lead       bool // the article's first real sentence: its date is the event's
	prose      bool // a sentence of running text, not a heading or page chrome
	ref        bool // names the event the way the headline does
}

// splitSentences assigns every token to a sentence. A period ends a sentence
// unless a lower-case word or a comma follows; abbreviations keep their
// periods inside the word token, so "Jan. 31" and "c. 1400" never split.
func splitSentences(toks []token) []sentence {
	var out []sentence
	first := 0
	for i, t := range toks {
		if t.kind == tBreak {
			if i > first {
				out = append(out, sentence{first: first, end: i})
			}
			first = i + 1
			continue
		}
		if t.kind == tPunct && isStop(t.lower) && endsHere(toks, i) {
			out = append(out, sentence{first: first, end: i + 1})
			first = i + 1
		}
	}
	if first < len(toks) {
		out = append(out, sentence{first: first, end: len(toks)})
	}
	return out
}

func isStop(s string) bool { return s == "." || s == "!" || s == "?" || s == "…" }

func endsHere(toks []token, i int) bool {
	for j := i + 1; j < len(toks); j++ {
		n := toks[j]
		switch {
		case n.kind == tPunct && (n.lower == "\"" || n.lower == "”" || n.lower == ")" || n.lower == "’" || isStop(n.lower)):
			continue // closing quote or bracket after the stop
		case n.kind == tPunct && n.lower == ",":
			return false
		case n.kind == tWord && !n.cap:
			return false
		}
		return true
	}
	return true
}

// markLead marks the first prose sentence (ending with a stop and at least
// six words long) as the lead, skipping page chrome such as headings, a lone
// year or "Read more". Text without prose leads with its first sentence.
func markLead(toks []token, ss []sentence) {
	lead := -1
	for k := range ss {
		ss[k].prose = isProse(toks, ss[k])
		if ss[k].prose && lead < 0 {
			lead = k
		}
	}
	if lead < 0 && len(ss) > 0 {
		lead = 0
	}
	if lead >= 0 {
		ss[lead].lead = true
	}
}

func isProse(toks []token, s sentence) bool {
	last := toks[s.end-1]
	if last.kind != tPunct || !isStop(last.lower) {
		return false
	}
	words := 0
	for _, t := range toks[s.first:s.end] {
		if t.kind == tWord || t.kind == tNum {
			words++
		}
	}
	return words >= 6
}

// stopwords are left out when comparing a sentence with the headline.
var stopwords = map[string]bool{
	"the": true, "and": true, "from": true, "with": true, "into": true, "that": true,
	"this": true, "were": true, "was": true, "have": true, "has": true, "his": true,
	"her": true, "their": true, "over": true, "after": true, "before": true,
	"first": true, "becomes": true, "become": true, "became": true, "is": true,
}

// headlineStems returns the content words and numbers of a headline, words
// cut to five letters so that "exiles", "exiled" and "exile" meet.
func headlineStems(headline string) []string {
	var stems []string
	seen := map[string]bool{}
	for _, t := range tokenize(headline) {
		if t.kind == tNum && !t.bad {
			// "Apollo 11": numbers tell similar headlines apart.
			if !seen[t.lower] {
				seen[t.lower] = true
				stems = append(stems, t.lower)
			}
			continue
		}
		if t.kind != tWord || utf8.RuneCountInString(t.lower) < 4 || stopwords[t.lower] {
			continue
		}
		if _, ok := monthOf(t); ok {
			continue
		}
		s := stem(t.lower)
		if !seen[s] {
			seen[s] = true
			stems = append(stems, s)
		}
	}
	return stems
}

func stem(w string) string {
	w = strings.TrimSuffix(w, ".")
	n := 0
	for i := range w {
		if n == 5 {
			return w[:i]
		}
		n++
	}
	return w
}

// markRefs marks sentences that share at least two thirds (and at least two)
// of the headline's content words: they restate the event, so a date given
// there with "on" is a claim about the event's date.
func markRefs(toks []token, ss []sentence, stems []string) {
	for k := range ss {
		ss[k].ref = restates(toks[ss[k].first:ss[k].end], stems)
	}
}

// restates reports whether toks share at least two thirds, and at least two,
// of the headline's stems. Headlines have a handful of stems, so a linear
// search beats building a set for every sentence and clause.
func restates(toks []token, stems []string) bool {
	if len(stems) < 2 {
		return false
	}
	var found uint64 // bit k: stems[k] seen; stems past 64 are never counted
	for _, t := range toks {
		w := t.lower
		switch t.kind {
		case tWord:
			w = stem(w)
		case tNum:
		default:
			continue
		}
		for k, s := range stems {
			if k < 64 && s == w {
				found |= 1 << k
			}
		}
	}
	hits := bits.OnesCount64(found)
	return hits >= 2 && 3*hits >= 2*len(stems)
}
