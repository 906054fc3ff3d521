package conflict

import (
	"fmt"
	"slices"
	"strings"

	"flashback/accuracy/conflict/happening"
)

// coverMin is the share of the names and numbers of the headline that has
// fewer of them that the other must tell too for two headlines reporting
// the same kind of happening to be one event: "Loss of the Space Shuttle
// Columbia" and "Space Shuttle Columbia disintegrates over Texas, killing
// all seven" share every name of the first. Four in five leaves room for
// a name one source leaves out, not for two shuttles' names ("Discovery",
// "Endeavour"). A numbered name both write identifies so much that three
// in four will do ("the First Vatican Council" is "Vatican I").
const (
	coverMin         = 0.8
	numberedCoverMin = 0.75
)

// once holds the kinds of happening that befall their subject once: one
// birth, one death, one loss, one launch of a ship or craft, one premiere
// of a work, one signing of a treaty, one opening of a building, one
// beginning and one end of a war.
var once = kinds(happening.Birth, happening.Death, happening.Disaster, happening.Launch,
	happening.Landing, happening.Founding, happening.Opening, happening.Signing,
	happening.Ratification, happening.Premiere, happening.Independence,
	happening.Construction, happening.Accession, happening.Beginning, happening.Ending)

func kinds(ks ...happening.Kind) happening.Set {
	var s happening.Set
	for _, k := range ks {
		s |= 1 << k
	}
	return s
}

// subjectScore is the score of a match on subject and kind.
const subjectScore = 0.85

// sameSubjectAndKind recognises one event told in different words: both
// headlines report the same happening of a kind that befalls a subject
// once (a birth, a loss, a premiere, a signing; see once), or kinds that
// tell one happening two ways (a film "opens" and "is released"), and the one
// with fewer names and numbered names has its first and nearly all of them
// in the other. Without a kind on both sides it decides nothing: "Apollo 8
// is launched" and "Apollo 8 enters lunar orbit" share a subject, not an
// event; nor for kinds that recur, as "Alfred Nobel invents" twice.
func sameSubjectAndKind(a, b headline) match {
	shared := (a.kinds&b.kinds | a.kinds&happening.Related(b.kinds)) & once
	if shared == 0 {
		return match{}
	}
	// The headline with fewer names and numbered names must be covered by
	// the other; when neither has fewer, each by the other.
	sa, ta, ca := cover(a, b)
	sb, tb, cb := cover(b, a)
	share, common := sa, ca
	if tb < ta || (tb == ta && sb < sa) {
		share, common = sb, cb
	}
	least := coverMin
	for n := range a.numbers {
		if b.numbers[n] {
			least = numberedCoverMin
		}
	}
	if share < least {
		return match{}
	}
	return match{score: subjectScore, same: true,
		reason: fmt.Sprintf("both report a %s of %s", shared, strings.Join(common, ", "))}
}

// cover returns the share of short's names and numbered names, by weight,
// that long tells too, their total weight, and which they are. The share
// is 0 when long lacks short's subject ("Attlee speaks at Fulton" is not
// Churchill's speech there).
func cover(short, long headline) (share, total float64, common []string) {
	found := 0.0
	for key, w := range short.words {
		if !subjectWord(short, w) || (short.numbers[key] && len(long.numbers) == 0) {
			continue // a number the other source does not write is no disagreement
		}
		total += w.kind.weight()
		if long.tells(key) {
			found += w.kind.weight()
			common = append(common, w.surface)
		}
	}
	if total == 0 || !long.tells(short.subject) {
		return 0, total, nil
	}
	slices.Sort(common)
	return found / total, total, common
}

// subjectWord reports whether w names the subject of headline h: a name or
// the number of a numbered name, but not a title ("King" is many people's)
// nor a number that counts or dates something.
func subjectWord(h headline, w word) bool {
	return (w.kind == nameWord && !titleWords[w.surface]) || h.numbers[w.key]
}

// sameLead reports whether two lists' leading names are one person's:
// equal, or the same first and last name with middle names added to one
// ("Franz Schubert", "Franz Peter Schubert").
func sameLead(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	x, y := strings.Fields(a), strings.Fields(b)
	if len(x) > len(y) {
		x, y = y, x
	}
	return len(x) == 2 && x[0] == y[0] && x[1] == y[len(y)-1]
}
