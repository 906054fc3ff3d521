package accuracy

import (
	"fmt"

	"flashback"
)

// A weekday is often written apart from its date: "Trotsky was exiled on 31
// January 1929, which fell on a Thursday", "The Wrights flew on 17 December
// 1903; that Thursday morning the wind …", "The Titanic went down on 15 April
// 1912. That night was a Monday …". A reader takes it to name the date just
// told, so it is checked against that date when it is the record's.

// weekdayRef says how far back a bare weekday reaches for its date.
type weekdayRef uint8

const (
	noRef      weekdayRef = iota
	sameClause            // "which fell on a Thursday": the date in its sentence
	backRef               // "that Thursday", "the Thursday launch", "It was a Thursday"
)

// checkBareWeekdays checks each weekday written apart from a date against
// the date it refers to, when that date is the record's.
func (d *doc) checkBareWeekdays(f *findings, r record) {
	if r.date.Precision != flashback.PrecisionDay {
		return
	}
	want := r.date.Weekday()
	for i, t := range d.toks {
		wd, ok := weekdayOf(t)
		if !ok || d.used[i] || d.sentOf[i] < 0 || wd == want {
			continue
		}
		ref := d.weekdayRefAt(i)
		if ref == noRef {
			continue
		}
		m := d.dateOfWeekday(i, ref)
		if m == nil {
			continue
		}
		if _, ok := r.sameDay(m); !ok {
			continue
		}
		f.add(t.start, t.end, RuleWeekdayMismatch, Error, fmt.Sprintf(
			"The text says %s fell on a %s, but %s was a %s.", describe(m), wd, describeRecord(r.date), want))
	}
}

// weekdayRefAt reads the words before the weekday at token i: a determiner,
// perhaps with an adjective or two ("that cold Friday"). "on a Sunday" in
// another sentence is some other day; "Bloody Sunday", "Good Friday" and
// "The Sunday Times" are names; "the next Monday" and "the Sunday after" are
// other days.
func (d *doc) weekdayRefAt(i int) weekdayRef {
	s := d.sents[d.sentOf[i]]
	first := s.first
	if i+1 < s.end {
		// "the Sunday after Easter" is another day; "The Sunday Times" a name.
		if n := d.toks[i+1]; n.kind == tWord && (n.cap || otherDayWords[n.lower] || n.lower == "after" || n.lower == "before") {
			return noRef
		}
	}
	k := i - 1
	for n := 0; n < 2 && k > first && d.toks[k].kind == tWord && !d.toks[k].cap && !determiners[d.toks[k].lower]; n++ {
		if otherDayWords[d.toks[k].lower] {
			return noRef
		}
		k--
	}
	if k < first || d.toks[k].kind != tWord {
		return noRef
	}
	switch d.toks[k].lower {
	case "that", "this", "the":
		return backRef
	case "a":
		if k-1 >= first && (d.toks[k-1].lower == "was" || d.toks[k-1].lower == "is") {
			return backRef
		}
		if d.clauseNamesEvent(first, k) {
			return backRef // "The attack came on a Sunday morning"
		}
		return sameClause
	}
	return noRef
}

// dateOfWeekday finds the date a weekday at token i refers to: the last date
// with a day before it in its sentence, for a back reference the last one
// before it in its paragraph, or else the first after it in its sentence.
func (d *doc) dateOfWeekday(i int, ref weekdayRef) *mention {
	sent := d.sentOf[i]
	var before, prev, after *mention
	for k := range d.ments {
		m := &d.ments[k]
		if m.day == 0 || m.circa {
			continue
		}
		switch {
		case m.sent == sent && m.lastTok < i:
			before = m
		case m.sent == sent && after == nil:
			after = m
		case m.sent < sent && d.toks[m.first].para == d.toks[i].para:
			prev = m
		}
	}
	switch {
	case before != nil:
		return before
	case ref == backRef && prev != nil:
		return prev
	}
	return after
}

// clauseNamesEvent reports whether the clause ending at token end names the
// headline's event by one of its words: "The attack came on a Sunday" tells
// of the attack, "He reached Odessa on a Sunday" of something else.
func (d *doc) clauseNamesEvent(first, end int) bool {
	from := end
	for from > first && !isClauseMark(d.toks[from-1]) {
		from--
	}
	return len(d.stems) > 0 && d.namesEvent(from, sentence{first: from, end: end})
}
