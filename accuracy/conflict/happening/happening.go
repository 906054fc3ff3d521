// Package happening tells from a headline's wording what kind of thing
// happened: a launch, a landing, a disaster, a birth, a death, a founding,
// a signing, a premiere, a battle, an election, an accession, and so on.
// Two records about one subject are one event only when what happened
// agrees: a shuttle's first launch and its loss 22 years later share a
// name and nothing else.
//
// The rules read the verbs and nouns that report a happening ("explodes",
// "is born", "premieres", "signed"), and ignore those in a phrase that only
// places the event in time ("73 seconds after launch", "a year after his
// death"). Nouns that name what usually happens ("treaty", "battle") count
// only when no verb says what happened.
package happening

import (
	"strings"
	"unicode"
)

// Kind is one kind of happening.
type Kind uint8

// The kinds. Unknown is the zero value, for wording that says nothing of
// what happened ("The Last Waltz at Winterland").
const (
	Unknown Kind = iota
	Launch
	Landing
	Disaster
	Birth
	Death
	Marriage
	Founding
	Opening
	Signing
	Ratification
	Premiere
	Battle
	Surrender
	Election
	Accession
	Resignation
	Independence
	Discovery
	Speech
	Attack
	Construction
	Beginning
	Ending
	nKinds
)

var names = [nKinds]string{"unknown", "launch", "landing", "disaster", "birth", "death", "marriage",
	"founding", "opening", "signing", "ratification", "premiere", "battle", "surrender", "election",
	"accession", "resignation", "independence", "discovery", "speech", "attack", "construction",
	"beginning", "ending"}

func (k Kind) String() string {
	if k >= nKinds {
		return "unknown"
	}
	return names[k]
}

// Set is the kinds one headline reports; a headline may report several
// ("explodes, killing all seven" is a disaster and deaths).
type Set uint32

// Has reports whether s holds k.
func (s Set) Has(k Kind) bool { return s&(1<<k) != 0 }

// Known reports whether the headline says what happened.
func (s Set) Known() bool { return s != 0 }

func (s Set) String() string {
	var ks []string
	for k := Launch; k < nKinds; k++ {
		if s.Has(k) {
			ks = append(ks, k.String())
		}
	}
	if len(ks) == 0 {
		return "unknown"
	}
	return strings.Join(ks, "+")
}

// Compatible reports whether two headlines may report the same happening:
// either does not say what happened, or they share a kind, or a kind of
// one is one of the other's told another way (a disaster kills; a treaty
// of surrender is signed).
func Compatible(a, b Set) bool {
	if !a.Known() || !b.Known() || a&b != 0 {
		return true
	}
	for k := Launch; k < nKinds; k++ {
		if a.Has(k) && b&related[k] != 0 {
			return true
		}
	}
	return false
}

// Related returns the kinds that can report, in other words, a happening
// of a kind in s.
func Related(s Set) Set {
	var r Set
	for k := Launch; k < nKinds; k++ {
		if s.Has(k) {
			r |= related[k]
		}
	}
	return r
}

// related lists, for each kind, the kinds that can report the same
// happening in other words; relate makes the relation symmetric.
var related = relate(map[Kind][]Kind{
	Disaster: {Death},
	Opening:  {Premiere, Founding, Accession},
	Signing:  {Surrender, Founding, Independence},
	Landing:  {Battle},
	Battle:   {Surrender, Beginning},
	Ending:   {Surrender, Signing},
})

func relate(pairs map[Kind][]Kind) [nKinds]Set {
	var r [nKinds]Set
	for k, ks := range pairs {
		for _, o := range ks {
			r[k] |= 1 << o
			r[o] |= 1 << k
		}
	}
	return r
}

// Reading is what a headline says happened, and which of its words say it.
type Reading struct {
	Kinds Set
	// Context holds the lower-case words that appear only in phrases
	// dating the event by another ("after the attack on Pearl Harbor"):
	// they tell what the event followed, not what it was.
	Context map[string]bool
	// Phrases holds the lower-case words of the cues of several words
	// that were read ("first performance", "lifts off").
	Phrases map[string]bool
}

// Of classifies a headline.
func Of(headline string) Set { return Read(headline).Kinds }

// Read classifies a headline and tells which words are context and which
// are cues of several words.
func Read(headline string) Reading {
	var strong, weak Set
	inside, outside, phrases := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for c, clause := range clauses(headline) {
		ws := make([]string, len(clause))
		for i, w := range clause {
			ws[i] = strings.ToLower(w)
		}
		timed := false
		for i := 0; i < len(ws); i++ {
			if timing[ws[i]] {
				timed = true
			}
			if timed {
				inside[ws[i]] = true
				continue
			}
			outside[ws[i]] = true
			if i > 0 && moments[ws[i-1]] {
				continue // "crashes on take-off": a moment of the event
			}
			if k, n := phrase(ws[i:]); n > 0 {
				if k != Unknown {
					strong |= 1 << k
				}
				for _, w := range ws[i : i+n] {
					outside[w] = true
					phrases[w] = k != Unknown || phrases[w]
				}
				i += n - 1
				continue
			}
			if k, ok := verbs[ws[i]]; ok && Cue(clause[i], c == 0 && i == 0) {
				strong |= 1 << k
			} else if k, ok := nouns[ws[i]]; ok {
				weak |= 1 << k
			}
		}
	}
	for w := range outside {
		delete(inside, w)
	}
	r := Reading{Kinds: strong, Context: inside, Phrases: phrases}
	if strong == 0 {
		r.Kinds = weak
	}
	return r
}

// Cue reports whether a word, as written, by itself says what happened
// ("launched", "dies"); first tells whether it opens the headline. Past
// the first word a capitalised cue is a name: the shuttle "Discovery", the
// ship "Endeavour" are not discoveries. A comparison that weighs kinds
// apart need not count a cue again as a word.
func Cue(word string, first bool) bool {
	if _, ok := verbs[strings.ToLower(word)]; !ok {
		return false
	}
	return first || !unicode.IsUpper([]rune(word)[0])
}

// phrase matches a cue of several words at the start of ws.
func phrase(ws []string) (Kind, int) {
	for n := 4; n >= 2; n-- {
		if len(ws) < n {
			continue
		}
		if k, ok := phrases[strings.Join(ws[:n], " ")]; ok {
			return k, n
		}
	}
	return Unknown, 0
}

// clauses splits a headline into words by clause: punctuation ends the
// reach of "after" or "before".
func clauses(s string) [][]string {
	var out [][]string
	var cur []string
	var w strings.Builder
	flushWord := func() {
		if w.Len() > 0 {
			cur = append(cur, w.String())
			w.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w.WriteRune(r)
		case r == '\'' || r == '’':
			// "Churchill's": keep the word whole up to the apostrophe.
			flushWord()
		case strings.ContainsRune(",;:.!?()[]\"“”—–", r):
			flushWord()
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
		default:
			flushWord()
		}
	}
	flushWord()
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}
