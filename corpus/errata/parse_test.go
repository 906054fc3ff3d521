package errata_test

import (
	"errors"
	"strings"
	"testing"

	"flashback/corpus/errata"
)

const head = "# Reviewed 2026-12-02: all 3 events of calendar.test; 1 corrected, 0 marked, 0 withdrawn.\n" + errata.Header + "\n"

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		input string
		rows  int
		line  int    // of the error; 0 when none is expected
		msg   string // part of the error
	}{
		{"OnlyComments", "# nothing yet\n", 0, 0, "header line is missing"},
		{"Empty", "", 0, 0, ""},
		{"Year", head + "k:1\tyear\t1944\t1943\tHe was born in 1943.\thttps://example.org/a\n", 1, 0, ""},
		{"YearBC", head + "k:1\tyear\t44 BC\t45 BC\tr\tref\n", 1, 0, ""},
		{"YearAD", head + "k:1\tyear\tAD 79\tAD 80\tr\tref\n", 1, 0, ""},
		{"YearAdded", head + "k:1\tyear\t\t1897\tr\tref\n", 1, 0, ""},
		{"DayToLeapDay", head + "k:1\tday\t02-17\t02-29\tr\tref\n", 1, 0, ""},
		{"Calendar", head + "k:1\tcalendar\tgregorian\tjulian\tr\tref\n", 1, 0, ""},
		{"Headline", head + "k:1\theadline\tMarion Anderson born\tMarian Anderson born\tr\tref\n", 1, 0, ""},
		{"Dating", head + "k:1\tdating\t\tdisputed\tr\tref\n", 1, 0, ""},
		{"Withdraw", head + "k:1\twithdraw\t\twithdrawn\tr\tref\n", 1, 0, ""},
		{"CRLF", strings.ReplaceAll(head+"k:1\tyear\t1944\t1943\tr\tref\n", "\n", "\r\n"), 1, 0, ""},
		{"TwoFieldsOneKey", head + "k:1\tyear\t1902\t1897\tr\tref\nk:1\tday\t02-17\t02-27\tr\tref\n", 2, 0, ""},
		{"NoHeader", "k:1\tyear\t1944\t1943\tr\tref\n", 0, 1, "header"},
		{"WrongColumnCount", head + "k:1\tyear\t1944\t1943\tr\n", 0, 3, "5 columns"},
		{"UnknownField", head + "k:1\tdate\t1944\t1943\tr\tref\n", 0, 3, `unknown field "date"`},
		{"BadYear", head + "k:1\tyear\t1944\tnineteen\tr\tref\n", 0, 3, "nineteen"},
		{"YearZero", head + "k:1\tyear\t1944\t0\tr\tref\n", 0, 3, "year"},
		{"BadDay", head + "k:1\tday\t02-17\t02-30\tr\tref\n", 0, 3, "02-30"},
		{"DayNotPadded", head + "k:1\tday\t2-17\t02-27\tr\tref\n", 0, 3, "MM-DD"},
		{"SameOldAndNew", head + "k:1\tyear\t1944\t1944\tr\tref\n", 0, 3, "the same"},
		{"BadCalendar", head + "k:1\tcalendar\tgregorian\tOS\tr\tref\n", 0, 3, "calendar"},
		{"DatingWithOld", head + "k:1\tdating\tsure\tdisputed\tr\tref\n", 0, 3, "old empty"},
		{"UnknownDating", head + "k:1\tdating\t\tlegendary\tr\tref\n", 0, 3, "legendary"},
		{"WithdrawValue", head + "k:1\twithdraw\t\tyes\tr\tref\n", 0, 3, "withdrawn"},
		{"NoReason", head + "k:1\tyear\t1944\t1943\t\tref\n", 0, 3, "reason"},
		{"NoReference", head + "k:1\tyear\t1944\t1943\tr\t\n", 0, 3, "reference"},
		{"NoKey", head + "\tyear\t1944\t1943\tr\tref\n", 0, 3, "key"},
		{"SpaceAround", head + "k:1\tyear\t1944 \t1943\tr\tref\n", 0, 3, "column 3"},
		{"InvalidUTF8", head + "k:1\theadline\tCaf\xe9\tCafé\tr\tref\n", 0, 3, "UTF-8"},
		{"InvisibleCharacter", head + "k:1\theadline\tA\u202eB\tAB\tr\tref\n", 0, 3, "invisible"},
		{"SameFieldTwice", head + "k:1\tyear\t1944\t1943\tr\tref\nk:1\tyear\t1944\t1942\tr\tref\n", 0, 4, "first is line 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := errata.Parse(strings.NewReader(tc.input), "calendar.test.tsv")
			if tc.msg == "" {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if len(f.Errata) != tc.rows {
					t.Fatalf("%d rows, want %d", len(f.Errata), tc.rows)
				}
				return
			}
			var pe *errata.Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse: error %v, want an *errata.Error", err)
			}
			if pe.File != "calendar.test.tsv" || pe.Line != tc.line || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q (line %d), want line %d and %q", err, pe.Line, tc.line, tc.msg)
			}
		})
	}
}

func TestParse_KeepsRowsAndComments(t *testing.T) {
	f, err := errata.Parse(strings.NewReader(head+"k:1\tyear\t44 BC\t45 BC\tWrong year.\tSuetonius, Julius 81\n"), "calendar.test.tsv")
	if err != nil {
		t.Fatal(err)
	}
	want := errata.Erratum{File: "calendar.test.tsv", Line: 3, Key: "k:1", Field: errata.FieldYear,
		Old: "44 BC", New: "45 BC", Reason: "Wrong year.", Reference: "Suetonius, Julius 81"}
	if len(f.Errata) != 1 || f.Errata[0] != want {
		t.Errorf("rows %+v, want %+v", f.Errata, want)
	}
	if len(f.Comments) != 1 || !strings.Contains(f.Comments[0], "Reviewed 2026-12-02") {
		t.Errorf("comments %q", f.Comments)
	}
	if f.Origin() != "calendar.test" || want.Where() != "calendar.test.tsv:3" {
		t.Errorf("origin %q, where %q", f.Origin(), want.Where())
	}
}

func TestParseYear(t *testing.T) {
	tests := []struct {
		in    string
		year  int
		known bool
		bad   bool
	}{
		{"1944", 1944, true, false}, {"44 BC", -43, true, false}, {"1 BC", 0, true, false},
		{"AD 79", 79, true, false}, {"79", 79, true, false}, {"", 0, false, false},
		{"0", 0, false, true}, {"0079", 0, false, true}, {"+5", 0, false, true}, {"44BC", 0, false, true},
		{"-43", 0, false, true}, {"10000", 0, false, true}, {"10000 BC", 0, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			y, known, err := errata.ParseYear(tc.in)
			if (err != nil) != tc.bad || y != tc.year || known != tc.known {
				t.Errorf("ParseYear(%q) = %d, %v, %v", tc.in, y, known, err)
			}
		})
	}
}
