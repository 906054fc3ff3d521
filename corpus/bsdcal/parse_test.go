package bsdcal

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"flashback"
)

// parseString parses src as the file "calendar.test".
func parseString(t *testing.T, src string) ([]Entry, []flashback.Skip) {
	t.Helper()
	entries, skips, err := Parse(strings.NewReader(src), "calendar.test")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return entries, skips
}

// brief is what the table tests compare: the parts of an entry that a
// reader of the file would check by eye.
type brief struct {
	Month time.Month
	Day   int
	Text  string
	Line  int
}

func briefs(entries []Entry) []brief {
	out := make([]brief, 0, len(entries))
	for _, e := range entries {
		out = append(out, brief{e.Month, e.Day, e.Text, e.Line})
	}
	return out
}

func TestParseEntries(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []brief
	}{
		{"OneLine", "01/31\tExplorer I launched, 1958\n",
			[]brief{{time.January, 31, "Explorer I launched, 1958", 1}}},
		{"Continuation", "01/02\tCanada and the United States agree on a plan to preserve\n\tNiagara Falls, 1929\n",
			[]brief{{time.January, 2, "Canada and the United States agree on a plan to preserve Niagara Falls, 1929", 1}}},
		{"TwoContinuations", "01/28\tChallenger explodes\n\tkilling seven,\n\t1986\n01/29\tNext\n",
			[]brief{{time.January, 28, "Challenger explodes killing seven, 1986", 1}, {time.January, 29, "Next", 4}}},
		{"InnerWhiteSpaceCollapsed", "02/06\tKing George VI of UK dies;  his daughter\tbecomes queen\n",
			[]brief{{time.February, 6, "King George VI of UK dies; his daughter becomes queen", 1}}},
		{"SingleDigits", "1/5\tTwelfth night\n", []brief{{time.January, 5, "Twelfth night", 1}}},
		{"MonthAbbreviation", "May 08\tVictory over Fascism Day \n", []brief{{time.May, 8, "Victory over Fascism Day", 1}}},
		{"MonthName", "December 25\tChristmas\n", []brief{{time.December, 25, "Christmas", 1}}},
		{"DayBeforeMonth", "31 Jan\tNew Year's Eve eve\n", []brief{{time.January, 31, "New Year's Eve eve", 1}}},
		{"LeapDay", "02/29\tRaid on Deerfield, 1704\n", []brief{{time.February, 29, "Raid on Deerfield, 1704", 1}}},
		{"HeaderAndGuards",
			"/*\n * History\n *\n * $FreeBSD$\n */\n\n#ifndef _calendar_history_\n#define\t_calendar_history_\n#undef\tunix\n\n01/01\tFirst\n\n#endif /* !_calendar_history_ */\n",
			[]brief{{time.January, 1, "First", 11}}},
		{"LangLine", "LANG=UTF-8\n03/22\tFirst film by Auguste and Louis Lumière, 1895\n",
			[]brief{{time.March, 22, "First film by Auguste and Louis Lumière, 1895", 2}}},
		{"CommentedOutEntry", "/* Chinese New Year is not Gregorian\n02/01\tChinese New Year\n*/\n02/02\tCandlemas\n",
			[]brief{{time.February, 2, "Candlemas", 4}}},
		{"InlineComment", "01/01\tNew Year /* a note */ in Japan\n", []brief{{time.January, 1, "New Year in Japan", 1}}},
		{"CommentBetweenEntryAndContinuation", "01/01\tStart of\n/* aside */\n\tthe year\n",
			[]brief{{time.January, 1, "Start of the year", 1}}},
		{"WindowsLineEndings", "01/01\tFirst\r\n01/02\tSecond\r\n",
			[]brief{{time.January, 1, "First", 1}, {time.January, 2, "Second", 2}}},
		{"Latin1Bytes", "12/18\tKonrad Zuse died in H\xfcnfeld, 1995\n",
			[]brief{{time.December, 18, "Konrad Zuse died in Hünfeld, 1995", 1}}},
		{"NoTrailingNewline", "07/04\tIndependence Day", []brief{{time.July, 4, "Independence Day", 1}}},
		{"BlankLinesBetween", "\n\n01/01\tA\n \n\n01/02\tB\n",
			[]brief{{time.January, 1, "A", 3}, {time.January, 2, "B", 6}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, skips := parseString(t, tt.src)
			if len(skips) != 0 {
				t.Errorf("skips = %v, want none", skips)
			}
			if got := briefs(entries); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("entries\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseSkips(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		ref    string
		reason string // a part of the reason
	}{
		{"WeekdayOfMonth", "05/SunSecond\tMother's Day\n", "calendar.test:1", "weekday"},
		{"WeekdayWithMonthName", "May Sun+2\tMother's Day\n", "calendar.test:1", "weekday"},
		{"WeekdayOffset", "11/Wed+3\tDay of Prayer and Repentance\n", "calendar.test:1", "weekday"},
		{"Easter", "Easter-2\tGood Friday\n", "calendar.test:1", "Easter"},
		{"OrthodoxEaster", "Paskha\tOrthodox Easter\n", "calendar.test:1", "Easter"},
		{"Moon", "ChineseNewYear\tChinese New Year\n", "calendar.test:1", "moon"},
		{"Sun", "MarEquinox\tVernal equinox\n", "calendar.test:1", "sun"},
		{"VariableDate", "03/20*\tVernal Equinox in Japan\n", "calendar.test:1", "varies"},
		{"EveryMonth", "* 15\tPay day\n", "calendar.test:1", "every month"},
		{"EveryMonthSlash", "*/01\tRent due\n", "calendar.test:1", "every month"},
		{"NoSuchDay", "02/30\tNever\n", "calendar.test:1", "February has no day 30"},
		{"NoSuchMonth", "13/01\tNever\n", "calendar.test:1", "month 13"},
		{"Unreadable", "someday\tMaybe\n", "calendar.test:1", "cannot read"},
		{"NoTab", "01/01 New Year\n", "calendar.test:1", "no TAB"},
		{"NoText", "01/01\t\n", "calendar.test:1", "no text"},
		{"OrphanContinuation", "\tdangling words\n", "calendar.test:1", "continuation"},
		{"Include", "#include <calendar.birthday>\n", "calendar.test:1", "calendar.birthday"},
		{"LineNumberCounted", "/*\n */\n\n05/MonLast\tMemorial Day\n", "calendar.test:4", "weekday"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, skips := parseString(t, tt.src)
			if len(entries) != 0 {
				t.Errorf("entries = %+v, want none", entries)
			}
			if len(skips) != 1 {
				t.Fatalf("skips = %v, want exactly one", skips)
			}
			if skips[0].Ref != tt.ref || !strings.Contains(skips[0].Reason, tt.reason) {
				t.Errorf("skip = %+v, want ref %q and a reason containing %q", skips[0], tt.ref, tt.reason)
			}
		})
	}
}

// A skipped entry keeps its continuation lines, which must neither be
// reported as orphans nor join the entry before it.
func TestParseSkippedEntryKeepsContinuation(t *testing.T) {
	src := "06/01\tFirst\n06/MonFirst\tJefferson Davis's Birthday\n\tin several states\n06/02\tSecond\n"
	entries, skips := parseString(t, src)
	want := []brief{{time.June, 1, "First", 1}, {time.June, 2, "Second", 4}}
	if got := briefs(entries); !reflect.DeepEqual(got, want) {
		t.Errorf("entries\n got %+v\nwant %+v", got, want)
	}
	if len(skips) != 1 || skips[0].Ref != "calendar.test:2" {
		t.Errorf("skips = %v, want one for line 2", skips)
	}
}

func TestParseYearFields(t *testing.T) {
	src := "03/15\tIdes of March. Caesar assassinated by senators,\n\tincluding Brutus, 44BC\n" +
		"01/11\tAlexander Hamilton born in Nevis, 1757?\n" +
		"01/08\tBattle of New Orleans\n"
	entries, _ := parseString(t, src)
	want := []Entry{
		{Month: time.March, Day: 15, Line: 1, Year: -43, HasYear: true,
			Text:        "Ides of March. Caesar assassinated by senators, including Brutus, 44BC",
			WithoutYear: "Ides of March. Caesar assassinated by senators, including Brutus"},
		{Month: time.January, Day: 11, Line: 3, Year: 1757, HasYear: true, Approx: true,
			Text:        "Alexander Hamilton born in Nevis, 1757?",
			WithoutYear: "Alexander Hamilton born in Nevis"},
		{Month: time.January, Day: 8, Line: 4,
			Text:        "Battle of New Orleans",
			WithoutYear: "Battle of New Orleans"},
	}
	if !reflect.DeepEqual(entries, want) {
		t.Errorf("entries\n got %+v\nwant %+v", entries, want)
	}
}

func TestParseLineTooLong(t *testing.T) {
	src := "01/01\t" + strings.Repeat("x", maxLine+1) + "\n"
	_, _, err := Parse(strings.NewReader(src), "calendar.test")
	if err == nil {
		t.Fatal("Parse accepted a line longer than the limit")
	}
	if flashback.ErrorCode(err) != flashback.EINVALID || !strings.Contains(flashback.ErrorMessage(err), "calendar.test: line 1") {
		t.Errorf("error %v: want EINVALID naming the file and line", err)
	}
}
