package accuracy

// A date measured against another moment ("weeks after the decision on 10
// January", "A month later, on 4 August", "On 31 January 1930, a year after
// his exile") is not a claim about the event's own date.

// relativeBefore looks for "after", "before", "since" … in the clause that
// leads up to the date, or in a time phrase set off by a comma just before
// it: "A month later, on 4 August", "The next day, 8 December".
func (d *doc) relativeBefore(m *mention, s sentence) bool {
	j := m.firstTok - 1
	for ; j >= s.first && !isClauseMark(d.toks[j]); j-- {
		if d.relativeAt(j) {
			return true
		}
	}
	if j < s.first || d.toks[j].lower != "," || !d.appositive(j+1, m.firstTok) {
		return false
	}
	for j--; j >= s.first && !isClauseMark(d.toks[j]); j-- {
		if d.relativeAt(j) {
			return true
		}
	}
	return false
}

// relativeAt reports whether token j relates a date to another moment.
// "Shortly after nine", "just before midnight" and "hours after the
// bombing" relate it to a time of its own day, not to another event.
func (d *doc) relativeAt(j int) bool {
	if t := d.toks[j]; t.kind != tWord || !relativeWords[t.lower] {
		return false
	}
	if timeAdjectives[d.toks[j].lower] && (j+1 >= len(d.toks) || !isTimeWord(d.toks[j+1])) {
		return false // "in the next room": not a time
	}
	if j > 0 && sameDayWords[d.toks[j-1].lower] {
		return false // "shortly after the opening bell on 29 October": the same day
	}
	if j+1 >= len(d.toks) {
		return true
	}
	n := d.toks[j+1]
	if clockWords[n.lower] || n.kind == tNum {
		unit := j+2 < len(d.toks) && unitWords[d.toks[j+2].lower]
		return unit // "after 11 days" is a span; "after 11" a clock time
	}
	return true
}

// appositive reports whether the tokens [from, to) are at most "on" and
// "the": the date directly restates the phrase before the comma.
func (d *doc) appositive(from, to int) bool {
	for k := from; k < to; k++ {
		if w := d.toks[k].lower; w != "on" && w != "the" {
			return false
		}
	}
	return true
}

// relativeAfter looks for "a year after", "two weeks later" or "anniversary"
// shortly after the date, as in "On 31 January 1930, a year after his exile".
// A date measured against something other than the headline's event is
// still the event's own: "died on 7 November, a week after leaving home".
func (d *doc) relativeAfter(m *mention, s sentence) bool {
	for j := m.lastTok + 1; j < s.end && j <= m.lastTok+8; j++ {
		t := d.toks[j]
		if t.kind != tWord {
			continue
		}
		if t.lower == "anniversary" {
			return d.namesEvent(j+1, s)
		}
		if unitWords[t.lower] && j+1 < s.end {
			switch d.toks[j+1].lower {
			case "later", "earlier":
				return true
			case "after", "before":
				return d.namesEvent(j+2, s)
			}
		}
	}
	return false
}

// namesEvent reports whether the clause from token i on names the headline's
// event by one of its words; without a headline it is taken to.
func (d *doc) namesEvent(i int, s sentence) bool {
	if len(d.stems) == 0 {
		return true
	}
	for ; i < s.end && !isClauseMark(d.toks[i]); i++ {
		t := d.toks[i]
		if t.kind != tWord {
			continue
		}
		st := stem(t.lower)
		for _, h := range d.stems {
			if st == h {
				return true
			}
		}
	}
	return false
}

// dayRange reports whether m closes a span of days written with a dash, as
// in "the night of 14–15 April 1912": it is one end of the span, not the
// event's date alone.
func (d *doc) dayRange(m *mention, s sentence) bool {
	j := m.firstTok - 1
	if j-1 < s.first {
		return false
	}
	dash, day := d.toks[j], d.toks[j-1]
	return dash.kind == tPunct && (dash.lower == "–" || dash.lower == "-" || dash.lower == "—") &&
		day.kind == tNum && day.digits <= 2
}

// isTimeWord reports whether t names a stretch or point of time: "day",
// "morning", "spring", "Sunday".
func isTimeWord(t token) bool {
	if _, ok := weekdayOf(t); ok {
		return true
	}
	return unitWords[t.lower] || partsOfDay[t.lower]
}
