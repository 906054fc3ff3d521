package flashback

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Snippet is a piece of text with the words a search matched marked. It
// holds no markup: each encoder (HTML, JSON, plain text) escapes the text
// and marks the spans its own way.
type Snippet struct {
	Text  string
	Marks []Span // byte offsets into Text, ascending and disjoint
}

// Span is the byte range [Start, End) of a Snippet's text.
type Span struct{ Start, End int }

// SnippetPart is a run of a snippet's text, marked or not.
type SnippetPart struct {
	Text   string
	Marked bool
}

// Parts splits the snippet at its marks, in order; joined, they are Text.
func (s Snippet) Parts() []SnippetPart {
	var parts []SnippetPart
	at := 0
	for _, m := range s.Marks {
		if m.Start > at {
			parts = append(parts, SnippetPart{Text: s.Text[at:m.Start]})
		}
		parts = append(parts, SnippetPart{Text: s.Text[m.Start:m.End], Marked: true})
		at = m.End
	}
	if at < len(s.Text) {
		parts = append(parts, SnippetPart{Text: s.Text[at:]})
	}
	return parts
}

// textWord is a word of a text: where it is and the form it is compared
// in. ASCII words keep their case and are compared ignoring it, which
// spares ranking a copy of every capitalised word.
type textWord struct {
	start, end int
	form       string
	ascii      bool
}

func textWords(text string) []textWord {
	// A word and the space after it take six bytes or so in English:
	// room for a word every four bytes spares growing the list.
	return appendWords(make([]textWord, 0, len(text)/4+1), text)
}

// appendWords appends the words of text to out.
func appendWords(out []textWord, text string) []textWord {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf && !isASCIIWordByte(c) {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		end, ascii := wordEnd(text, i)
		w := textWord{start: i, end: end, form: text[i:end], ascii: ascii}
		if !ascii {
			w.form = foldWord(w.form)
		}
		out = append(out, w)
		i = end
	}
	return out
}

func isASCIIWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// is reports whether the word is want, a folded word.
func (w textWord) is(want string) bool {
	if w.ascii {
		return len(w.form) == len(want) && strings.EqualFold(w.form, want)
	}
	return w.form == want
}

// startsWith reports whether the word starts with want, a folded word.
func (w textWord) startsWith(want string) bool {
	if w.ascii {
		return len(w.form) >= len(want) && strings.EqualFold(w.form[:len(want)], want)
	}
	return strings.HasPrefix(w.form, want)
}

// match is one place where a term occurs: words [first, last] of a text.
type match struct {
	first, last int
	exact       bool // every word whole, not only a prefix of a longer one
}

// foldedTerm is a SearchTerm with its words folded, once per search.
type foldedTerm struct {
	words  []string
	prefix bool
}

func foldTerms(terms []SearchTerm) []foldedTerm {
	out := make([]foldedTerm, len(terms))
	for i, t := range terms {
		out[i] = foldedTerm{make([]string, len(t.Words)), t.Prefix}
		for j, w := range t.Words {
			out[i].words[j] = foldWord(w)
		}
	}
	return out
}

// findMatches lists where each term occurs in words, in text order.
func findMatches(words []textWord, terms []foldedTerm) []match {
	var out []match
	for i := range words {
		for _, t := range terms {
			if m, ok := matchAt(words, i, t); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

func matchAt(words []textWord, i int, t foldedTerm) (match, bool) {
	if i+len(t.words) > len(words) {
		return match{}, false
	}
	exact := true
	for j, want := range t.words {
		got := words[i+j]
		switch {
		case got.is(want):
		case t.prefix && j == len(t.words)-1 && got.startsWith(want):
			exact = false
		default:
			return match{}, false
		}
	}
	return match{i, i + len(t.words) - 1, exact}, true
}

// Highlight returns the whole of text with the terms marked.
func Highlight(text string, terms []SearchTerm) Snippet {
	words := textWords(text)
	return Snippet{Text: text, Marks: marks(words, findMatches(words, foldTerms(terms)), 0)}
}

// marks turns matches into spans shifted by shift, merging overlaps.
func marks(words []textWord, ms []match, shift int) []Span {
	var out []Span
	for _, m := range ms {
		s := Span{words[m.first].start + shift, words[m.last].end + shift}
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// Excerpt returns a passage of text of about maxWords words around the
// first match, with the terms marked and "…" where text was cut; the
// opening of text when nothing matches. It returns false when text has
// no match.
func Excerpt(text string, terms []SearchTerm, maxWords int) (Snippet, bool) {
	words := textWords(text)
	ms := findMatches(words, foldTerms(terms))
	if len(words) <= maxWords {
		return Snippet{Text: text, Marks: marks(words, ms, 0)}, len(ms) > 0
	}
	first := 0
	if len(ms) > 0 {
		// A little context before the first match, so it does not open
		// the passage cold.
		first = max(0, min(ms[0].first-maxWords/4, len(words)-maxWords))
	}
	last := first + maxWords - 1
	start, end := words[first].start, words[last].end
	if first == 0 {
		start = 0
	}
	var in []match
	for _, m := range ms {
		if m.first >= first && m.last <= last {
			in = append(in, m)
		}
	}
	var b strings.Builder
	shift := -start
	if start > 0 {
		b.WriteString("… ")
		shift += len("… ")
	}
	b.WriteString(text[start:end])
	if end < len(text) {
		b.WriteString(" …")
	}
	return Snippet{Text: b.String(), Marks: marks(words, in, shift)}, len(ms) > 0
}

// Field weights and BM25's constants for SearchScores: a word in the
// headline counts three times one in the summary.
const (
	headlineWeight = 3.0
	summaryWeight  = 1.0
	bm25K1         = 1.2
	bm25B          = 0.75
	// prefixWeight is what a word that only starts with the typed one
	// counts for, so that "war" ranks "war" above "warsaw".
	prefixWeight = 0.5
)

// SearchFields are the texts of a candidate hit that ranking reads.
type SearchFields struct{ Headline, Summary string }

// SearchScores ranks candidates by BM25 over their headlines and summaries,
// higher being better. There is no inverse document frequency: every
// candidate contains every term, so it would only weigh the terms against
// each other, and knowing it costs a pass over every match of a common word.
// A field's length, in bytes, is compared with its average among the
// candidates; bytes rather than words spare a second pass over the text.
func SearchScores(terms []SearchTerm, cands []SearchFields) []float64 {
	return searchScores(terms, cands, scoredWords)
}

// wordSplitter returns the words of text that a field's score reads, in
// words' array.
type wordSplitter func(words []textWord, text string, terms []foldedTerm) []textWord

// searchScores is SearchScores with the fields split by split: the tests
// compare scoredWords with splitting every field whole.
func searchScores(terms []SearchTerm, cands []SearchFields, split wordSplitter) []float64 {
	ft := foldTerms(terms)
	var hb, sb int
	for _, c := range cands {
		hb, sb = hb+len(c.Headline), sb+len(c.Summary)
	}
	n := float64(max(len(cands), 1))
	avgH, avgS := float64(hb)/n, float64(sb)/n
	scores := make([]float64, len(cands))
	var words []textWord // reused: ranking reads hundreds of texts
	for i, c := range cands {
		words = split(words, c.Headline, ft)
		scores[i] = fieldScore(words, len(c.Headline), ft, headlineWeight, avgH)
		words = split(words, c.Summary, ft)
		scores[i] += fieldScore(words, len(c.Summary), ft, summaryWeight, avgS)
	}
	return scores
}

// scoredWords returns the words of text, in words' array, that a field's
// score must read: none when no term can match in text, for a field where
// none matches scores 0, as one without words does. Splitting the texts
// of the ranking window into words was a fifth of a search's CPU on
// PostgreSQL.
func scoredWords(words []textWord, text string, terms []foldedTerm) []textWord {
	if isASCII(text) && !slices.ContainsFunc(terms, func(t foldedTerm) bool { return mayMatchASCII(text, t) }) {
		return words[:0]
	}
	return appendWords(words[:0], text)
}

// mayMatchASCII reports whether t may match in text, ASCII: not when one
// of its words, ASCII, is nowhere in text, whatever the case. A word of
// a term matches only a word of text that equals it or, as a prefix,
// starts with it, and a word of ASCII text is a piece of it.
func mayMatchASCII(text string, t foldedTerm) bool {
	for _, w := range t.words {
		if w != "" && isFoldedASCII(w) && !containsFoldASCII(text, w) {
			return false
		}
	}
	return true
}

// isASCII reports whether text holds only ASCII bytes.
func isASCII(text string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// containsFoldASCII reports whether text, ASCII, holds word, lower-case
// ASCII and not empty, in any case.
func containsFoldASCII(text, word string) bool {
	for i := 0; i+len(word) <= len(text); i++ {
		if text[i]|0x20 == word[0]|0x20 && strings.EqualFold(text[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

func fieldScore(words []textWord, size int, terms []foldedTerm, weight, avg float64) float64 {
	if len(words) == 0 {
		return 0
	}
	norm := bm25K1 * (1 - bm25B + bm25B*float64(size)/math.Max(avg, 1))
	score := 0.0
	for _, t := range terms {
		tf := 0.0
		for i := range words {
			m, ok := matchAt(words, i, t)
			switch {
			case ok && m.exact:
				tf++
			case ok:
				tf += prefixWeight
			}
		}
		score += weight * tf * (bm25K1 + 1) / (tf + norm)
	}
	return score
}

// excerptWords is the length of the passage shown under a hit.
const excerptWords = 30

// EventExcerpt is the passage shown under a hit on e: where the summary
// matches, a passage of it; else where the article does, a passage of
// that; else the summary's opening. A summary that only repeats the
// headline (as imported one-liners do) gives nothing.
func EventExcerpt(e *Event, terms []SearchTerm) Snippet {
	s, ok := Excerpt(e.Summary, terms, excerptWords)
	repeat := strings.TrimSuffix(e.Summary, ".") == e.Headline
	if (!ok || repeat) && e.Body != "" {
		if inBody, ok := Excerpt(e.Body, terms, excerptWords); ok {
			return inBody
		}
	}
	if repeat {
		return Snippet{}
	}
	return s
}
