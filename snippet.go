package flashback

import (
	"math"
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

// textWord is a word of a text: where it is and its folded form.
type textWord struct {
	start, end int
	folded     string
}

func textWords(text string) []textWord {
	var out []textWord
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		end := wordEnd(text, i)
		out = append(out, textWord{i, end, foldWord(text[i:end])})
		i = end
	}
	return out
}

// match is one place where a term occurs: words [first, last] of a text.
type match struct {
	first, last int
	exact       bool // every word whole, not only a prefix of a longer one
}

// findMatches lists where each term occurs in words, in text order.
func findMatches(words []textWord, terms []SearchTerm) []match {
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

func matchAt(words []textWord, i int, t SearchTerm) (match, bool) {
	if i+len(t.Words) > len(words) {
		return match{}, false
	}
	exact := true
	for j, w := range t.Words {
		got, want := words[i+j].folded, foldWord(w)
		switch {
		case got == want:
		case t.Prefix && j == len(t.Words)-1 && strings.HasPrefix(got, want):
			exact = false
		default:
			return match{}, false
		}
	}
	return match{i, i + len(t.Words) - 1, exact}, true
}

// Highlight returns the whole of text with the terms marked.
func Highlight(text string, terms []SearchTerm) Snippet {
	words := textWords(text)
	return Snippet{Text: text, Marks: marks(words, findMatches(words, terms), 0)}
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
	ms := findMatches(words, terms)
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

// Field weights and BM25's constants for SearchScore: a word in the
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

// SearchScore ranks a candidate by BM25 over its headline and summary,
// given the average word counts of those fields among the candidates.
// There is no inverse document frequency: every candidate contains every
// term, so it would only weigh the terms against each other, and knowing
// it costs a pass over every match of a common word. Higher is better.
func SearchScore(headline, summary string, terms []SearchTerm, avgHeadline, avgSummary float64) float64 {
	return fieldScore(headline, terms, headlineWeight, avgHeadline) + fieldScore(summary, terms, summaryWeight, avgSummary)
}

func fieldScore(text string, terms []SearchTerm, weight, avg float64) float64 {
	words := textWords(text)
	if len(words) == 0 {
		return 0
	}
	norm := bm25K1 * (1 - bm25B + bm25B*float64(len(words))/math.Max(avg, 1))
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

// WordCount is the number of words of text as SearchScore counts them.
func WordCount(text string) int { return len(textWords(text)) }
