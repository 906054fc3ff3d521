package accuracy_test

import (
	"testing"
	"time"

	"flashback"
	"flashback/accuracy"
)

const (
	trotsky = "Trotsky exiled from the Soviet Union"
	cream   = "Cream performs their farewell concert at Royal Albert Hall"
)

type lintCase struct {
	name     string
	date     flashback.HistDate
	category string // world-history when empty
	headline string // trotsky when empty
	text     string
	want     []want
}

var (
	exile     = greg(1929, time.January, 31)
	wrongDay  = greg(1929, time.June, 17)
	october   = jul(1917, time.October, 25)
	idesMarch = jul(-43, time.March, 15)
)

var dateCases = []lintCase{
	{name: "OnDateOtherDaySameYear", date: wrongDay,
		text: "On January 31, 1929, Trotsky was exiled from the Soviet Union.",
		want: []want{errAt("date-mismatch", "January 31, 1929")}},
	{name: "OnDateMatchesRecord", date: exile,
		text: "On January 31, 1929, Trotsky was exiled from the Soviet Union."},
	{name: "AbbreviatedMonth", date: wrongDay,
		text: "On Jan. 31, 1929, Trotsky was exiled from the Soviet Union.",
		want: []want{errAt("date-mismatch", "Jan. 31, 1929")}},
	{name: "DayFirstMatches", date: exile,
		text: "On 31 January 1929 the Politburo sent Trotsky into exile for good."},
	{name: "OrdinalOfMatches", date: exile,
		text: "On the 31st of January, 1929, Trotsky was exiled from the Soviet Union."},
	{name: "OrdinalOfWrongDay", date: greg(1929, time.January, 30),
		text: "On the 31st of January, 1929, Trotsky was exiled from the Soviet Union.",
		want: []want{errAt("date-mismatch", "31st of January, 1929")}},
	{name: "MonthDayWithoutYearWrong", date: wrongDay,
		text: "On January 31st, Trotsky was put on a train and exiled for good.",
		want: []want{errAt("date-mismatch", "January 31st")}},
	{name: "DayMonthWithoutYearMatches", date: exile,
		text: "On 31 January Trotsky was put on a train heading south to exile."},
	{name: "ISODateWrong", date: wrongDay,
		text: "1929-01-31: Trotsky is exiled from the Soviet Union by the Politburo.",
		want: []want{errAt("date-mismatch", "1929-01-31")}},
	{name: "SameDayOtherYear", date: exile,
		text: "On 31 January 1928, Trotsky was exiled from the Soviet Union.",
		want: []want{errAt("year-mismatch", "31 January 1928")}},
	{name: "LoneInYearNeverErrors", date: exile,
		text: "Trotsky was expelled from the party in 1927. He was exiled on 31 January 1929."},
	// A wrong year standing alone in the lead dates the event: issue 9 made
	// it an error, where it used to be a warning that did not block.
	{name: "LeadYearDiffersAndRecordYearAbsent", date: exile,
		text: "In 1930, Trotsky was exiled from the Soviet Union by Stalin's Politburo.",
		want: []want{errAt("year-mismatch", "1930")}},
	{name: "HeadlineYearPrefixDiffers", date: exile,
		text: "1930: Trotsky exiled",
		want: []want{errAt("year-mismatch", "1930")}},
	{name: "LeadYearDiffersButRecordYearPresent", date: exile,
		text: "In 1927 Trotsky was expelled from the party, and in 1929 he was exiled abroad."},
	{name: "RelatedDateOpeningLaterSentenceIsOnlyWarning", date: exile,
		text: "On 31 January 1929, Trotsky was exiled from the Soviet Union. " +
			"On 20 January 1929, the Politburo had voted for the expulsion.",
		want: []want{warnAt("date-mismatch", "20 January 1929")}},
	{name: "RelativeClauseBeforeDate", date: exile,
		text: "Just weeks after the Politburo's decision on 10 January 1929, Trotsky was exiled from the Soviet Union."},
	{name: "AnniversaryAfterDate", date: exile,
		text: "On 31 January 1930, a year after his exile, Trotsky wrote to his supporters in Paris."},
	{name: "RangeIsNotAClaim", date: exile,
		text: "From 1 May to 3 June 1929, Trotsky wrote his memoirs on the island of Prinkipo."},
	{name: "DecadeAndGroupedNumbers", date: exile,
		text: "In the 1920s some 1,929 party members sided with Trotsky, who was exiled in 1929."},
	{name: "RestatementMidTextWithOn", date: wrongDay,
		text: "Trotsky left Moscow in 1928.\n\nIn short, Trotsky was exiled from the Soviet Union on January 31, 1929, by Stalin.",
		want: []want{errAt("date-mismatch", "January 31, 1929")}},
	{name: "OtherSentenceWithOnButUnrelatedSubject", date: exile,
		text: "Trotsky was exiled from the Soviet Union on 31 January 1929. Stalin's first five-year plan was adopted on 23 April 1929."},
}

// staleCases are articles left behind when an editor corrects both the day
// and the year of a record: the old date, in a sentence that tells the event
// again, must block publishing. A lead that opens with a date in another
// year but tells of something else is background, at most a warning.
var staleCases = []lintCase{
	{name: "LeadDayAndYearWrong", date: wrongDay,
		text: "On January 31, 1928, Trotsky was exiled from the Soviet Union.",
		want: []want{errAt("date-mismatch", "January 31, 1928")}},
	{name: "LeadDayAndYearWrongCorrected", date: greg(1928, time.January, 31),
		text: "On January 31, 1928, Trotsky was exiled from the Soviet Union."},
	{name: "CreamLeadDayAndYearWrong", date: greg(1969, time.November, 25), category: flashback.CategoryMusic,
		headline: cream,
		text:     "On November 26, 1968, Cream played their farewell concert at the Royal Albert Hall in London.",
		want:     []want{errAt("date-mismatch", "November 26, 1968")}},
	{name: "CreamLeadMatchesRecord", date: greg(1968, time.November, 26), category: flashback.CategoryMusic,
		headline: cream,
		text:     "On November 26, 1968, Cream played their farewell concert at the Royal Albert Hall in London."},
	{name: "RestatementWithOnDayAndYearWrong", date: wrongDay,
		text: "Trotsky left Moscow in 1928.\n\nIn short, Trotsky was exiled from the Soviet Union on January 31, 1928, by Stalin.",
		want: []want{errAt("date-mismatch", "January 31, 1928")}},
	{name: "BirthsBornOnDayAndYearWrong", date: greg(1879, time.November, 7), category: flashback.CategoryBirths,
		headline: "Leon Trotsky is born",
		text:     "Leon Trotsky was born on 8 December 1880 in Yanovka, in the Kherson Governorate.",
		want:     []want{errAt("date-mismatch", "8 December 1880")}},
	// A background lead is a warning where the text names the record's year
	// elsewhere; where it never does, the lead's date can only be the
	// event's, and is an error (issue 9).
	{name: "BackgroundLeadOtherYearIsOnlyWarning", date: wrongDay,
		text: "On 12 November 1927, Trotsky was expelled from the Communist Party by Stalin's majority. He was sent abroad in 1929.",
		want: []want{warnAt("date-mismatch", "12 November 1927")}},
	{name: "LeadOtherYearAndRecordYearAbsentIsError", date: wrongDay,
		text: "On 12 November 1927, Trotsky was expelled from the Communist Party by Stalin's majority.\n\n" +
			"Stalin's grip on the party was now complete.",
		want: []want{errAt("date-mismatch", "12 November 1927")}},
	{name: "CreamBackgroundLeadIsOnlyWarning", date: greg(1968, time.November, 26), category: flashback.CategoryMusic,
		headline: cream,
		text: "On 31 July 1966, Eric Clapton, Jack Bruce and Ginger Baker made their debut as Cream in Windsor. " +
			"Two years later Cream played their farewell concert at the Royal Albert Hall on 26 November 1968.",
		want: []want{warnAt("date-mismatch", "31 July 1966")}},
	{name: "OneLineEntryOtherYearIsOnlyWarning", date: greg(1969, time.January, 17),
		headline: "Justice Dept. begins IBM anti-trust suit",
		text:     "Justice Dept. begins IBM anti-trust suit (drops it, January 8, 1982).",
		want:     []want{warnAt("date-mismatch", "January 8, 1982")}},
	{name: "SputnikBeforeApolloIsOnlyWarning", date: greg(1969, time.July, 20), category: flashback.CategoryScience,
		headline: "Apollo 11 lands on the Moon",
		text:     "On 4 October 1957, the Soviet Union launched Sputnik 1 and the space race began; it was won in 1969.",
		want:     []want{warnAt("date-mismatch", "4 October 1957")}},
	{name: "LaterSentenceOtherDateAndYearNotRestating", date: exile,
		text: "On 31 January 1929, Trotsky was exiled from the Soviet Union. On 20 August 1940, he was killed in Mexico."},
}

var weekdayCases = []lintCase{
	{name: "WeekdayAttachedRight", date: exile,
		text: "On Thursday, 31 January 1929, Trotsky was exiled from the Soviet Union."},
	{name: "WeekdayAttachedWrong", date: exile,
		text: "On Friday, 31 January 1929, Trotsky was exiled from the Soviet Union.",
		want: []want{errAt("weekday-mismatch", "Friday, 31 January 1929")}},
	{name: "WeekdayOnOtherDateRight", date: exile,
		text: "He had left Alma-Ata on Monday, 21 January 1929, under escort."},
	{name: "WeekdayOnOtherDateWrong", date: exile,
		text: "He had left Alma-Ata on Tuesday, 21 January 1929, under escort.",
		want: []want{errAt("weekday-mismatch", "Tuesday, 21 January 1929")}},
	{name: "WeekdayAfterDateWrong", date: exile,
		text: "Trotsky was exiled on 31 January 1929, a Friday, by decision of the Politburo.",
		want: []want{errAt("weekday-mismatch", "31 January 1929, a Friday")}},
	{name: "BareWeekdayWrong", date: exile,
		text: "Trotsky was exiled on 31 January 1929, which fell on a Friday.",
		want: []want{errAt("weekday-mismatch", "Friday")}},
	{name: "BareWeekdayRight", date: exile,
		text: "Trotsky was exiled on 31 January 1929, which fell on a Thursday."},
	{name: "BareWeekdayInOtherSentenceIgnored", date: exile,
		text: "Trotsky was exiled on 31 January 1929. He reached Odessa on a Sunday."},
	{name: "WeekdayWithoutYearUsesRecordYear", date: exile,
		text: "On Friday, January 31, Trotsky was exiled from the Soviet Union.",
		want: []want{errAt("weekday-mismatch", "Friday, January 31")}},
	{name: "JulianWeekdayOfOldStyleDate", date: october,
		headline: "Bolsheviks storm the Winter Palace",
		text:     "On Wednesday, 25 October 1917, the Bolsheviks stormed the Winter Palace."},
}

var intrinsicCases = []lintCase{
	{name: "February30", date: exile,
		text: "On February 30, 1929, nothing at all happened in Moscow.",
		want: []want{errAt("impossible-date", "February 30, 1929")}},
	{name: "April31WithoutYear", date: exile,
		text: "The order was signed on 31 April and carried out later.",
		want: []want{errAt("impossible-date", "31 April")}},
	{name: "LeapDay1900Gregorian", date: greg(1900, time.March, 1),
		headline: "Something happens",
		text:     "The decree of 29 February 1900 was published a day later.",
		want:     []want{errAt("impossible-date", "29 February 1900")}},
	{name: "LeapDay1900JulianRecord", date: jul(1900, time.February, 29),
		headline: "A decree is signed in Saint Petersburg",
		text:     "On 29 February 1900, a decree was signed in Saint Petersburg by the Tsar."},
	// The lead's only date is its dateline, so the record is the Gregorian
	// equivalent of the Old Style date; the case is about the leap day.
	{name: "LeapDay1900MarkedOldStyle", date: greg(1900, time.March, 13),
		headline: "The Boxer crisis deepens",
		text:     "A decree signed on 29 February 1900 (O.S.) was published in Saint Petersburg."},
	{name: "LeapDay2000And1600", date: greg(2000, time.February, 29),
		headline: "A leap day",
		text:     "On 29 February 2000, the first 400-year leap day since 29 February 1600 passed."},
	{name: "YearZeroBC", date: yearOnly(-10),
		headline: "Something in antiquity",
		text:     "Nothing was recorded in 0 BC, as the chronicle claims, nor in the year 0.",
		want:     []want{errAt("year-zero", "0 BC"), {rule: "year-zero", sev: accuracy.Error, span: "0", nth: 1}}},
	{name: "YearZeroAD", date: yearOnly(1), headline: "Antiquity",
		text: "The first year of our era is sometimes wrongly called AD 0.",
		want: []want{errAt("year-zero", "AD 0")}},
}

var eraCases = []lintCase{
	{name: "IdesOfMarchBC", date: idesMarch, headline: "Julius Caesar is assassinated",
		text: "On 15 March 44 BC, Julius Caesar was assassinated in the Theatre of Pompey."},
	{name: "IdesOfMarchWrongBCYear", date: idesMarch, headline: "Julius Caesar is assassinated",
		text: "On 15 March 43 BC, Julius Caesar was assassinated in the Theatre of Pompey.",
		want: []want{errAt("year-mismatch", "15 March 43 BC")}},
	{name: "IdesOfMarchDottedEra", date: idesMarch, headline: "Julius Caesar is assassinated",
		text: "On March 15, 44 B.C., Julius Caesar was assassinated by a group of senators."},
	{name: "VesuviusADBefore", date: jul(79, time.August, 24), headline: "Vesuvius erupts",
		text: "On 24 August AD 79, Vesuvius erupted and buried Pompeii and Herculaneum."},
	{name: "VesuviusADAfter", date: jul(79, time.August, 24), headline: "Vesuvius erupts",
		text: "On 24 August 79 AD, Vesuvius erupted; the town had been founded c. 600 BC."},
	{name: "VesuviusWrongDay", date: jul(79, time.August, 24), headline: "Vesuvius erupts",
		text: "On 24 October AD 79, Vesuvius erupted and buried Pompeii and Herculaneum.",
		want: []want{errAt("date-mismatch", "24 October AD 79")}},
	{name: "CircaYearNeverErrors", date: yearOnly(1400), headline: "The castle is built",
		text: "Built c. 1350, the castle was rebuilt around 1380 and again circa 1395."},
	{name: "YearPrecisionMatches", date: yearOnly(1929),
		text: "On 31 January 1929, Trotsky was exiled from the Soviet Union."},
	{name: "YearPrecisionWrongYear", date: yearOnly(1929),
		text: "On 31 January 1930, Trotsky was exiled from the Soviet Union.",
		want: []want{errAt("year-mismatch", "31 January 1930")}},
	{name: "MonthPrecisionWrongMonth", date: monthOnly(1929, time.June),
		text: "In July 1929, Trotsky settled on the island of Prinkipo near Istanbul.",
		want: []want{errAt("date-mismatch", "July 1929")}},
	{name: "MonthDayRecordAnyYear", date: monthDay(time.January, 31),
		text: "On January 31, 1929, Trotsky was exiled from the Soviet Union."},
	{name: "MonthDayRecordWrongDay", date: monthDay(time.January, 31),
		text: "On February 1, Trotsky was exiled from the Soviet Union.",
		want: []want{errAt("date-mismatch", "February 1")}},
}

var calendarCases = []lintCase{
	{name: "OctoberRevolutionOldStyleMarked", date: october, headline: "Bolsheviks storm the Winter Palace",
		text: "On 25 October 1917 (O.S.), the Bolsheviks stormed the Winter Palace."},
	{name: "OctoberRevolutionGregorianEquivalent", date: october, headline: "Bolsheviks storm the Winter Palace",
		text: "On 7 November 1917, the Bolsheviks stormed the Winter Palace."},
	{name: "OctoberRevolutionWrongStyleMarker", date: october, headline: "Bolsheviks storm the Winter Palace",
		text: "On 7 November 1917 (Old Style), the Bolsheviks stormed the Winter Palace.",
		want: []want{errAt("date-mismatch", "7 November 1917")}},
	{name: "WikipediaBracketStyle", date: october, headline: "Bolsheviks storm the Winter Palace",
		text: "On 7 November [O.S. 25 October] 1917, the Bolsheviks stormed the Winter Palace."},
	{name: "GregorianRecordUnmarkedOldStyle", date: greg(1917, time.November, 7), headline: "Bolsheviks storm the Winter Palace",
		text: "On 25 October 1917, the Bolsheviks stormed the Winter Palace.",
		want: []want{warnAt("calendar-style", "25 October 1917")}},
	{name: "GregorianRecordMarkedOldStyle", date: greg(1917, time.November, 7), headline: "Bolsheviks storm the Winter Palace",
		text: "On 25 October 1917 (O.S.), the Bolsheviks stormed the Winter Palace."},
}

var markupCases = []lintCase{
	{name: "BoldDate", date: wrongDay,
		text: "**On January 31, 1929**, Trotsky was exiled from the Soviet Union.",
		want: []want{errAt("date-mismatch", "January 31, 1929")}},
	{name: "LinkedDateAndURLDigits", date: wrongDay,
		text: "On [January 31, 1929](https://example.org/wiki/1929-06-17), Trotsky was exiled.",
		want: []want{errAt("date-mismatch", "January 31, 1929")}},
	{name: "HeadingThenLead", date: exile,
		text: "## Exile\n\n*On 31 January 1929* Trotsky was exiled from the Soviet Union.\n\n- 1927: expelled\n- 1940: killed"},
	{name: "UnicodeAndNoBreakSpace", date: wrongDay,
		text: "Лев Троцкий — “Trotsky” — was exiled from the Soviet Union on 31\u00a0January\u00a01929.",
		want: []want{errAt("date-mismatch", "31\u00a0January\u00a01929")}},
	{name: "SecondLineColumnsCountRunes", date: wrongDay,
		text: "Überblick\n\nÉté: On 31 January 1929 Trotsky was exiled from the Soviet Union.",
		want: []want{errAt("date-mismatch", "31 January 1929")}},
}

var ageCases = []lintCase{
	{name: "AgeContradictsBirthYear", date: exile,
		text: "Trotsky (born 1879) was exiled from the Soviet Union on 31 January 1929, aged 60.",
		want: []want{errAt("age-mismatch", "aged 60")}},
	{name: "AgeAgreesBeforeBirthday", date: exile,
		text: "Trotsky (born 1879) was exiled from the Soviet Union on 31 January 1929, aged 49."},
	{name: "AgeOfAgreesWithoutDays", date: exile,
		text: "Trotsky, born in 1879, was exiled from the Soviet Union at the age of 50."},
	{name: "ExactAgeFromBirthDate", date: exile,
		text: "Trotsky, born on 7 November 1879, was exiled from the Soviet Union at the age of 50.",
		want: []want{errAt("age-mismatch", "at the age of 50")}},
	{name: "AgeAtAnotherYearInSentence", date: exile,
		text: "Trotsky was born in 1879. He was killed in Mexico in 1940 at the age of 60."},
	{name: "AgeAtAnotherYearWrong", date: exile,
		text: "Trotsky was born in 1879. He was killed in Mexico in 1940 at the age of 70.",
		want: []want{errAt("age-mismatch", "at the age of 70")}},
	{name: "AgeInUnrelatedSentenceWithoutYear", date: exile,
		text: "Trotsky was born in 1879 and exiled from the Soviet Union in 1929. He died at the age of 60."},
	{name: "YearOldForm", date: exile,
		text: "Trotsky (b. 1879) was exiled.\n\nThe 70-year-old Trotsky was exiled from the Soviet Union on 31 January 1929.",
		want: []want{errAt("age-mismatch", "70-year-old")}},
	{name: "AgeBCBoundary", date: idesMarch, headline: "Julius Caesar is assassinated",
		text: "Julius Caesar, born in 100 BC, was assassinated on 15 March 44 BC, aged 55."},
	{name: "BirthsBornOnMatches", date: greg(1879, time.November, 7), category: flashback.CategoryBirths,
		headline: "Leon Trotsky is born",
		text:     "Leon Trotsky was born on 7 November 1879 in Yanovka, in the Kherson Governorate."},
	{name: "BirthsBornOnWrongDay", date: greg(1879, time.November, 7), category: flashback.CategoryBirths,
		headline: "Leon Trotsky is born",
		text:     "Leon Trotsky was born on 8 November 1879 in Yanovka, in the Kherson Governorate.",
		want:     []want{errAt("date-mismatch", "8 November 1879")}},
	{name: "BirthsBornInWrongYear", date: greg(1879, time.November, 7), category: flashback.CategoryBirths,
		headline: "Leon Trotsky is born",
		text:     "Leon Trotsky, born in 1880 to a farming family, became a revolutionary.",
		want:     []want{errAt("year-mismatch", "1880")}},
	{name: "BornDateIsNotTheEventElsewhere", date: exile,
		text: "Trotsky was exiled from the Soviet Union on 31 January 1929. He was born on 7 November 1879."},
}

// leadCases are issue 9's classes: the lead's dateline whatever opens it,
// a month and year or a lone year in the lead, ISO and bracketed dates, BC
// years off by one, and relative markers that make a date another event's.
var leadCases = []lintCase{
	{name: "TimeOfDayBeforeDate", date: exile,
		text: "Shortly before noon on 30 January 1929, Trotsky was put on a train and exiled from the Soviet Union.",
		want: []want{errAt("date-mismatch", "30 January 1929")}},
	{name: "ByTheEveningOf", date: exile,
		text: "By the evening of 31 January 1929, Trotsky had been exiled from the Soviet Union.",
	},
	{name: "InTheEarlyHoursWrongYear", date: exile,
		text: "In the early hours of 31 January 1930, Trotsky was exiled from the Soviet Union.",
		want: []want{errAt("year-mismatch", "31 January 1930")}},
	{name: "MonthAndYearInSecondSentence", date: exile,
		text: "Stalin's great rival did not leave quietly. In February 1929 Trotsky was exiled from the Soviet Union.",
		want: []want{errAt("date-mismatch", "February 1929")}},
	{name: "ISODateInParentheses", date: exile,
		text: "Politburo decision (1929-01-30): Trotsky is to be exiled from the Soviet Union.",
		want: []want{errAt("date-mismatch", "1929-01-30")}},
	{name: "DateInParenthesesAfterName", date: exile,
		text: "Trotsky's exile (31 January 1928) ended his part in Soviet politics for good.",
		want: []want{errAt("year-mismatch", "31 January 1928")}},
	{name: "BCYearOffByOne", date: idesMarch, headline: "Julius Caesar is assassinated",
		text: "Julius Caesar was assassinated in the Theatre of Pompey in 43 BC by a group of senators.",
		want: []want{errAt("year-mismatch", "43 BC")}},
	{name: "LoneYearMidSentenceIsBackground", date: exile,
		text: "Trotsky, who had led the Red Army, was killed in Mexico in 1940 by a Soviet agent."},
	{name: "RelativePhraseBeforeComma", date: exile,
		text: "Trotsky was exiled from the Soviet Union on 31 January 1929. A month later, on 28 February 1929, he reached Istanbul."},
	{name: "NextDayAppositive", date: exile,
		text: "The Politburo met on 31 January 1929 and exiled Trotsky. The next day, 1 February, the order was carried out."},
	{name: "PluperfectLeadIsBackground", date: exile,
		text: "Trotsky had been deported to Alma-Ata on 16 January 1928 before he was exiled from the Soviet Union."},
	{name: "LeadTellsWhatCameBefore", date: exile,
		text: "On 20 January 1929, the Politburo voted to expel Trotsky. He was exiled from the Soviet Union on 31 January 1929.",
		want: []want{warnAt("date-mismatch", "20 January 1929")}},
	{name: "LeadGivesRecordDateBesideAnother", date: greg(1582, time.October, 15), headline: "The Gregorian calendar comes into use",
		text: "Thursday, 4 October 1582 was followed by Friday, 15 October 1582 in the Catholic countries of Europe."},
	{name: "WrongNewStyleEquivalent", date: october, headline: "Bolsheviks storm the Winter Palace",
		text: "The Bolsheviks stormed the Winter Palace on 25 October 1917, or 8 November New Style.",
		want: []want{errAt("date-mismatch", "8 November")}},
	{name: "RightNewStyleEquivalent", date: october, headline: "Bolsheviks storm the Winter Palace",
		text: "The Bolsheviks stormed the Winter Palace on 25 October 1917, or 7 November New Style."},
	{name: "HolidayWithoutOn", date: monthDay(time.January, 25), headline: "Burns Night",
		text: "Every year on 24 January Scots sit down to haggis for Burns Night.",
		want: []want{errAt("date-mismatch", "24 January")}},
	// Found by linting the bundled corpus's one-line entries.
	{name: "NumberAfterDiedIsNotAYear", date: greg(1943, time.January, 7), category: flashback.CategoryDeaths,
		headline: "Nikola Tesla dies in New York",
		text:     "Nikola Tesla died in the Hotel New Yorker, room 3327, alone."},
	{name: "CrossReferenceIsNotADateline", date: greg(1786, time.February, 26), category: flashback.CategoryBirths,
		headline: "Dominique Arago is born",
		text:     "Dominique Francois Jean Arago born; observed Poisson's spot, cf. June 21."},
	{name: "PlannedYearIsNotTheEvent", date: greg(1977, time.August, 10), headline: "US and Panama agree to transfer the canal",
		text: "US and Panama agree to transfer the canal in the year 2000."},
	{name: "PluperfectDeathIsSomeoneElses", date: greg(1963, time.November, 24), category: flashback.CategoryDeaths,
		headline: "Lee Harvey Oswald is shot by Jack Ruby",
		text:     "Oswald was shot on 24 November 1963 and taken to Parkland Hospital, where Kennedy had died on 22 November."},
	{name: "BackstoryLeadThenStoryDate", date: greg(1944, time.June, 6), headline: "Allied forces land in Normandy",
		text: "The weather nearly stopped it. Overlord had been set for 5 June, and Eisenhower postponed it by a day.\n\n" +
			"At 6.30 a.m. on 7 June American troops landed on Utah and Omaha beaches.",
		want: []want{errAt("date-mismatch", "7 June")}},
	{name: "MonthLeadThenDay", date: jul(1215, time.June, 15), headline: "King John seals Magna Carta",
		text: "The barons met King John at Runnymede in June 1215.\n\nOn 16 June John set his seal to their articles.",
		want: []want{errAt("date-mismatch", "16 June")}},
	{name: "StoryDateMustSetTheTime", date: greg(1732, time.February, 22), category: flashback.CategoryBirths,
		headline: "George Washington is born",
		text: "George Washington came into the world at Popes Creek, Virginia.\n\n" +
			"The colony used the Julian calendar, in which the year began on 25 March."},
	{name: "NextRoomIsNotATime", date: greg(1876, time.March, 10), headline: "Bell makes the first telephone call",
		text: "Bell called his assistant, in the next room of the laboratory, on 10 April 1876.",
		want: []want{errAt("date-mismatch", "10 April 1876")}},
	{name: "HeadingDateline", date: greg(1961, time.August, 13), headline: "East Germany closes the border in Berlin",
		text: "## 12 August 1961\n\nSoldiers began to close the border between East and West Berlin with barbed wire.",
		want: []want{errAt("date-mismatch", "12 August 1961")}},
	{name: "ChronologyGivesTheRecordDate", date: greg(1815, time.June, 18), headline: "Napoleon is defeated at Waterloo",
		text: "- 16 June: Ligny\n- 18 June: Waterloo\n\nHe abdicated on 22 June and left Paris soon after."},
	{name: "DayRangeIsASpan", date: greg(1912, time.April, 14), headline: "The Titanic strikes an iceberg",
		text: "On the night of 14–15 April 1912, the Titanic struck an iceberg south of Newfoundland."},
	{name: "EveOfTheEvent", date: jul(1066, time.October, 14), headline: "William of Normandy wins at Hastings",
		text: "On the eve of the battle, 13 October 1066, Harold's army reached the ridge above Hastings."},
	{name: "ShortlyAfterAnEventIsTheSameDay", date: exile,
		text: "Shortly after the Politburo's vote on 30 January 1929, Trotsky was exiled from the Soviet Union.",
		want: []want{errAt("date-mismatch", "30 January 1929")}},
	{name: "ShortlyAfterDaysIsRelative", date: exile,
		text: "Trotsky was exiled from the Soviet Union on 31 January 1929. Shortly after two days at sea, on 12 February 1929, he landed at Istanbul."},
}

// apartCases give a weekday away from the date it belongs to.
var apartCases = []lintCase{
	{name: "ThatWeekdayNextSentenceWrong", date: exile,
		text: "Trotsky was exiled from the Soviet Union on 31 January 1929. That Friday morning he was put on a train.",
		want: []want{errAt("weekday-mismatch", "Friday")}},
	{name: "ThatWeekdayNextSentenceRight", date: exile,
		text: "Trotsky was exiled from the Soviet Union on 31 January 1929. That Thursday morning he was put on a train."},
	{name: "ItWasAWeekday", date: exile,
		text: "Trotsky was exiled from the Soviet Union on 31 January 1929. It was a cold Saturday in Moscow.",
		want: []want{errAt("weekday-mismatch", "Saturday")}},
	{name: "TheWeekdayAsAdjective", date: exile,
		text: "Trotsky was exiled from the Soviet Union on 31 January 1929; the Tuesday order was read to him at dawn.",
		want: []want{errAt("weekday-mismatch", "Tuesday")}},
	{name: "NamedDayIsNotAWeekdayClaim", date: greg(1905, time.January, 22), headline: "Troops fire on marchers in St Petersburg",
		text: "Troops fired on marchers in St Petersburg on 22 January 1905. The Bloody Sunday massacre began a revolution; the Sunday Times reported it."},
	{name: "EventNamedOnAWeekday", date: exile,
		text: "Trotsky was exiled from the Soviet Union on 31 January 1929. His exile began on a Friday, in a blizzard.",
		want: []want{errAt("weekday-mismatch", "Friday")}},
	{name: "OtherDayAfterWeekday", date: exile,
		text: "Trotsky was exiled from the Soviet Union on 31 January 1929. The Sunday after, he reached Odessa."},
	{name: "WeekdayAfterOtherDate", date: exile,
		text: "Trotsky was exiled from the Soviet Union on 31 January 1929. He reached Odessa on 10 February 1929; that Monday was bitterly cold."},
}

func TestLint(t *testing.T) {
	groups := map[string][]lintCase{
		"Dates": dateCases, "Weekdays": weekdayCases, "Intrinsic": intrinsicCases,
		"Eras": eraCases, "Calendars": calendarCases, "Markup": markupCases, "Ages": ageCases,
		"Stale": staleCases, "Lead": leadCases, "Apart": apartCases,
	}
	for group, cases := range groups {
		for _, tc := range cases {
			t.Run(group+"/"+tc.name, func(t *testing.T) {
				e := tc.event()
				if err := e.Validate(); err != nil {
					t.Fatalf("test record is invalid: %v", err)
				}
				checkFindings(t, tc.text, accuracy.Lint(e, tc.text), tc.want)
			})
		}
	}
}

func (tc lintCase) event() *flashback.Event {
	e := &flashback.Event{Date: tc.date, Category: tc.category, Headline: tc.headline}
	if e.Category == "" {
		e.Category = flashback.CategoryHistory
	}
	if e.Headline == "" {
		e.Headline = trotsky
	}
	return e
}
