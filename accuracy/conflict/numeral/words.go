package numeral

import "strings"

// ordinals and cardinals spell the numbers 1 to 19 and the tens; compounds
// ("Twenty-third") join a ten and a unit with a hyphen.
var (
	ordinals = map[string]int{
		"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
		"eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
		"fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
		"nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
		"sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
	}
	cardinals = map[string]int{
		"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
		"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
		"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
	}
	tens = map[string]int{
		"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
		"eighty": 80, "ninety": 90,
	}
)

// ordinalWord reads a spelled ordinal at token i: "Fourteenth", or
// "Twenty-third" over two tokens.
func ordinalWord(toks []token, i int) (n, width int) {
	return spelled(toks, i, ordinals, false)
}

// cardinalWord reads a spelled cardinal at token i: "Eleven", "Twenty-one".
func cardinalWord(toks []token, i int) (n, width int) {
	return spelled(toks, i, cardinals, true)
}

// spelled reads a number word from units (ordinal or cardinal), alone or
// after a ten and a hyphen; tenAlone tells whether a ten is a number by
// itself ("Twenty" is, as a cardinal; as an ordinal it is "Twentieth").
func spelled(toks []token, i int, units map[string]int, tenAlone bool) (n, width int) {
	w := strings.ToLower(toks[i].text)
	if t, ok := tens[w]; ok {
		if i+1 < len(toks) && toks[i+1].before == "-" {
			if u, ok := units[strings.ToLower(toks[i+1].text)]; ok && u < 10 {
				return t + u, 2
			}
		}
		if tenAlone {
			return t, 1
		}
		return 0, 0
	}
	if u, ok := units[w]; ok {
		return u, 1
	}
	return 0, 0
}

// titles are the words before a ruler's name that let a lone "X" or "L"
// after it be a numeral ("Pope Pius X", "Duke Ludwig X").
var titles = map[string]bool{
	"king": true, "queen": true, "pope": true, "antipope": true, "emperor": true, "empress": true,
	"tsar": true, "czar": true, "tsarina": true, "kaiser": true, "sultan": true, "shah": true,
	"pharaoh": true, "prince": true, "princess": true, "duke": true, "duchess": true,
	"archduke": true, "count": true, "countess": true, "elector": true, "saint": true, "st": true,
	"patriarch": true, "margrave": true, "landgrave": true,
}

// notNames are capitalised words that no numeral after or before them
// numbers: dates ("July 20", "Monday 3"), eras, and words capitalised only
// for opening a sentence or a title.
var notNames = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true,
	"december": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true,
	"ad": true, "bc": true, "bce": true, "ce": true, "no": true, "nos": true,
	"the": true, "a": true, "an": true, "in": true, "on": true, "at": true, "of": true,
	"and": true, "by": true, "for": true, "to": true, "from": true, "after": true,
	"before": true, "since": true, "until": true, "over": true, "with": true, "as": true,
}
