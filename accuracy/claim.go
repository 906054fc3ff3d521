package accuracy

import (
	"fmt"

	"flashback"
)

// place works out where a mention stands in its sentence: whether it opens
// it ("On January 31, 1929, …"), is introduced by "on", or is measured
// against something else.
func (d *doc) place(m *mention) {
	m.sent = d.sentOf[m.first]
	if m.sent < 0 {
		return
	}
	s := d.sents[m.sent]
	j := m.firstTok - 1
	if j >= s.first && d.toks[j].lower == "the" {
		j--
	}
	if j >= s.first && (d.toks[j].lower == "on" || d.toks[j].lower == "in") {
		m.onBefore = d.toks[j].lower == "on"
		j--
	}
	m.opening = j < s.first
	m.listEntry = j == s.first && isListMark(d.toks[j]) // "- 18 June: Waterloo"
	if j >= s.first && d.toks[j].kind == tWord && rangeWords[d.toks[j].lower] {
		m.relative = true
	}
	m.relative = m.relative || d.dayRange(m, s) || d.relativeBefore(m, s) || d.relativeAfter(m, s)
	m.restated = s.ref && d.clauseRestates(m, s)
}

// clauseRestates reports whether the clause around m, not just its sentence,
// tells the headline's event, in the narrative's own time: "The Indian
// Independence Act had received royal assent on 18 July" shares the words of
// "India becomes independent" but, in the pluperfect, tells what came before.
func (d *doc) clauseRestates(m *mention, s sentence) bool {
	if d.offStory(m) {
		return false
	}
	from, to := d.clauseOf(m)
	return restates(d.toks[from:to], d.stems)
}

// clauseOf returns the tokens [from, to) of the clause around m, between
// commas, semicolons, colons, brackets or dashes. A fronted date ("On 31
// January 1929, …") belongs to the clause after it.
func (d *doc) clauseOf(m *mention) (from, to int) {
	s := d.sents[m.sent]
	from, to = m.firstTok, m.lastTok+1
	for from > s.first && !isClauseMark(d.toks[from-1]) {
		from--
	}
	for to < s.end && !isClauseMark(d.toks[to]) {
		to++
	}
	if d.appositive(from, m.firstTok) && d.appositive(m.lastTok+1, to) && to < s.end {
		for to++; to < s.end && !isClauseMark(d.toks[to]); to++ {
		}
	}
	return from, to
}

func isListMark(t token) bool {
	return t.kind == tPunct && (t.lower == "-" || t.lower == "+" || t.lower == "•" || t.lower == "–")
}

func isClauseMark(t token) bool {
	if t.kind != tPunct {
		return false
	}
	switch t.lower {
	case ",", ";", ":", "(", ")", "—", "–":
		return true
	}
	return false
}

// claimClass says how strongly a mention claims to be the event's date.
type claimClass uint8

const (
	notClaim    claimClass = iota
	otherClaim             // opens a sentence that is not about the event by name
	asideClaim             // opens the lead, which gives the record's date elsewhere
	strongClaim            // the lead's date, or "on <date>" where the event is restated
)

func (d *doc) classify(r record, m *mention) claimClass {
	if m.circa || m.relative || m.sent < 0 {
		return notClaim
	}
	if m.ctx != ctxNone {
		if d.isLifeEvent(r, m) && d.lifeDate(m) && !d.offStory(m) {
			return strongClaim
		}
		return notClaim
	}
	if !m.isDate() {
		return notClaim
	}
	s := d.sents[m.sent]
	switch {
	case m == d.dateline || (m.opening && s.lead && !d.leadDated):
		return strongClaim
	case m.opening && s.lead && d.sentenceGivesDay(r, m):
		return notClaim // "4 October 1582 was followed by 15 October 1582"
	case m.opening && s.lead:
		return asideClaim
	case m.restated && (m.onBefore || m.opening):
		return strongClaim
	case m.opening:
		return otherClaim
	}
	return notClaim
}

// lifeDate reports whether a birth or death mention is written as a date or
// year: "born on 7 November", "died in 1940", "(b. 1879)". A number further
// on ("died in the Hotel New Yorker, room 3327") is not one.
func (d *doc) lifeDate(m *mention) bool {
	if m.isDate() || m.marked {
		return true
	}
	j := m.firstTok - 1
	if j >= 0 && d.toks[j].lower == "(" {
		j--
	}
	return j >= 0 && lifeWords[d.toks[j].lower]
}

// isLifeEvent is true for the first "born …" date of a births article and
// the first "died …" date of a deaths article: that birth or death is the
// event.
func (d *doc) isLifeEvent(r record, m *mention) bool {
	want := ctxBorn
	switch r.category {
	case flashback.CategoryBirths:
	case flashback.CategoryDeaths:
		want = ctxDied
	default:
		return false
	}
	if m.ctx != want {
		return false
	}
	for i := range d.ments {
		if d.ments[i].ctx == want {
			return &d.ments[i] == m
		}
	}
	return false
}

type cmpResult uint8

const (
	cmpNA cmpResult = iota
	cmpEq
	cmpDiff
)

// compare sets a mention against one form of the record, field by field,
// using only the fields both give.
func compare(m *mention, f flashback.HistDate) (year, md cmpResult) {
	if m.hasYear && f.HasYear() {
		year = eqOrDiff(m.year == f.Year)
	}
	hasMonth := f.Precision != flashback.PrecisionYear
	hasDay := f.Precision == flashback.PrecisionDay || f.Precision == flashback.PrecisionMonthDay
	if m.month != 0 && hasMonth {
		md = eqOrDiff(m.month == f.Month)
	}
	if m.day != 0 && hasDay && md != cmpDiff {
		md = eqOrDiff(m.day == f.Day)
	}
	return year, md
}

func eqOrDiff(eq bool) cmpResult {
	if eq {
		return cmpEq
	}
	return cmpDiff
}

// forms returns the record's date as the mention may legitimately give it:
// in the calendar its style marker names, or else in the record's own
// calendar and, for a Julian record, its Gregorian equivalent too.
func (r record) forms(st style) []flashback.HistDate {
	d := r.date
	if d.Precision != flashback.PrecisionDay {
		return []flashback.HistDate{d}
	}
	switch st {
	case styleOld:
		return []flashback.HistDate{d.In(flashback.Julian)}
	case styleNew:
		return []flashback.HistDate{d.In(flashback.Gregorian)}
	}
	if d.Calendar == flashback.Julian {
		return []flashback.HistDate{d, d.In(flashback.Gregorian)}
	}
	return []flashback.HistDate{d}
}

// matches reports whether m agrees with the record in some accepted form,
// and otherwise the closest disagreement.
func (r record) matches(m *mention) (ok bool, year, md cmpResult) {
	year, md = cmpDiff, cmpDiff
	for _, f := range r.forms(m.style) {
		y, d := compare(m, f)
		if y != cmpDiff && d != cmpDiff {
			return true, y, d
		}
		if y == cmpEq || d == cmpEq || (year == cmpDiff && md == cmpDiff) {
			year, md = y, d
		}
	}
	return false, year, md
}

func (d *doc) checkClaim(f *findings, r record, m *mention) {
	class := d.classify(r, m)
	if class == notClaim || f.has(m.start, m.end) {
		return
	}
	ok, year, md := r.matches(m)
	if ok {
		return
	}
	if d.oldStyleUnmarked(f, r, m) {
		return
	}
	said, want := describe(m), describeRecord(r.date)
	if class == asideClaim {
		f.add(m.start, m.end, RuleDateMismatch, Warning, fmt.Sprintf(
			"The lead opens with %s and gives the record's %s later; make sure the first tells another moment.", said, want))
		return
	}
	if m == d.dateline && d.prelude(r, m) {
		f.add(m.start, m.end, RuleDateMismatch, Warning, fmt.Sprintf(
			"The lead opens on %s, before the record's %s, which the text gives later; make sure the lead tells what came before.", said, want))
		return
	}
	strong := class == strongClaim
	switch {
	case year == cmpEq && !strong:
		f.add(m.start, m.end, RuleDateMismatch, Warning, fmt.Sprintf(
			"This sentence opens with %s, in the event's year but not on its day (the record says %s); make sure it is not meant as the event's date.", said, want))
	case year == cmpEq || (year == cmpNA && md == cmpDiff && strong):
		f.add(m.start, m.end, RuleDateMismatch, Error, fmt.Sprintf(
			"The text dates the event %s, but the record says %s.", said, want))
	case md == cmpEq || (md == cmpNA && strong):
		f.add(m.start, m.end, RuleYearMismatch, Error, fmt.Sprintf(
			"The text gives the year as %s, but the record says %s.", yearOf(m), want))
	case strong && (m.restated || m.ctx != ctxNone || !d.givesYear(r)):
		// Day and year both wrong where the event is told again (or where
		// the birth or death is the event, or where the text never names
		// the record's year): the article dates the event elsewhere, as it
		// does when an editor has corrected the record's day and year and
		// the text still has the old date.
		f.add(m.start, m.end, RuleDateMismatch, Error, fmt.Sprintf(
			"The text dates the event %s, but the record says %s.", said, want))
	case strong:
		// The lead opens with a date in another year without telling the
		// event again, and the record's year is named elsewhere: as likely
		// background ("On 4 October 1957, Sputnik 1 …" over the Moon
		// landing of 1969) as a wrong date.
		f.add(m.start, m.end, RuleDateMismatch, Warning, fmt.Sprintf(
			"This sentence seems to date the event %s, but the record says %s; check which is meant.", said, want))
	}
}

// oldStyleUnmarked catches the common case of an Old Style date under a
// Gregorian record ("25 October 1917" for 7 November 1917): right, but it
// must say which calendar it uses. Only a full date can be an Old Style
// date, and only before 1924, when the last Orthodox country (Greece) left
// the Julian calendar.
func (d *doc) oldStyleUnmarked(f *findings, r record, m *mention) bool {
	if m.style != styleNone || r.date.Precision != flashback.PrecisionDay || r.date.Calendar != flashback.Gregorian ||
		m.day == 0 || r.date.Year > lastJulianYear {
		return false
	}
	j := r.date.In(flashback.Julian)
	if y, md := compare(m, j); y == cmpDiff || md != cmpEq {
		return false
	}
	f.add(m.start, m.end, RuleCalendarStyle, Warning, fmt.Sprintf(
		"%s is the record's date (%s) in the Julian calendar; mark it \"(O.S.)\" or give the Gregorian date.",
		describe(m), r.date))
	return true
}

func describe(m *mention) string {
	switch {
	case m.day != 0 && m.hasYear:
		return fmt.Sprintf("%d %s %s", m.day, m.month, flashback.FormatYear(m.year))
	case m.day != 0:
		return fmt.Sprintf("%d %s", m.day, m.month)
	case m.month != 0:
		return fmt.Sprintf("%s %s", m.month, flashback.FormatYear(m.year))
	}
	return flashback.FormatYear(m.year)
}

func yearOf(m *mention) string { return flashback.FormatYear(m.year) }

func describeRecord(h flashback.HistDate) string {
	if h.Precision == flashback.PrecisionDay && h.Calendar == flashback.Julian {
		return fmt.Sprintf("%s (Julian; %s Gregorian)", h, h.In(flashback.Gregorian))
	}
	return h.String()
}
