package bsdcal

import "testing"

func TestSplitYear(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		rest   string
		year   int
		ok     bool
		approx bool
	}{
		{"TrailingComma", "Castro expels Cuban President Batista, 1959", "Castro expels Cuban President Batista", 1959, true, false},
		{"ScoreBeforeYear", "First Rose Bowl; Michigan 49 - Stanford 0, 1902", "First Rose Bowl; Michigan 49 - Stanford 0", 1902, true, false},
		{"TwoDigitRomanYear", "The Roman Emperor Nero commits suicide, 68", "The Roman Emperor Nero commits suicide", 68, true, false},
		{"ThreeDigitYear", "Building of Hadrian's Wall begun, 122", "Building of Hadrian's Wall begun", 122, true, false},
		{"BCJoined", "Cleopatra commits suicide, 30BC", "Cleopatra commits suicide", -29, true, false},
		{"BCSpaced", "Rome is founded by Romulus and Remus, 753 BC", "Rome is founded by Romulus and Remus", -752, true, false},
		{"BCDotted", "Death of Alexander the Great, 323 B.C.", "Death of Alexander the Great", -322, true, false},
		{"BCE", "Battle of Marathon, 490 BCE", "Battle of Marathon", -489, true, false},
		{"OneBCIsYearZero", "Something, 1 BC", "Something", 0, true, false},
		{"BCWithFullStop", "Earth created at 6:30 AM, 4004BC.", "Earth created at 6:30 AM", -4003, true, false},
		{"BCInParens", "Alexander the Great dies (323BC)", "Alexander the Great dies", -322, true, false},
		{"YearInParens", `"Star Trek" debuts on NBC (1966)`, `"Star Trek" debuts on NBC`, 1966, true, false},
		{"ADBefore", "Feast of St. Paul's Shipwreck, AD 60", "Feast of St. Paul's Shipwreck", 60, true, false},
		{"ADAfter", "Battle of Hastings, 1066 AD", "Battle of Hastings", 1066, true, false},
		{"Circa", "Gutenberg prints a bible, c. 1455", "Gutenberg prints a bible", 1455, true, true},
		{"Circa2", "Something happens, circa 1400", "Something happens", 1400, true, true},
		{"QuestionMark", "Alexander Hamilton born in Nevis, British West Indies, 1757?", "Alexander Hamilton born in Nevis, British West Indies", 1757, true, true},
		{"AfterFullStop", "The first edition of Life is published. 1936", "The first edition of Life is published", 1936, true, false},
		{"AfterWord", "Sir Edward William Elgar dies 1934", "Sir Edward William Elgar dies", 1934, true, false},
		{"AfterWordWithFullStop", "John Adams born Quincy, Massachusetts 1735.", "John Adams born Quincy, Massachusetts", 1735, true, false},
		{"InsideBeforeComma", "Wilhelm Beer born, 1797, first astronomer to map Mars", "Wilhelm Beer born, first astronomer to map Mars", 1797, true, false},
		{"InsideBeforeSemicolon", "Arago born, 1786; observed Poisson's spot", "Arago born; observed Poisson's spot", 1786, true, false},
		{"InsideBeforeFullStop", "Explorer I launched, 1958.  Van Allen Belt discovered", "Explorer I launched. Van Allen Belt discovered", 1958, true, false},
		{"InsideBeforeParens", "Justice Dept. begins IBM anti-trust suit, 1969 (drops it, January 8, 1982)", "Justice Dept. begins IBM anti-trust suit (drops it, January 8, 1982)", 1969, true, false},
		{"InsideClosingParens", "The Epoch (Time 0 for UNIX systems, Midnight GMT, 1970)", "The Epoch (Time 0 for UNIX systems, Midnight GMT)", 1970, true, false},
		{"InsideBeforeWords", "Claude Debussy dies in Paris, France, 1918 to the sound of World War I", "Claude Debussy dies in Paris, France to the sound of World War I", 1918, true, false},
		{"InsideFirstOfTwo", "Star in Cygnus goes nova, 1975; Nova Cygni 1975.", "Star in Cygnus goes nova; Nova Cygni 1975.", 1975, true, false},
		{"NoYear", "Battle of New Orleans", "Battle of New Orleans", 0, false, false},
		{"YearAtStartIsNotTheDate", "1963 Revolution Anniversary in Iraq", "1963 Revolution Anniversary in Iraq", 0, false, false},
		{"YearInPhrase", "Anniversary of the Revolution of 1810", "Anniversary of the Revolution of 1810", 0, false, false},
		{"YearAfterIn", "Leif Erikson Day commemorates the discovery of North America in AD 1000", "Leif Erikson Day commemorates the discovery of North America in AD 1000", 0, false, false},
		{"NumberInParensIsNotAYear", "Buddhist Holiday (Waisak 2528)", "Buddhist Holiday (Waisak 2528)", 0, false, false},
		{"SmallNumberAfterWord", "Apollo 11", "Apollo 11", 0, false, false},
		{"CountAfterComma", "MyLai Massacre; 300 non-combatant villagers killed", "MyLai Massacre; 300 non-combatant villagers killed", 0, false, false},
		{"ThousandsSeparator", "US buys ~1,000,000 sq. miles of Louisiana", "US buys ~1,000,000 sq. miles of Louisiana", 0, false, false},
		{"NoYearZero", "Something, 0", "Something, 0", 0, false, false},
		{"NoZeroBC", "Something, 0 BC", "Something, 0 BC", 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rest, year, ok, approx := splitYear(tt.text)
			if rest != tt.rest || year != tt.year || ok != tt.ok || approx != tt.approx {
				t.Errorf("splitYear(%q)\n got %q, %d, %v, %v\nwant %q, %d, %v, %v",
					tt.text, rest, year, ok, approx, tt.rest, tt.year, tt.ok, tt.approx)
			}
		})
	}
}
