package accuracy

// styleNear finds "(O.S.)", "Old Style", "N.S.", "Julian" just after the date,
// or "[O.S." just before it.
func (s *scanner) styleNear(m *mention) style {
	if p, ok := s.tok(m.firstTok - 1); ok && p.kind == tWord {
		if st := styleWord(p); st != styleNone {
			return st
		}
	}
	for j := m.lastTok + 1; j <= m.lastTok+5; j++ {
		t, ok := s.tok(j)
		if !ok || t.kind == tBreak || t.kind == tNum {
			return styleNone
		}
		if t.kind == tPunct {
			if t.lower == "(" || t.lower == "[" || t.lower == "," {
				continue
			}
			return styleNone
		}
		if st := styleWord(t); st != styleNone {
			if n, ok := s.tok(j + 1); ok && n.kind == tNum {
				return styleNone // "[O.S. 25 October]": another date, not a marker
			}
			return st
		}
		switch t.lower {
		case "old":
			if s.isWord(j+1, "style") {
				return styleOld
			}
		case "new":
			if s.isWord(j+1, "style") {
				return styleNew
			}
		case "in", "the", "by", "proleptic":
			continue
		}
		return styleNone
	}
	return styleNone
}

// lifeContext tells whether the date at token i is someone's birth or death:
// "born on", "(b. 1879)", "who was born in Yanovka on …", "died in", and
// across a place set off by commas, "died at New Place, his house in
// Stratford-upon-Avon, on 23 April 1616". A new predicate ("was", "and")
// ends the search: the date then belongs to another verb.
func (s *scanner) lifeContext(i int) lifeCtx {
	for j := i - 1; j >= 0 && j >= i-16; j-- {
		t := s.toks[j]
		if t.kind == tBreak || s.used[j] || clauseWords[t.lower] {
			return ctxNone
		}
		if t.kind == tPunct && t.lower != "(" && t.lower != "," && t.lower != "-" {
			return ctxNone
		}
		switch t.lower {
		case "born", "b.":
			return ctxBorn
		case "died", "d.":
			return ctxDied
		}
	}
	return ctxNone
}
