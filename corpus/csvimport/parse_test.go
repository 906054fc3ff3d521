package csvimport

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"flashback"
)

func mustParse(t *testing.T, input string) ([]*flashback.Event, []flashback.Skip) {
	t.Helper()
	events, skips, err := Parse(strings.NewReader(input), "list.csv")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	for _, e := range events {
		if err := e.Validate(); err != nil {
			t.Errorf("event %q does not validate: %v", e.Headline, err)
		}
	}
	return events, skips
}

func TestParseFullRow(t *testing.T) {
	input := "\uFEFFDate;Headline;Summary;Body;Category;Source Title;Source-URL;Key\r\n" +
		"1929-01-31;Trotsky is exiled;\"Stalin's rival; gone.\";\"# Exile\r\n\r\nHe leaves.\";World-History;Britannica;https://example.org/trotsky;trotsky-1929\r\n"
	events, skips := mustParse(t, input)
	if len(events) != 1 || len(skips) != 0 {
		t.Fatalf("got %d events, skips %v", len(events), skips)
	}
	e := events[0]
	want := &flashback.Event{
		Date:        flashback.HistDate{Year: 1929, Month: time.January, Day: 31},
		Category:    flashback.CategoryHistory,
		Headline:    "Trotsky is exiled",
		Summary:     "Stalin's rival; gone.",
		Body:        "# Exile\n\nHe leaves.",
		Slug:        "trotsky-is-exiled",
		Sources:     []flashback.Source{{Title: "Britannica", URL: "https://example.org/trotsky"}},
		Provenance:  flashback.Provenance{Importer: "csv", Origin: "list.csv", Ref: "row 2"},
		ExternalKey: "csv:trotsky-1929",
		Published:   true,
	}
	if e.Date != want.Date || e.Category != want.Category || e.Headline != want.Headline ||
		e.Summary != want.Summary || e.Body != want.Body || e.Slug != want.Slug ||
		len(e.Sources) != 1 || e.Sources[0] != want.Sources[0] || e.Provenance != want.Provenance ||
		e.ExternalKey != want.ExternalKey || e.Published != want.Published {
		t.Errorf("got  %+v\nwant %+v", e, want)
	}
}

func TestParseDates(t *testing.T) {
	tests := []struct {
		name   string
		header string
		row    string
		want   flashback.HistDate
		reason string // part of the skip reason; "" when an event is wanted
	}{
		{"ISO day", "date", "1929-01-31", flashback.HistDate{Year: 1929, Month: 1, Day: 31}, ""},
		{"ISO month", "date", "1929-01", flashback.HistDate{Year: 1929, Month: 1, Precision: flashback.PrecisionMonth}, ""},
		{"ISO year", "date", "1929", flashback.HistDate{Year: 1929, Precision: flashback.PrecisionYear}, ""},
		{"month-day", "date", "--03-08", flashback.HistDate{Month: 3, Day: 8, Precision: flashback.PrecisionMonthDay}, ""},
		{"astronomical BC", "date,calendar", "-0043-03-15,julian", flashback.HistDate{Year: -43, Month: 3, Day: 15, Calendar: flashback.Julian}, ""},
		{"1 BC is 0000", "date,calendar", "0000-02-29,julian", flashback.HistDate{Year: 0, Month: 2, Day: 29, Calendar: flashback.Julian}, ""},
		{"leap day", "date", "2000-02-29", flashback.HistDate{Year: 2000, Month: 2, Day: 29}, ""},
		{"leap day Julian 1900", "date,calendar", "1900-02-29,Julian", flashback.HistDate{Year: 1900, Month: 2, Day: 29, Calendar: flashback.Julian}, ""},
		{"no leap day Gregorian 1900", "date", "1900-02-29", flashback.HistDate{}, "has no day 29"},
		{"31 April", "date", "1929-04-31", flashback.HistDate{}, "has no day 31"},
		{"month 13", "date", "1929-13-01", flashback.HistDate{}, "Month 13"},
		{"day 00", "date", "1929-01-00", flashback.HistDate{}, "00"},
		{"month-day 00", "date", "--00-10", flashback.HistDate{}, "00"},
		{"precision coarsens", "date,precision", "1929-01-01,year", flashback.HistDate{Year: 1929, Precision: flashback.PrecisionYear}, ""},
		{"precision monthday", "date,precision", "1929-01-31,monthday", flashback.HistDate{Month: 1, Day: 31, Precision: flashback.PrecisionMonthDay}, ""},
		{"precision cannot invent", "date,precision", "1929,day", flashback.HistDate{}, "precision can only leave parts out"},
		{"bad precision", "date,precision", "1929,week", flashback.HistDate{}, "Unknown precision"},
		{"bad calendar", "date,calendar", "1929,mayan", flashback.HistDate{}, "Unknown calendar"},
		{"era in date", "date", "44 BC-03-15", flashback.HistDate{}, "write BC dates astronomically"},
		{"short year", "date", "79-08-24", flashback.HistDate{}, "four-digit year"},
		{"slashes", "date", "31/01/1929", flashback.HistDate{}, "YYYY-MM-DD"},
		{"year too big", "date", "99999999999999999999-01-01", flashback.HistDate{}, "outside the supported range"},
		{"separate columns", "year,month,day", "1929,January,31", flashback.HistDate{Year: 1929, Month: 1, Day: 31}, ""},
		{"separate BC", "year,month,day,calendar", "44 BC,3,15,julian", flashback.HistDate{Year: -43, Month: 3, Day: 15, Calendar: flashback.Julian}, ""},
		{"separate BCE lower case", "year", "753 bce", flashback.HistDate{Year: -752, Precision: flashback.PrecisionYear}, ""},
		{"separate AD", "year,month", "AD 79,aug", flashback.HistDate{Year: 79, Month: 8, Precision: flashback.PrecisionMonth}, ""},
		{"separate astronomical", "year", "-43", flashback.HistDate{Year: -43, Precision: flashback.PrecisionYear}, ""},
		{"separate month-day", "year,month,day", ",12,25", flashback.HistDate{Month: 12, Day: 25, Precision: flashback.PrecisionMonthDay}, ""},
		{"0 BC", "year", "0 BC", flashback.HistDate{}, "does not exist"},
		{"day without month", "year,month,day", "1929,,31", flashback.HistDate{}, "a day but no month"},
		{"month alone", "year,month,day", ",5,", flashback.HistDate{}, "no year"},
		{"bad month", "year,month,day", "1929,Smarch,1", flashback.HistDate{}, "not a month"},
		{"bad day", "year,month,day", "1929,1,32", flashback.HistDate{}, "not a day"},
		{"both agree", "date,year,month,day", "1929-01-31,1929,1,31", flashback.HistDate{Year: 1929, Month: 1, Day: 31}, ""},
		{"both disagree", "date,year,month,day", "1929-01-31,1930,1,31", flashback.HistDate{}, "disagree"},
		{"no date", "date,year", ",", flashback.HistDate{}, "no date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, skips := mustParse(t, tt.header+",headline\n"+tt.row+",Something happens\n")
			if tt.reason != "" {
				if len(events) != 0 || len(skips) != 1 || !strings.Contains(skips[0].Reason, tt.reason) {
					t.Fatalf("got events %v, skips %v; want one skip saying %q", events, skips, tt.reason)
				}
				if skips[0].Ref != "list.csv:row 2" {
					t.Errorf("skip Ref = %q", skips[0].Ref)
				}
				return
			}
			if len(events) != 1 || len(skips) != 0 {
				t.Fatalf("got %d events, skips %v", len(events), skips)
			}
			if events[0].Date != tt.want {
				t.Errorf("Date = %+v, want %+v", events[0].Date, tt.want)
			}
		})
	}
}

func TestParseRows(t *testing.T) {
	huge := strings.Repeat("x", 600)
	input := strings.Join([]string{
		"headline,date,category,source_url,source_title,key,notes",
		`"Quoted, with comma",1929-01-31,,,,,`,
		"\"Line\nbreak\",1929-02-01,,,,,",
		`,1929-01-31,,,,,`,
		`A,1929-01-31,World History,,,,`,
		`B,1929-01-31,,javascript:alert(1),,,`,
		`C,1929-01-31,,https://example.org/c,,,`,
		huge + `,1929-01-31,,,,,`,
		`D,1929-01-31,,,,k1,`,
		`E,1929-01-31,,,,k1,`,
		`F,1929-01-31,,,,,,extra`,
		`G,1929-01-31,,,,,,,`,
		`H,"1929-01-31,,,,,`,
	}, "\n")
	events, skips := mustParse(t, input)
	var heads []string
	for _, e := range events {
		heads = append(heads, e.Headline+"@"+e.Provenance.Ref)
	}
	if got, want := strings.Join(heads, "|"), "Quoted, with comma@row 2|Line break@row 3|C@row 7|D@row 9|G@row 12"; got != want {
		t.Errorf("events:\n got %s\nwant %s", got, want)
	}
	if src := events[2].Sources; len(src) != 1 || src[0].Title != "example.org" {
		t.Errorf("sources of C = %+v", src)
	}
	wantSkips := []struct{ ref, reason string }{
		{"list.csv:row 1", `column "notes" is not known`},
		{"list.csv:row 4", "headline is empty"},
		{"list.csv:row 5", "not a slug"},
		{"list.csv:row 6", "not an http or https address"},
		{"list.csv:row 8", "headline is 600 bytes long"},
		{"list.csv:row 10", "same key as row 9"},
		{"list.csv:row 11", "the row has 8 fields"},
		{"list.csv:row 13", "not valid CSV"},
	}
	if len(skips) != len(wantSkips) {
		t.Fatalf("skips = %v", skips)
	}
	for i, w := range wantSkips {
		if skips[i].Ref != w.ref || !strings.Contains(skips[i].Reason, w.reason) {
			t.Errorf("skip %d = %v, want %s: …%s…", i, skips[i], w.ref, w.reason)
		}
	}
}

// A short row may leave out empty trailing cells, as spreadsheets write
// them, but one that lost its headline is told so, not "the headline is
// empty".
func TestParseShortRows(t *testing.T) {
	events, skips := mustParse(t, "date,category,headline,summary\n"+
		"1929-01-31,world-history,Kept without a summary\n"+
		"1929-01-31,world-history\n")
	if len(events) != 1 || events[0].Headline != "Kept without a summary" {
		t.Errorf("events %+v, want the row with its headline", events)
	}
	if len(skips) != 1 || skips[0].Ref != "list.csv:row 3" || !strings.Contains(skips[0].Reason, "the headline's among the missing") {
		t.Errorf("skips %v, want row 3 told it lost its headline", skips)
	}
}

func TestParseHostileCells(t *testing.T) {
	input := "headline,summary,body,date\n" +
		"\"A\x00B\u202eC <script>x</script>\",\"S\u200b1\",\"line1\r\nline2\x07\",1929-01-31\n" +
		"\"\xff\xfe\",,,1929-01-31\n" +
		"\u200b\u202e,,,1929-01-31\n"
	events, skips := mustParse(t, input)
	if len(events) != 1 || len(skips) != 2 {
		t.Fatalf("events %v, skips %v", events, skips)
	}
	e := events[0]
	if e.Headline != "A B C <script>x</script>" || e.Summary != "S 1" || e.Body != "line1\nline2" {
		t.Errorf("got headline %q summary %q body %q", e.Headline, e.Summary, e.Body)
	}
	if !strings.Contains(skips[0].Reason, "UTF-8") || !strings.Contains(skips[1].Reason, "headline is empty") {
		t.Errorf("skips = %v", skips)
	}
}

func TestParseHeader(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string // part of the error; "" when the header is fine
	}{
		{"empty file", "", "empty"},
		{"only BOM", "\uFEFF", "empty"},
		{"no headline", "date,summary\n1929,x\n", "no headline column"},
		{"no date", "headline,summary\nx,y\n", "no date column"},
		{"month and day suffice", "Month,DAY,Headline\n1,31,x\n", ""},
		{"duplicate", "date,headline,Headline\n", "appears twice"},
		{"UTF-16", "\xff\xfed\x00a\x00", "UTF-16"},
		{"bad quote", "\"date,headline\n", "not valid CSV"},
		{"tab delimited", "date\theadline\n1929\tx\n", ""},
		{"semicolon wins", "date;headline;summary;note,with\n", ""},
		{"tie means comma", "headline,x;date\n", "no date column"},
		{"unnamed trailing columns", "date,headline,,\n1929,x,,\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse(strings.NewReader(tt.input), "list.csv")
			if tt.want == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(flashback.ErrorMessage(err), tt.want) || flashback.ErrorCode(err) != flashback.EINVALID {
				t.Fatalf("err = %v, want an invalid error saying %q", err, tt.want)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	r := io.MultiReader(strings.NewReader("date,headline\n"), bytes.NewReader(make([]byte, MaxInput)))
	_, _, err := Parse(r, "big.csv")
	if err == nil || !strings.Contains(flashback.ErrorMessage(err), "larger than 32 MiB") {
		t.Fatalf("err = %v", err)
	}
}

func TestParseHugeField(t *testing.T) {
	body := strings.Repeat("para\n", maxBody/5+10)
	events, skips := mustParse(t, "date,headline,body\n1929,x,\""+body+"\"\n1930,y,short\n")
	if len(events) != 1 || len(skips) != 1 || !strings.Contains(skips[0].Reason, "body is") {
		t.Errorf("events %d, skips %v", len(events), skips)
	}
}

func TestParseIsIdempotent(t *testing.T) {
	input := "date,headline,key\n1929-01-31,Trotsky exiled,\n-0043-03-15,Caesar,\n--03-08,Women's Day,\n1929,Trotsky exiled,\n1929-01-31,Other,given\n"
	first, _ := mustParse(t, input)
	second, _ := mustParse(t, input)
	if len(first) != 5 || len(second) != 5 {
		t.Fatalf("got %d and %d events", len(first), len(second))
	}
	seen := map[string]bool{}
	for i := range first {
		if first[i].ExternalKey != second[i].ExternalKey {
			t.Errorf("row %d key changed: %q, %q", i+2, first[i].ExternalKey, second[i].ExternalKey)
		}
		seen[first[i].ExternalKey] = true
	}
	if len(seen) != 5 {
		t.Errorf("keys not distinct: %v", seen)
	}
	for i, prefix := range []string{"csv:1929-01-31:", "csv:-0043-03-15:", "csv:--03-08:", "csv:1929:", "csv:given"} {
		if !strings.HasPrefix(first[i].ExternalKey, prefix) {
			t.Errorf("key %q, want prefix %q", first[i].ExternalKey, prefix)
		}
	}
	// Case and spacing of the headline do not change the derived key.
	again, _ := mustParse(t, "date,headline\n1929-01-31,  TROTSKY   exiled \n")
	if again[0].ExternalKey != first[0].ExternalKey {
		t.Errorf("key depends on case or spacing: %q vs %q", again[0].ExternalKey, first[0].ExternalKey)
	}
}
