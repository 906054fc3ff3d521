package accuracy

import (
	"strings"
	"time"
)

var monthNames = map[string]time.Month{
	"january": time.January, "february": time.February, "march": time.March,
	"april": time.April, "may": time.May, "june": time.June, "july": time.July,
	"august": time.August, "september": time.September, "october": time.October,
	"november": time.November, "december": time.December,
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April,
	"jun": time.June, "jul": time.July, "aug": time.August, "sep": time.September,
	"sept": time.September, "oct": time.October, "nov": time.November, "dec": time.December,
}

// monthOf reads a capitalised month name or abbreviation; lower-case "may"
// and "march" are a verb and a noun far more often than months.
func monthOf(t token) (time.Month, bool) {
	if t.kind != tWord || !t.cap {
		return 0, false
	}
	m, ok := monthNames[strings.TrimSuffix(t.lower, ".")]
	return m, ok
}

var weekdayNames = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday,
	"saturday": time.Saturday,
	"sun.":     time.Sunday, "mon.": time.Monday, "tue.": time.Tuesday, "tues.": time.Tuesday,
	"wed.": time.Wednesday, "thu.": time.Thursday, "thur.": time.Thursday,
	"thurs.": time.Thursday, "fri.": time.Friday, "sat.": time.Saturday,
}

func weekdayOf(t token) (time.Weekday, bool) {
	if t.kind != tWord || !t.cap {
		return 0, false
	}
	w, ok := weekdayNames[t.lower]
	return w, ok
}

// eraOf reads an era marker written in capitals: "BC", "B.C.", "BCE", "AD",
// "A.D.", "CE". It returns "bc" or "ad".
func eraOf(t token) (string, bool) {
	if t.kind != tWord || !t.upper {
		return "", false
	}
	switch strings.ReplaceAll(t.lower, ".", "") {
	case "bc", "bce":
		return "bc", true
	case "ad", "ce":
		return "ad", true
	}
	return "", false
}

// calendar style markers near a date.
type style uint8

const (
	styleNone style = iota
	styleOld        // Julian, "O.S.", "Old Style"
	styleNew        // Gregorian, "N.S.", "New Style"
)

func styleWord(t token) style {
	switch strings.TrimSuffix(t.lower, ".") {
	case "o.s", "os", "julian":
		return styleOld
	case "n.s", "ns", "gregorian":
		return styleNew
	}
	return styleNone
}

// circaWords make a following year approximate.
var circaWords = map[string]bool{
	"c.": true, "ca.": true, "circa": true, "around": true, "about": true,
	"approximately": true, "roughly": true, "c": true,
}

// yearLeadWords mark a following bare number as a year.
var yearLeadWords = map[string]bool{
	"in": true, "of": true, "year": true, "since": true, "until": true, "till": true,
	"by": true, "from": true, "during": true, "before": true, "after": true,
	"to": true, "between": true, "and": true, "early": true, "late": true, "mid": true,
	"summer": true, "winter": true, "spring": true, "autumn": true, "fall": true,
}

// relativeWords in the clause before a date show that the date is not the
// event's own but one it is measured against: "weeks after the decision on …".
var relativeWords = map[string]bool{
	"after": true, "before": true, "since": true, "until": true, "till": true,
	"following": true, "prior": true, "preceding": true, "earlier": true,
	"later": true, "ago": true, "between": true, "anniversary": true,
	"next": true, "within": true, "subsequently": true, "previous": true, "eve": true,
}

// rangeWords directly before a date mark it as one end of a span, or as a
// cross-reference ("cf. June 21").
var rangeWords = map[string]bool{
	"from": true, "to": true, "by": true, "through": true, "and": true, "till": true,
	"until": true, "than": true, "cf.": true, "cf": true, "see": true,
}

// planWords before a date in its clause make it a plan or a promise, not
// what happened: "agree to transfer the canal in the year 2000".
var planWords = map[string]bool{
	"will": true, "would": true, "shall": true, "plan": true, "plans": true, "planned": true,
	"scheduled": true, "due": true, "agree": true, "agrees": true, "agreed": true,
	"promise": true, "promises": true, "promised": true, "intend": true, "intends": true,
	"intended": true, "decide": true, "decides": true, "decided": true,
}

// lifeWords introduce a birth or death year directly: "born 1879", "(d. 1940)".
var lifeWords = map[string]bool{"born": true, "b.": true, "died": true, "d.": true}

var unitWords = map[string]bool{
	"day": true, "days": true, "week": true, "weeks": true, "month": true,
	"months": true, "year": true, "years": true, "decade": true, "decades": true,
	"fortnight": true,
}

// clauseWords start a new predicate: a date after them is not governed by a
// "born" or "died" before them.
var clauseWords = map[string]bool{
	"was": true, "were": true, "is": true, "and": true, "but": true, "had": true,
	"has": true, "which": true, "while": true,
}

// determiners before a weekday make it refer to a day just told.
var determiners = map[string]bool{"a": true, "the": true, "that": true, "this": true}

// otherDayWords before a weekday make it another day than the one told.
var otherDayWords = map[string]bool{
	"next": true, "following": true, "previous": true, "last": true, "every": true,
	"each": true, "preceding": true,
}

// clockWords name a time of day: "shortly after midnight on …".
var clockWords = map[string]bool{
	"noon": true, "midnight": true, "midday": true, "dawn": true, "dusk": true,
	"daybreak": true, "sunrise": true, "sunset": true, "nightfall": true,
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true,
	"seven": true, "eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true,
}

// lastJulianYear is the last year any country kept the Julian calendar for
// civil dates (Greece changed in 1923).
const lastJulianYear = 1923

// sameDayWords before "after" or "before" keep a date on the same day as
// what it is measured against.
var sameDayWords = map[string]bool{
	"shortly": true, "just": true, "soon": true, "immediately": true, "moments": true,
	"minutes": true, "hours": true, "seconds": true, "right": true,
}

// timeAdjectives are relative only before a word of time: "the next day",
// but "the next room".
var timeAdjectives = map[string]bool{"next": true, "previous": true, "following": true, "preceding": true}

// partsOfDay and seasons complete unitWords as words of time.
var partsOfDay = map[string]bool{
	"morning": true, "afternoon": true, "evening": true, "night": true, "dawn": true,
	"spring": true, "summer": true, "autumn": true, "winter": true, "fall": true,
}
