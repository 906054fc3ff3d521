package bsdcal

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flashback"
)

// categoryCase is one entry and the category it must get. Unless marked
// made up, src is a line of the Debian package calendar's file of that name.
type categoryCase struct {
	name, origin, src, want string
}

var categoryCases = []categoryCase{
	// calendar.history: lives among the events.
	{"HistoryEvent", "calendar.history", "01/16\tProhibition begins, 1920", flashback.CategoryHistory},
	{"HistoryDies", "calendar.history", "04/15\tUS President Abraham Lincoln dies, 1865", flashback.CategoryDeaths},
	{"HistoryDiesEinstein", "calendar.history", "04/18\tAlbert Einstein dies, 1955", flashback.CategoryDeaths},
	{"HistoryBornInside", "calendar.history", "04/22\tVladimir Ilich Ulyanov, called Lenin, Russian political leader, born in Simbirsk, 1870", flashback.CategoryBirths},
	{"HistoryDeathOfBC", "calendar.history", "06/10\tDeath of Alexander the Great, 323 B.C.", flashback.CategoryDeaths},
	{"HistoryDeathOfKing", "calendar.history", "08/22\tDeath of King Richard III, 1485, Last of the Plantagenets", flashback.CategoryDeaths},
	{"HistoryBaptized", "calendar.history", "04/26\tWilliam Shakespeare baptized in Stratford-on-Avon, England, 1564,\n\tbirthdate less certain", flashback.CategoryBirths},
	// calendar.history: words of life and death that are no life or death.
	{"DeathValley", "calendar.history", "07/10\t134 degrees in Death Valley, 1913", flashback.CategoryHistory},
	{"ToDeathIsAnEvent", "calendar.history", "01/27\tGrissom, White and Chaffe burned to death in Apollo 1, 1967", flashback.CategoryHistory},
	{"AssassinationIsAnEvent", "calendar.history", "01/30\tMohandas Gandhi assassinated in New Delhi by Hindu fanatic, 1948", flashback.CategoryHistory},
	{"UnionBorn", "calendar.history", "08/31\tIndependent union \"Solidarnosc\" born, Gdansk, 1980", flashback.CategoryHistory},
	{"NavyBorn", "calendar.history", "10/13\tUS Navy born, 1775, authorized by the Second Continental Congress", flashback.CategoryHistory},
	{"BornWithoutYear", "calendar.history", "04/01\tPeople of superb intelligence, savoir-faire, etc. born this day.", flashback.CategoryHistory},
	{"BirthdayObservance", "calendar.history", "11/12\tDr. Sun Yat-sen's Birthday in Taiwan", flashback.CategoryHistory},
	{"BirthControl", "calendar.history", "11/09\tMargaret Sanger forms American Birth Control League, 1921", flashback.CategoryHistory},
	{"Diesel", "calendar.history", "05/08\tHerbert Akroyd Stuart patented the first \"diesel\" engine, 1890", flashback.CategoryHistory},
	{"Childbirth", "calendar.history", "12/27\tEther first used as anesthetic in childbirth, 1845", flashback.CategoryHistory},
	{"MadeUpReborn", "calendar.history", "01/01\tThe old city reborn as a capital, 1991", flashback.CategoryHistory},
	{"MadeUpStillborn", "calendar.history", "01/01\tA stillborn republic is proclaimed, 1919", flashback.CategoryHistory},
	{"MadeUpFirstBorn", "calendar.history", "01/01\tThe first-born son of the king is crowned, 1100", flashback.CategoryHistory},
	{"MadeUpBornAgain", "calendar.history", "01/01\tA born-again preacher fills the stadium, 1960", flashback.CategoryHistory},
	{"MadeUpDiesIrae", "calendar.history", "01/01\tA new setting of the Dies irae is sung in Rome, 1800", flashback.CategoryHistory},
	// calendar.computer
	{"Computer", "calendar.computer", "01/03\tApple Computer founded, 1977", flashback.CategoryScience},
	{"ComputerDied", "calendar.computer", "06/07\tAlan Mathison Turing died, 1954", flashback.CategoryDeaths},
	{"ComputerBorn", "calendar.computer", "06/23\tAlan Mathison Turing born, 1912", flashback.CategoryBirths},
	// calendar.birthday: everyone's birth unless it tells of a death.
	{"Birth", "calendar.birthday", "01/04\tJakob Grimm born, 1785", flashback.CategoryBirths},
	{"BirthdayWithoutYear", "calendar.birthday", "01/06\tMillard Fillmore's birthday (let's party!)", flashback.CategoryBirths},
	{"BirthdayFileDied", "calendar.birthday", "01/21\tLenin died, 1924", flashback.CategoryDeaths},
	{"BirthdayFileAssassinated", "calendar.birthday", "08/20\tLeon Trotsky assassinated, 1940", flashback.CategoryDeaths},
	{"BirthdayFileBurial", "calendar.birthday", "11/01\tJoseph Stalin's burial, 1961", flashback.CategoryDeaths},
	// calendar.music
	{"MusicEvent", "calendar.music", "01/17\tLed Zeppelin's first album is released, 1969", flashback.CategoryMusic},
	{"MusicBirth", "calendar.music", "01/08\tElvis Presley born in East Tupelo, Mississippi, 1935", flashback.CategoryBirths},
	{"MusicBaptized", "calendar.music", "09/08\tNicolas de Grigny is baptized, 1672", flashback.CategoryBirths},
	{"MusicDie", "calendar.music", "10/20\tThree members of Lynyrd Skynyrd die in a plane crash, 1977", flashback.CategoryDeaths},
	{"MusicDeathOfOneBornOtherwise", "calendar.music", "12/23\tJoe Strummer (born John Mellor) dies in Broomfield, England, 2002", flashback.CategoryDeaths},
	{"MadeUpBirthOfTheBlues", "calendar.music", "01/01\tW. C. Handy hails the birth of the blues, 1912", flashback.CategoryMusic},
	{"MadeUpMusicDiesIrae", "calendar.music", "01/01\tMozart's Requiem, with its Dies irae, is first heard, 1793", flashback.CategoryMusic},
	// Holiday files: observances stay holidays, a dated life does not.
	{"Holiday", "calendar.holiday", "02/02\tCandlemas", flashback.CategoryHolidays},
	{"HolidayBirthdayOf", "calendar.holiday", "12/25\tBirthday of Quaid-i-Azam in Pakistan", flashback.CategoryHolidays},
	{"HolidayQueensBirthday", "calendar.holiday", "06/18\tQueen's Birthday in Fiji", flashback.CategoryHolidays},
	{"HolidayDeathAnniversary", "calendar.holiday", "03/11\tJohnny Appleseed Day; anniversary of the death of John Chapman", flashback.CategoryHolidays},
	{"HolidayWithYear", "calendar.holiday", "08/15\tVJ Day, 1945", flashback.CategoryHolidays},
	{"HolidayDatedDeath", "calendar.holiday", "03/29\tDeath of President Barthelemy Boganda in Central African Republic, 1959", flashback.CategoryDeaths},
	{"USHoliday", "calendar.usholiday", "07/04\tUS Independence Day", flashback.CategoryHolidays},
	{"NationalFile", "calendar.unitedkingdom", "01/25\tBurns Night", flashback.CategoryHolidays},
	{"OneYearFile", "calendar.judaic.2024", "03/24\tPurim", flashback.CategoryHolidays},
	{"LanguageDirHolidays", "de_DE/calendar.feiertag", "10/03\tTag der deutschen Einheit", flashback.CategoryHolidays},
	// Files of other languages and names.
	{"GermanDied", "de_DE/calendar.geschichte", "01/21\tLenin gestorben, 1924", flashback.CategoryDeaths},
	{"GermanArticleDie", "de_DE/calendar.geschichte", "12/21\tVerabschiedung des Gesetzes über die Grundrechte des deutschen\n\tVolkes durch die Frankfurter Nationalversammlung, 1848", flashback.CategoryHistory},
	{"GermanMusicBorn", "de_DE/calendar.musik", "03/21\tJohann Sebastian Bach in Eisenach geboren, 1685", flashback.CategoryBirths},
	{"SpanishBorn", "calendar.argentina", "Oct 08\tNace Juan Domingo Perón, 1895", flashback.CategoryBirths},
	{"SpanishDied", "calendar.argentina", "Jul 01\tMuere Juan Domingo Perón, 1974", flashback.CategoryDeaths},
	{"HistoryFileObservance", "calendar.argentina", "Nov 10\tDía de la Tradición", flashback.CategoryHistory},
	{"MadeUpUnknownFileBorn", "some/dir/calendar.xss", "03/03\tX born, 1900", flashback.CategoryBirths},
	{"MadeUpUnknownFileEvent", "some/dir/calendar.xss", "03/03\tSomething happens, 1900", flashback.CategoryHistory},
	{"MadeUpUnknownFileNoYear", "calendar.xss", "03/03\tA festival", flashback.CategoryHistory},
	{"MadeUpPathIsReducedToName", `some\dir\calendar.music`, "01/01\tConcert, 1970", flashback.CategoryMusic},
}

func TestCategory(t *testing.T) {
	for _, tt := range categoryCases {
		t.Run(tt.name, func(t *testing.T) {
			entries, skips, err := Parse(strings.NewReader(tt.src+"\n"), tt.origin)
			if err != nil || len(entries) != 1 || len(skips) != 0 {
				t.Fatalf("Parse = %d entries, skips %v, err %v; want one entry", len(entries), skips, err)
			}
			if got := Category(tt.origin, entries[0]); got != tt.want {
				t.Errorf("Category(%q, %q) = %q, want %q", tt.origin, entries[0].Text, got, tt.want)
			}
		})
	}
}

// The cases said to come from a bundled file must be lines of it, so that
// the table tests what the corpus holds.
func TestCategoryCasesAreRealLines(t *testing.T) {
	for _, tt := range categoryCases {
		if strings.HasPrefix(tt.name, "MadeUp") {
			continue
		}
		data, err := os.ReadFile(filepath.Join("..", "bundled", tt.origin))
		if errors.Is(err, fs.ErrNotExist) {
			continue // a Debian file not bundled
		}
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), tt.src+"\n") {
			t.Errorf("%s: %s holds no line %q", tt.name, tt.origin, tt.src)
		}
	}
}
