package accuracy

import (
	"fmt"

	"flashback"
)

// age is "aged 60", "at the age of 60", "60-year-old" or "60 years old".
type age struct {
	n          int
	tok        int // the number's token
	start, end int
}

func (d *doc) ages() []age {
	var out []age
	for i, t := range d.toks {
		if t.kind != tNum || t.bad || t.ordinal || t.era != "" || t.num < 1 || t.num > 130 {
			continue
		}
		start, end, ok := d.agePhrase(i)
		if ok {
			out = append(out, age{n: t.num, tok: i, start: start, end: end})
		}
	}
	return out
}

// agePhrase recognises the words around the number at token i.
func (d *doc) agePhrase(i int) (start, end int, ok bool) {
	w := func(k int) string {
		if k < 0 || k >= len(d.toks) {
			return ""
		}
		return d.toks[k].lower
	}
	t := d.toks[i]
	switch {
	case w(i-1) == "aged":
		return d.toks[i-1].start, t.end, true
	case w(i-1) == "age" && (w(i-2) == "at" || w(i-2) == "the"):
		return d.toks[i-2].start, t.end, true
	case w(i-1) == "of" && w(i-2) == "age" && w(i-3) == "the" && w(i-4) == "at":
		return d.toks[i-4].start, t.end, true
	case w(i+1) == "-" && w(i+2) == "year" && w(i+3) == "-" && w(i+4) == "old":
		return t.start, d.toks[i+4].end, true
	case w(i+1) == "years" && w(i+2) == "old":
		return t.start, d.toks[i+2].end, true
	}
	return 0, 0, false
}

// checkAges compares each age with a birth date given in the text: in the
// same paragraph, or the only one the text gives. The age is taken at the
// year its sentence names, or at the event when the sentence restates the
// event and names no other year.
func (d *doc) checkAges(f *findings, r record) {
	if !r.date.HasYear() {
		return
	}
	for _, a := range d.ages() {
		birth, ok := d.birthFor(a)
		if !ok {
			continue
		}
		at, ok := d.ageReference(r, a)
		if !ok {
			continue
		}
		lo, hi := expectedAge(birth, at)
		if a.n >= lo && a.n <= hi {
			continue
		}
		want := fmt.Sprint(lo)
		if hi != lo {
			want = fmt.Sprintf("%d or %d", lo, hi)
		}
		f.add(a.start, a.end, RuleAgeMismatch, Error, fmt.Sprintf(
			"The text gives an age of %d, but someone born in %s was %s in %s.",
			a.n, flashback.FormatYear(birth.year), want, flashback.FormatYear(at.year)))
	}
}

// birthFor finds the birth an age refers to.
func (d *doc) birthFor(a age) (*mention, bool) {
	var near, only *mention
	years := map[int]bool{}
	para := d.toks[a.tok].para
	for i := range d.ments {
		m := &d.ments[i]
		if m.ctx != ctxBorn || !m.hasYear || m.circa {
			continue
		}
		years[m.year] = true
		only = m
		if d.toks[m.first].para == para && (near == nil || m.first < a.tok) {
			near = m
		}
	}
	if near != nil {
		return near, true
	}
	return only, len(years) == 1
}

// ageReference returns the date at which the age holds.
func (d *doc) ageReference(r record, a age) (mention, bool) {
	sent := d.sentOf[a.tok]
	if sent < 0 {
		return mention{}, false
	}
	var found *mention
	for i := range d.ments {
		m := &d.ments[i]
		if m.sent != sent || !m.hasYear || m.ctx == ctxBorn || m.circa {
			continue
		}
		if found != nil && found.year != m.year {
			return mention{}, false // two years: cannot tell which
		}
		if found == nil || m.day != 0 {
			found = m
		}
	}
	if found != nil {
		return *found, true
	}
	s := d.sents[sent]
	if !(s.lead || s.ref) || r.category == flashback.CategoryBirths {
		return mention{}, false
	}
	return mention{year: r.date.Year, hasYear: true, month: r.date.Month, day: r.date.Day}, true
}

// expectedAge returns the ages someone born at birth can have at at: one
// exact age when both days are known, else the two either side of a birthday.
func expectedAge(birth *mention, at mention) (lo, hi int) {
	n := at.year - birth.year
	if birth.day == 0 || at.day == 0 {
		return n - 1, n
	}
	if at.month < birth.month || (at.month == birth.month && at.day < birth.day) {
		n--
	}
	return n, n
}
