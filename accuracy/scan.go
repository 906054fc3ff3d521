package accuracy

import "time"

type lifeCtx uint8

const (
	ctxNone lifeCtx = iota
	ctxBorn         // "born on …", "(b. 1879)"
	ctxDied         // "died on …"
)

// mention is one date or year found in the text. Month and Day are zero when
// the text does not give them.
type mention struct {
	first, last int // tokens of the date itself, inclusive
	start, end  int // bytes of the date itself
	year        int // astronomical
	hasYear     bool
	month       time.Month
	day         int
	// A weekday written with the date; wdStart/wdEnd span weekday and date.
	weekday           time.Weekday
	hasWeekday        bool
	wdStart, wdEnd    int
	style             style
	circa             bool
	zero              bool // "0 BC", "AD 0", "year 0": there is no year zero
	marked            bool // a bare year introduced as one ("in 1927", "44 BC")
	sent              int
	ctx               lifeCtx
	opening           bool // opens its sentence, perhaps after "On"
	onBefore          bool // introduced by "on"
	listEntry         bool // opens a list item: "- 18 June: Waterloo"
	relative          bool // measured against something else: "weeks after …"
	restated          bool // its clause tells the headline's event again
	firstTok, lastTok int  // tokens including a weekday
}

func (m *mention) isDate() bool { return m.month != 0 }

type scanner struct {
	toks []token
	used []bool // tokens that belong to a mention
}

// scanMentions finds every date and year in the tokens, left to right.
func scanMentions(toks []token) ([]mention, []bool) {
	s := &scanner{toks: toks, used: make([]bool, len(toks))}
	var out []mention
	for i := 0; i < len(toks); {
		m, ok := s.dateAt(i)
		if !ok {
			m, ok = s.bareYearAt(i)
		}
		if !ok {
			i++
			continue
		}
		s.finish(&m)
		out = append(out, m)
		i = m.lastTok + 1
	}
	return out, s.used
}

func (s *scanner) tok(i int) (token, bool) {
	if i < 0 || i >= len(s.toks) {
		return token{}, false
	}
	return s.toks[i], true
}

func (s *scanner) isPunct(i int, p string) bool {
	t, ok := s.tok(i)
	return ok && t.kind == tPunct && t.lower == p
}

func (s *scanner) isWord(i int, w string) bool {
	t, ok := s.tok(i)
	return ok && t.kind == tWord && t.lower == w
}

// dateAt reads a date with a month at token i: an optional weekday, then
// ISO, month-first, day-first or month-and-year forms.
func (s *scanner) dateAt(i int) (mention, bool) {
	j := i
	wd, hasWd := weekdayOf(s.toks[i])
	if hasWd {
		j++
		if s.isPunct(j, ",") {
			j++
		}
		if s.isWord(j, "the") {
			j++
		}
	}
	if j >= len(s.toks) {
		return mention{}, false
	}
	m, ok := s.isoAt(j)
	if !ok {
		m, ok = s.monthFirstAt(j)
	}
	if !ok {
		m, ok = s.dayFirstAt(j)
	}
	if !ok {
		return m, false
	}
	m.firstTok, m.lastTok = i, m.last
	if hasWd {
		m.weekday, m.hasWeekday = wd, true
	} else {
		s.weekdayAfter(&m)
	}
	return m, true
}

func (s *scanner) span(m *mention, first, last int) {
	m.first, m.last = first, last
	m.start, m.end = s.toks[first].start, s.toks[last].end
}

func (s *scanner) dayAt(i int) (int, bool) {
	t, ok := s.tok(i)
	if !ok || t.kind != tNum || t.bad || t.era != "" || t.digits > 2 || t.num < 1 || t.num > 31 {
		return 0, false
	}
	if _, era := s.eraAfter(i); era {
		return 0, false // "March 44 BC": a year
	}
	return t.num, true
}

func (s *scanner) eraAfter(i int) (string, bool) {
	t, ok := s.tok(i + 1)
	if !ok {
		return "", false
	}
	return eraOf(t)
}

// isoAt reads 1929-01-31.
func (s *scanner) isoAt(i int) (mention, bool) {
	var m mention
	t, ok := s.tok(i + 4)
	if !ok || s.toks[i].kind != tNum || s.toks[i].digits != 4 || s.toks[i].bad || s.toks[i].era != "" {
		return m, false
	}
	for k := 1; k <= 4; k++ {
		if !s.toks[i+k].adjacent {
			return m, false
		}
	}
	mo, d := s.toks[i+2], t
	if !s.isPunct(i+1, "-") || !s.isPunct(i+3, "-") || mo.kind != tNum || mo.digits != 2 ||
		d.kind != tNum || d.digits != 2 || d.bad || d.ordinal || d.era != "" {
		return m, false
	}
	if mo.num < 1 || mo.num > 12 || d.num < 1 || d.num > 31 {
		return m, false
	}
	s.span(&m, i, i+4)
	m.year, m.hasYear, m.month, m.day = s.toks[i].num, true, time.Month(mo.num), d.num
	return m, true
}

// monthFirstAt reads "January 31, 1929", "Jan. 31st", "March 44 BC" and
// "June 1929".
func (s *scanner) monthFirstAt(i int) (mention, bool) {
	var m mention
	mon, ok := monthOf(s.toks[i])
	if !ok {
		return m, false
	}
	m.month = mon
	j := i + 1
	if d, ok := s.dayAt(j); ok {
		m.day = d
		s.span(&m, i, j)
		j++
		if s.isPunct(j, ",") {
			j++
		}
		s.yearInto(&m, j)
		return m, true
	}
	if s.yearInto(&m, j) {
		m.first = i
		m.start = s.toks[i].start
		return m, true
	}
	return m, false
}

// dayFirstAt reads "31 January 1929", "31st of January, 1929", "31 January".
func (s *scanner) dayFirstAt(i int) (mention, bool) {
	var m mention
	d, ok := s.dayAt(i)
	if !ok {
		return m, false
	}
	j := i + 1
	if s.isWord(j, "of") {
		j++
	}
	t, ok := s.tok(j)
	if !ok {
		return m, false
	}
	mon, ok := monthOf(t)
	if !ok {
		return m, false
	}
	m.month, m.day = mon, d
	s.span(&m, i, j)
	j++
	if s.isPunct(j, ",") {
		j++
	}
	s.yearInto(&m, j)
	return m, true
}

// yearInto extends m with a year at token i, if there is one.
func (s *scanner) yearInto(m *mention, i int) bool {
	y, last, zero, _, ok := s.yearAt(i, true)
	if !ok {
		return false
	}
	m.year, m.hasYear, m.zero = y, true, zero
	m.last, m.end = last, s.toks[last].end
	return true
}

// yearAt reads a year at token i: "AD 79", "44 BC", "79 AD", and, when plain
// is set, a bare 3- or 4-digit number. It returns the astronomical year.
func (s *scanner) yearAt(i int, plain bool) (year, last int, zero, era, ok bool) {
	t, has := s.tok(i)
	if !has {
		return 0, 0, false, false, false
	}
	if e, isEra := eraOf(t); isEra && e == "ad" {
		n, has := s.tok(i + 1)
		if has && n.kind == tNum && !n.bad && !n.ordinal && n.era == "" && n.digits <= 4 {
			return n.num, i + 1, n.num == 0, true, true
		}
		return 0, 0, false, false, false
	}
	if t.kind != tNum || t.bad || t.ordinal || t.digits > 4 {
		return 0, 0, false, false, false
	}
	e, last := t.era, i
	if e == "" {
		if ae, ok := s.eraAfter(i); ok {
			e, last = ae, i+1
		}
	}
	switch {
	case e == "bc":
		return 1 - t.num, last, t.num == 0, true, true
	case e == "ad":
		return t.num, last, t.num == 0, true, true
	case plain && t.digits >= 3 && !s.ageLike(i):
		return t.num, i, false, false, true
	}
	return 0, 0, false, false, false
}

// ageLike is true for "1500-year-old" and "1000 years": quantities, not years.
func (s *scanner) ageLike(i int) bool {
	if s.isPunct(i+1, "-") && (s.isWord(i+2, "year") || s.isWord(i+2, "years")) {
		return true
	}
	return s.isWord(i+1, "years") || s.isWord(i+1, "year")
}

// bareYearAt reads a year standing alone: "in 1927", "44 BC", "the year 0".
func (s *scanner) bareYearAt(i int) (mention, bool) {
	var m mention
	prev, _ := s.tok(i - 1)
	afterYear := prev.kind == tWord && prev.lower == "year"
	t := s.toks[i]
	if afterYear && t.kind == tNum && !t.bad && !t.ordinal && t.digits <= 4 && t.era == "" {
		if _, era := s.eraAfter(i); !era {
			s.span(&m, i, i)
			m.year, m.hasYear, m.zero, m.marked = t.num, true, t.num == 0, true
			m.firstTok, m.lastTok = i, i
			return m, true
		}
	}
	if t.kind == tNum && t.digits == 3 && t.era == "" && !afterYear {
		if _, era := s.eraAfter(i); !era {
			return m, false // "300 ships": a 3-digit year needs an era
		}
	}
	if isCurrency(prev) {
		return m, false
	}
	y, last, zero, era, ok := s.yearAt(i, true)
	if !ok {
		return m, false
	}
	s.span(&m, i, last)
	m.year, m.hasYear, m.zero = y, true, zero
	// "1930: Trotsky exiled" — a year heading a line is one too.
	heads := i == 0 || prev.kind == tBreak || s.isPunct(last+1, ":")
	m.marked = era || afterYear || heads || (prev.kind == tWord && (yearLeadWords[prev.lower] || circaWords[prev.lower]))
	m.firstTok, m.lastTok = i, last
	return m, true
}

func isCurrency(t token) bool {
	return t.kind == tPunct && (t.lower == "$" || t.lower == "£" || t.lower == "€" || t.lower == "#")
}

// weekdayAfter reads a weekday written after a date: "31 January 1929, a
// Thursday", "January 31, 1929 (Thursday)".
func (s *scanner) weekdayAfter(m *mention) {
	j := m.last + 1
	for k := 0; k < 4; k++ {
		t, ok := s.tok(j)
		if !ok {
			return
		}
		if wd, ok := weekdayOf(t); ok {
			m.weekday, m.hasWeekday, m.lastTok = wd, true, j
			if s.isPunct(j+1, ")") {
				m.lastTok = j + 1
			}
			return
		}
		if !(t.kind == tPunct && (t.lower == "," || t.lower == "(")) &&
			!(t.kind == tWord && (t.lower == "a" || t.lower == "which" || t.lower == "was")) {
			return
		}
		j++
	}
}

// finish records the style marker, circa and birth/death context of m and
// claims its tokens.
func (s *scanner) finish(m *mention) {
	m.wdStart, m.wdEnd = s.toks[m.firstTok].start, s.toks[m.lastTok].end
	for k := m.firstTok; k <= m.lastTok; k++ {
		s.used[k] = true
	}
	m.style = s.styleNear(m)
	if p, ok := s.tok(m.firstTok - 1); ok && p.kind == tWord && circaWords[p.lower] {
		m.circa = true
	}
	m.ctx = s.lifeContext(m.firstTok)
}
