package conflict

import (
	"fmt"
	"slices"
	"strings"

	"flashback/accuracy/conflict/happening"
)

// Thresholds of "evidently the same". They favour precision: every
// conflict is an editor's time, and a date error that slips past this check
// is still open to readers' reports and the accuracy linter.
const (
	// jaccardMin is the weighted Jaccard similarity at which two headlines
	// tell the same thing in similar words.
	jaccardMin = 0.65
	// overlapMin is the share of the shorter headline found in the longer
	// one at which the longer is an elaboration of the shorter
	// ("Churchill delivers his Iron Curtain speech" → "Winston Churchill
	// delivers his Iron Curtain speech at Westminster College in Fulton").
	overlapMin = 0.8
	// overlapWords is how many words the shorter headline must share for
	// the overlap rule: two shared words are too easily a coincidence.
	overlapWords = 3
	// leadScore is the score given to the same person in births or deaths.
	leadScore = 0.9
	// crossJaccardMin and crossOverlapMin replace jaccardMin and overlapMin
	// for headlines filed under different categories: a concert and a
	// battle may share a city and a hall, so a category apart asks for a
	// little more likeness.
	crossJaccardMin = 0.75
	crossOverlapMin = 0.9
)

// match is the verdict on two headlines.
type match struct {
	score  float64
	reason string // why they are taken for one event
	same   bool
}

// compare decides whether two headlines of one kind tell of the same
// event, and how sure that is. apart says they are filed under different
// categories.
func compare(a, b headline, personal, apart bool) match {
	if !happening.Compatible(a.kinds, b.kinds) {
		return match{} // "X is launched" and "X is lost"; "X is born" and "X dies"
	}
	if !nested(a.numbers, b.numbers) {
		return match{} // "Apollo 11" and "Apollo 14"
	}
	if personal && sameLead(a.lead, b.lead) {
		return match{score: leadScore, reason: "both are about " + a.lead, same: true}
	}
	shared, union, wa, wb := 0.0, 0.0, 0.0, 0.0
	var common []string
	for key, w := range a.words {
		wa += w.kind.weight()
		if o, ok := b.words[key]; ok {
			shared += min(w.kind.weight(), o.kind.weight())
			union += max(w.kind.weight(), o.kind.weight())
			common = append(common, w.surface)
		} else {
			union += w.kind.weight()
		}
	}
	for key, w := range b.words {
		wb += w.kind.weight()
		if _, ok := a.words[key]; !ok {
			union += w.kind.weight()
		}
	}
	if len(common) < 2 || union == 0 {
		return sameSubjectAndKind(a, b)
	}
	slices.Sort(common)
	words := strings.Join(common, ", ")
	jMin, oMin := jaccardMin, overlapMin
	if apart {
		jMin, oMin = crossJaccardMin, crossOverlapMin
	}
	if j := shared / union; j >= jMin {
		return match{score: j, reason: fmt.Sprintf("the headlines share %s (similarity %.2f)", words, j), same: true}
	}
	short, long := a, b
	if wb < wa {
		short, long = b, a
	}
	if o := shared / min(wa, wb); o >= oMin && len(common) >= overlapWords && namesWithin(short, long) {
		return match{score: o, reason: fmt.Sprintf("one headline elaborates the other: %s (overlap %.2f)", words, o), same: true}
	}
	return sameSubjectAndKind(a, b)
}

// nested reports whether one headline's numbered names are among the
// other's, or either has none: a source may name more ("Apollo 11 on a
// Saturn V") but not others ("Apollo 14").
func nested(a, b map[string]bool) bool {
	within := func(x, y map[string]bool) bool {
		for k := range x {
			if !y[k] {
				return false
			}
		}
		return true
	}
	return within(a, b) || within(b, a)
}

// namesWithin reports whether every name of the shorter headline appears in
// the longer one: an elaboration adds names, it does not swap them
// ("Churchill speaks in the Commons" is not "Attlee speaks in the Commons").
func namesWithin(short, long headline) bool {
	for key, w := range short.words {
		if w.kind != nameWord {
			continue
		}
		if _, ok := long.words[key]; !ok {
			return false
		}
	}
	return true
}
