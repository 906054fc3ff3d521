package bsdcal

import (
	"path"
	"regexp"
	"strings"

	"flashback"
)

// The words that make an entry a death or a birth. The files are mostly
// English; a few of Debian's are German (de_DE) or Spanish
// (calendar.argentina), so their plain verbs are listed too.
var (
	// In the files about people (calendar.birthday, calendar.music) any
	// word for an end means a death: "Leon Trotsky assassinated", "Joseph
	// Stalin's burial", "Lynyrd Skynyrd die in a plane crash".
	peopleDeath = regexp.MustCompile(`(?i)\b(die|dies|died|death|killed|assassinated|assasinated|burial|gestorben|stirbt|muere|fallece|fallecimiento)\b`)
	peopleBirth = regexp.MustCompile(`(?i)\b(born|birthday|baptized|baptised|geboren|nace|nacimiento)\b`)
	// Elsewhere a killing is itself the event of history (an assassination,
	// a massacre, an execution), so only the plain words for a death count;
	// "birthday" there names an observance ("Dr. Sun Yat-sen's Birthday in
	// Taiwan") and "birth" a beginning ("American Birth Control League").
	// "die" is left out: it is also German's article.
	plainDeath = regexp.MustCompile(`(?i)\b(dies|died|death of|gestorben|stirbt|muere|fallece|fallecimiento)\b`)
	plainBirth = regexp.MustCompile(`(?i)\b(born|baptized|baptised|geboren|nace|nacimiento)\b`)
	// Institutions are "born" too: "US Navy born, 1775", "Independent union
	// "Solidarnosc" born". A birth after one of these words is not a person's.
	institution = regexp.MustCompile(`(?i)\b(navy|army|marines|union|party|league|republic|company|corporation|movement)\b`)
)

// idioms are phrases in which a birth or death word means something else.
var idioms = [...]string{"death valley", "dies irae"}

// fileKind is what the name of a calendar file says about its entries.
type fileKind struct {
	category string // of the entries that are neither births nor deaths
	// people marks the files about people, where the broad words apply and
	// an entry needs no year to be a birth ("Millard Fillmore's birthday").
	people bool
}

// Category chooses the category of an entry from the file it came from and
// its text. An entry with a year that tells of a birth or a death is one in
// any file; the rest take the category of their file, and a file whose
// name is not known is taken for history.
func Category(origin string, e Entry) string {
	kind := kindOf(origin)
	if kind.people {
		return personal(kind.category, e.Text)
	}
	// Without a year an entry is an observance or a joke ("Queen's Birthday
	// in Fiji", "People of superb intelligence … born this day"), not a life.
	if !e.HasYear {
		return kind.category
	}
	switch {
	case mention(plainDeath, e.Text) >= 0:
		return flashback.CategoryDeaths
	case personBorn(plainBirth, e.Text):
		return flashback.CategoryBirths
	}
	return kind.category
}

// personal chooses between births, deaths and the file's own category for
// an entry of a file about people.
func personal(category, text string) string {
	switch {
	case mention(peopleDeath, text) >= 0:
		return flashback.CategoryDeaths
	case category == flashback.CategoryBirths || personBorn(peopleBirth, text):
		return flashback.CategoryBirths
	}
	return category
}

// personBorn reports whether text tells of a person's birth in the words
// of re, rather than an institution's.
func personBorn(re *regexp.Regexp, text string) bool {
	i := mention(re, text)
	return i >= 0 && !institution.MatchString(text[:i])
}

// mention returns where re first matches text as a word of its own, or -1.
// Parts of hyphenated words ("first-born", "born-again") and idioms do not
// count; "reborn" and "stillborn" never match, being one word.
func mention(re *regexp.Regexp, text string) int {
	for _, m := range re.FindAllStringIndex(text, -1) {
		before, rest := text[:m[0]], text[m[0]:]
		if strings.HasSuffix(before, "-") || strings.HasPrefix(text[m[1]:], "-") || idiom(rest) {
			continue
		}
		return m[0]
	}
	return -1
}

// idiom reports whether s starts with one of the idioms.
func idiom(s string) bool {
	s = strings.ToLower(s)
	for _, p := range idioms {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// kindOf reads the name of a calendar file, "calendar.NAME" in any
// directory, with a year after the name in the one-year files
// (calendar.judaic.2024).
func kindOf(origin string) fileKind {
	name := strings.ToLower(path.Base(strings.ReplaceAll(origin, `\`, "/")))
	name = strings.TrimPrefix(name, "calendar.")
	if i := strings.LastIndexByte(name, '.'); i > 0 && digits(name[i+1:]) {
		name = name[:i]
	}
	switch name {
	case "birthday":
		return fileKind{category: flashback.CategoryBirths, people: true}
	case "music":
		return fileKind{category: flashback.CategoryMusic, people: true}
	case "musik":
		return fileKind{category: flashback.CategoryMusic}
	case "computer", "wissenschaft":
		return fileKind{category: flashback.CategoryScience}
	case "literatur":
		return fileKind{category: flashback.CategoryCulture}
	}
	if holidayFile(name) {
		return fileKind{category: flashback.CategoryHolidays}
	}
	return fileKind{category: flashback.CategoryHistory}
}

// holidayFile reports whether a calendar file lists holidays, feasts and
// days of observance: the national and religious files of Debian's package
// calendar and of its language directories. calendar.argentina,
// calendar.belgium and calendar.eu are histories, not holiday lists.
func holidayFile(name string) bool {
	switch name {
	case "holiday", "usholiday", "christian", "judaic", "pagan", "discordian",
		"australia", "croatian", "dutch", "french", "german", "hungarian",
		"kazakhstan", "newzealand", "russian", "southafrica", "thai",
		"ukrainian", "unitedkingdom",
		// de_AT, de_DE, fr_FR, hr_HR, hu_HU, pt_BR, ru_RU, uk_UA
		"feiertag", "kirche", "fetes", "jferies", "praznici", "unnepek",
		"nevnapok", "holidays", "commemorative", "mcommemorative", "orthodox",
		"military", "common":
		return true
	}
	return false
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
