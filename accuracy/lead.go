package accuracy

import (
	"fmt"

	"flashback"
)

// The lead paragraph of a news story dates its event: "Shortly before eight
// o'clock on the morning of Sunday, 7 December 1941, …", "By the evening of
// 14 July 1789, …", "Waterloo (18 June 1815) ended …", "In March 1946 he
// travelled to Fulton". Whatever words come before it, the lead's first
// date is a claim about the event's own date; so is the lead's first year
// when the lead gives no date and does not name the record's year at all.

// leadPara returns the paragraph of the lead sentence, or -1.
func (d *doc) leadPara() int {
	for _, s := range d.sents {
		if s.lead {
			return d.toks[s.first].para
		}
	}
	return -1
}

// findDateline returns the first date with a month in the lead paragraph
// that is not approximate, measured against something else, told outside
// the story's time (see offStory), or someone's birth or death other than
// the event's. A heading that is nothing but a date ("## Sunday, 13 August
// 1961") comes first: it is the article's dateline. A lead that gives the
// record's date anywhere, or follows a chronology whose entries do ("- 18
// June: Waterloo"), has no dateline to dispute: its other dates tell other
// moments ("Thursday, 4 October 1582 was followed by Friday, 15 October").
func (d *doc) findDateline(r record) *mention {
	para := d.leadPara()
	var first *mention
	for i := range d.ments {
		m := &d.ments[i]
		if m.sent < 0 || m.circa {
			continue
		}
		inLead := d.toks[m.first].para == para
		entry := !inLead && d.toks[m.first].para < para && (m.opening || m.listEntry) && !d.sents[m.sent].prose
		if !inLead && !entry {
			continue
		}
		if r.givesDay(m) {
			d.leadDated = true
			return nil
		}
		if first == nil && d.datelineCandidate(r, m) && (!entry || d.dateOnly(m)) {
			first = m
		}
	}
	if first != nil && (first.day != 0 || r.date.Precision != flashback.PrecisionDay) {
		return first
	}
	if next := d.storyDate(r, para, first); next != nil {
		return next
	}
	return first
}

// datelineCandidate reports whether m may date the event: a date with a
// month, not measured against something else, not told outside the story's
// time, and not someone's birth or death other than the event's.
func (d *doc) datelineCandidate(r record, m *mention) bool {
	if !m.isDate() || m.relative || m.zero || d.offStory(m) {
		return false
	}
	return m.ctx == ctxNone || d.isLifeEvent(r, m)
}

// storyDate looks past a lead that tells the background ("The weather nearly
// stopped it. Overlord had been set for 5 June …") or dates the event only
// to its month ("in June 1215"): the next paragraph's first date that sets
// the time of its sentence, in its first clause ("On 16 June John set his
// seal …", "At 6.30 a.m. on 7 June …"), then dates the event, if it agrees
// with the lead's month. "…, in which the year began on 25 March" does not.
func (d *doc) storyDate(r record, leadPara int, partial *mention) *mention {
	next := -1
	for _, s := range d.sents {
		if p := d.toks[s.first].para; p > leadPara && s.prose {
			next = p
			break
		}
	}
	for i := range d.ments {
		m := &d.ments[i]
		if m.sent < 0 || m.circa || d.toks[m.first].para != next {
			continue
		}
		if r.givesDay(m) {
			return nil
		}
		if m.day == 0 || !(m.opening || m.onBefore) || !d.inFirstClause(m) || !d.datelineCandidate(r, m) {
			continue
		}
		if partial != nil && (m.month != partial.month || (m.hasYear && m.year != partial.year)) {
			continue
		}
		return m
	}
	return nil
}

// dateOnly reports whether m's sentence holds nothing but m and punctuation.
func (d *doc) dateOnly(m *mention) bool {
	s := d.sents[m.sent]
	for k := s.first; k < s.end; k++ {
		if (k < m.firstTok || k > m.lastTok) && d.toks[k].kind != tPunct {
			return false
		}
	}
	return true
}

// givesDay reports whether m states the record's date as precisely as the
// record has it, in some accepted form.
func (r record) givesDay(m *mention) bool {
	if !m.isDate() || (m.day == 0) != (r.date.Precision == flashback.PrecisionMonth) {
		return false
	}
	for _, f := range r.forms(m.style) {
		if y, md := compare(m, f); md == cmpEq && y != cmpDiff {
			return true
		}
	}
	return false
}

// offStory reports whether the clause of m is told outside the story's own
// time: in the pluperfect, what had happened before ("he had left Alma-Ata
// on 21 January"), or as a plan ("agree to transfer the canal in 2000").
func (d *doc) offStory(m *mention) bool {
	from, to := d.clauseOf(m)
	for _, t := range d.toks[from:to] {
		if t.lower == "had" {
			return true
		}
	}
	// The plan must govern the date: "who would explain the origin of
	// species was born on …" is a birth; the "was" ends the search.
	for k := m.firstTok - 1; k >= from && !clauseWords[d.toks[k].lower]; k-- {
		if planWords[d.toks[k].lower] {
			return true
		}
	}
	return false
}

// recordYears are the years the record's date may be written in: its own,
// and for a day near the new year the other calendar's.
func (r record) recordYears() map[int]bool {
	years := map[int]bool{r.date.Year: true}
	if r.date.Precision == flashback.PrecisionDay {
		years[r.date.In(flashback.Gregorian).Year] = true
		years[r.date.In(flashback.Julian).Year] = true
	}
	return years
}

// checkLeadYear reports the lead paragraph's first year when the paragraph
// names the record's year nowhere: "In 1958, the Soviet Union placed the
// first satellite in orbit" over a record of 1957.

// datesLead reports whether a year in the lead dates the event: it opens its
// sentence and so sets the story's time ("In 1958, …", "1930: …"), its
// clause tells the headline's event, or it is the birth or death that is
// the event. "He was killed in Mexico in 1940" in a lead about an exile is
// background.
func (d *doc) datesLead(r record, m *mention) bool {
	if m.ctx != ctxNone {
		return d.isLifeEvent(r, m)
	}
	return m.opening || (m.restated && !d.offStory(m))
}
func (d *doc) checkLeadYear(f *findings, r record) {
	if !r.date.HasYear() {
		return
	}
	years, para := r.recordYears(), d.leadPara()
	var first *mention
	for i := range d.ments {
		m := &d.ments[i]
		if m.sent < 0 || d.toks[m.first].para != para || !m.hasYear || m.circa {
			continue
		}
		if years[m.year] {
			return // the lead names the record's year
		}
		if first == nil && !m.zero && !m.relative && (m.isDate() || m.marked) && d.datesLead(r, m) {
			first = m
		}
	}
	if first == nil || f.has(first.start, first.end) {
		return
	}
	f.add(first.start, first.end, RuleYearMismatch, Error, fmt.Sprintf(
		"The lead dates the event to %s, but the record says %s.", yearOf(first), describeRecord(r.date)))
}

// prelude reports whether the dateline m tells what led up to the event:
// it falls earlier in the record's year, its clause does not tell the
// headline's event, and the text's prose gives the record's date elsewhere
// (a page heading such as "Flashback to June 17" does not count). "At
// 11.40 p.m. on 14 April 1912, the lookout rang the bell" opens the story of
// a sinking the article dates 15 April; "In January 1969, NASA named the
// crew of Apollo 11" opens the landing of 20 July.
func (d *doc) prelude(r record, m *mention) bool {
	if m.restated || r.date.Precision == flashback.PrecisionMonthDay || !r.date.HasYear() ||
		r.date.Precision == flashback.PrecisionYear {
		return false
	}
	f := r.date
	if m.style == styleNew || (m.style == styleNone && f.Calendar == flashback.Julian && m.month != f.Month) {
		f = f.In(flashback.Gregorian)
	}
	if m.hasYear && m.year != f.Year {
		return false
	}
	if m.month > f.Month || (m.month == f.Month && (m.day == 0 || m.day >= f.Day)) {
		return false
	}
	for i := range d.ments {
		o := &d.ments[i]
		if o != m && !o.circa && o.sent >= 0 && d.sents[o.sent].prose && r.givesDay(o) {
			return true
		}
	}
	return false
}

// checkEquivalents checks a date marked with its calendar ("5 March New
// Style", "8 November by the Gregorian calendar") in a sentence that gives
// the record's date: it is that date's conversion and must be the right one.
func (d *doc) checkEquivalents(f *findings, r record) {
	if r.date.Precision != flashback.PrecisionDay {
		return
	}
	for i := range d.ments {
		m := &d.ments[i]
		if m.style == styleNone || m.day == 0 || m.circa || m.sent < 0 || r.givesDay(m) || f.has(m.start, m.end) {
			continue
		}
		if !d.sentenceGivesDay(r, m) {
			continue
		}
		cal := flashback.Gregorian
		if m.style == styleOld {
			cal = flashback.Julian
		}
		f.add(m.start, m.end, RuleDateMismatch, Error, fmt.Sprintf(
			"The text gives %s as the %s date of the event, but the record's %s is %s in that calendar.",
			describe(m), calendarName(cal), describeRecord(r.date), r.date.In(cal)))
	}
}

// sentenceGivesDay reports whether another date in m's sentence gives the
// record's date.
func (d *doc) sentenceGivesDay(r record, m *mention) bool {
	for i := range d.ments {
		o := &d.ments[i]
		if o != m && o.sent == m.sent && !o.circa && r.givesDay(o) {
			return true
		}
	}
	return false
}

// givesYear reports whether any year in the text is the record's, or the
// record has no year to give, or the text is too short to be expected to:
// a headline or a one-paragraph entry often leaves the year to the date
// line, while an article of several paragraphs names it.
func (d *doc) givesYear(r record) bool {
	if !r.date.HasYear() || d.proseParagraphs() < 2 {
		return true
	}
	years := r.recordYears()
	for i := range d.ments {
		if m := &d.ments[i]; m.hasYear && years[m.year] {
			return true
		}
	}
	return false
}

// proseParagraphs counts the paragraphs that hold running text.
func (d *doc) proseParagraphs() int {
	n, last := 0, -1
	for _, s := range d.sents {
		if p := d.toks[s.first].para; s.prose && p != last {
			n, last = n+1, p
		}
	}
	return n
}

// inFirstClause reports whether no comma, colon or bracket stands between
// the start of m's sentence and m.
func (d *doc) inFirstClause(m *mention) bool {
	for k := d.sents[m.sent].first; k < m.firstTok; k++ {
		if isClauseMark(d.toks[k]) {
			return false
		}
	}
	return true
}
