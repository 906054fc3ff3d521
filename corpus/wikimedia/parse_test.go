package wikimedia

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"flashback"
)

var jan31 = flashback.MonthDay{Month: time.January, Day: 31}

func mustParse(t *testing.T, md flashback.MonthDay, js string) ([]*flashback.Event, []flashback.Skip) {
	t.Helper()
	events, skips, err := Parse(strings.NewReader(js), md, "onthisday-test.json")
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

func TestParseEvent(t *testing.T) {
	js := `{"events": [{"text": "  Leon   Trotsky is\nexiled from the Soviet Union. ", "year": 1929,
		"pages": [{"title": "Leon_Trotsky", "normalizedtitle": "Leon Trotsky", "displaytitle": "<b>Leon Trotsky</b>",
			"extract": "Lev Davidovich Bronstein, better known as Leon Trotsky, was a revolutionary.",
			"description": "Russian revolutionary", "thumbnail": {"source": "https://example.org/t.jpg", "width": 1},
			"content_urls": {"desktop": {"page": "https://en.wikipedia.org/wiki/Leon_Trotsky"}}}]}]}`
	events, skips := mustParse(t, jan31, js)
	if len(events) != 1 || len(skips) != 0 {
		t.Fatalf("got %d events, skips %v; want 1 event", len(events), skips)
	}
	e := events[0]
	want := flashback.HistDate{Year: 1929, Month: time.January, Day: 31, Precision: flashback.PrecisionDay, Calendar: flashback.Gregorian}
	checks := []struct{ name, got, want string }{
		{"Headline", e.Headline, "Leon Trotsky is exiled from the Soviet Union."},
		{"Summary", e.Summary, "Lev Davidovich Bronstein, better known as Leon Trotsky, was a revolutionary."},
		{"Category", e.Category, flashback.CategoryHistory},
		{"Date", e.Date.String(), want.String()},
		{"Slug", e.Slug, "leon-trotsky-is-exiled-from-the-soviet-union"},
		{"Importer", e.Provenance.Importer, "wikimedia"},
		{"Origin", e.Provenance.Origin, "onthisday-test.json"},
		{"Ref", e.Provenance.Ref, "events[0]"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if e.Date != want {
		t.Errorf("Date = %+v, want %+v", e.Date, want)
	}
	wantSrc := flashback.Source{Title: "Leon Trotsky", URL: "https://en.wikipedia.org/wiki/Leon_Trotsky", Note: Attribution}
	if len(e.Sources) != 1 || e.Sources[0] != wantSrc {
		t.Errorf("Sources = %+v, want [%+v]", e.Sources, wantSrc)
	}
	if !strings.HasPrefix(e.ExternalKey, "wikimedia:events:01-31:1929:") || !e.Published {
		t.Errorf("ExternalKey = %q, Published = %v", e.ExternalKey, e.Published)
	}
}

func TestParseDates(t *testing.T) {
	feb29 := flashback.MonthDay{Month: time.February, Day: 29}
	tests := []struct {
		name     string
		md       flashback.MonthDay
		year     string // JSON value of "year"
		wantYear int
		wantCal  flashback.Calendar
		skip     string // part of the skip reason; "" when an event is wanted
	}{
		{"AD", jan31, "1929", 1929, flashback.Gregorian, ""},
		{"44 BC is astronomical -43", flashback.MonthDay{Month: time.March, Day: 15}, "-44", -43, flashback.Julian, ""},
		{"1 BC is astronomical 0", jan31, "-1", 0, flashback.Julian, ""},
		{"AD 1", jan31, "1", 1, flashback.Julian, ""},
		{"day before the reform", flashback.MonthDay{Month: time.October, Day: 4}, "1582", 1582, flashback.Julian, ""},
		{"first Gregorian day", flashback.MonthDay{Month: time.October, Day: 15}, "1582", 1582, flashback.Gregorian, ""},
		{"leap day Gregorian", feb29, "2000", 2000, flashback.Gregorian, ""},
		{"leap day Julian century", feb29, "1500", 1500, flashback.Julian, ""},
		{"leap day in a Gregorian common year", feb29, "1900", 0, 0, "has no day 29"},
		{"year zero", jan31, "0", 0, 0, "year 0 does not exist"},
		{"fraction", jan31, "1929.5", 0, 0, "not a whole number"},
		{"string", jan31, `"1929"`, 0, 0, "not a whole number"},
		{"exponent", jan31, "1e3", 0, 0, "not a whole number"},
		{"huge", jan31, "99999999999999999999999", 0, 0, "not a whole number"},
		{"out of range", jan31, "12000", 0, 0, "outside the supported range"},
		{"null", jan31, "null", 0, 0, "has no year"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			js := `{"events": [{"text": "Something happens", "year": ` + tt.year + `}]}`
			events, skips := mustParse(t, tt.md, js)
			if tt.skip != "" {
				if len(events) != 0 || len(skips) != 1 || !strings.Contains(skips[0].Reason, tt.skip) {
					t.Fatalf("got events %v, skips %v; want one skip containing %q", events, skips, tt.skip)
				}
				if skips[0].Ref != "onthisday-test.json:events[0]" {
					t.Errorf("skip Ref = %q", skips[0].Ref)
				}
				return
			}
			if len(events) != 1 {
				t.Fatalf("got %d events, skips %v", len(events), skips)
			}
			d := events[0].Date
			if d.Year != tt.wantYear || d.Calendar != tt.wantCal || d.MonthDay() != tt.md {
				t.Errorf("Date = %+v, want year %d calendar %v on %v", d, tt.wantYear, tt.wantCal, tt.md)
			}
		})
	}
}

func TestParseKinds(t *testing.T) {
	js := `{
		"births": [{"text": "Franz Schubert, Austrian composer (d. 1828)", "year": 1797}],
		"deaths": [{"text": "Charles Edward Stuart, claimant to the throne (b. 1720)", "year": 1788}],
		"holidays": [{"text": "Independence Day (Nauru)", "pages": []}, {"text": "Odd holiday", "year": 1900}],
		"unknown": [{"text": "ignored", "year": 1}]
	}`
	events, skips := mustParse(t, jan31, js)
	if len(skips) != 0 {
		t.Errorf("skips = %v", skips)
	}
	want := []struct {
		category string
		prec     flashback.Precision
		keyPart  string
	}{
		{flashback.CategoryBirths, flashback.PrecisionDay, "wikimedia:births:01-31:1797:"},
		{flashback.CategoryDeaths, flashback.PrecisionDay, "wikimedia:deaths:01-31:1788:"},
		{flashback.CategoryHolidays, flashback.PrecisionMonthDay, "wikimedia:holidays:01-31:-:"},
		{flashback.CategoryHolidays, flashback.PrecisionMonthDay, "wikimedia:holidays:01-31:-:"},
	}
	if len(events) != len(want) {
		t.Fatalf("got %d events, want %d", len(events), len(want))
	}
	for i, w := range want {
		e := events[i]
		if e.Category != w.category || e.Date.Precision != w.prec || !strings.HasPrefix(e.ExternalKey, w.keyPart) {
			t.Errorf("event %d: category %q precision %v key %q; want %q %v %q…", i, e.Category, e.Date.Precision, e.ExternalKey, w.category, w.prec, w.keyPart)
		}
	}
	// An entry without pages still credits Wikipedia.
	if src := events[2].Sources; len(src) != 1 || src[0].Note != Attribution || src[0].URL != "" {
		t.Errorf("holiday sources = %+v", src)
	}
}

func TestParseSelectedAndEventsAreNotDuplicated(t *testing.T) {
	pages := `[{"title": "Iron_Curtain", "content_urls": {"desktop": {"page": "https://en.wikipedia.org/wiki/Iron_Curtain"}}},
		{"title": "Fulton,_Missouri", "content_urls": {"desktop": {"page": "https://en.wikipedia.org/wiki/Fulton,_Missouri"}}}]`
	js := `{"selected": [
			{"text": "Winston Churchill delivers his Iron Curtain speech.", "year": 1946},
			{"text": "Churchill speaks of an \"iron curtain\" at Fulton.", "year": 1946, "pages": ` + pages + `},
			{"text": "Only in selected.", "year": 1950}],
		"events": [
			{"text": "Winston  Churchill delivers his Iron Curtain speech", "year": 1946},
			{"text": "Winston Churchill speaks at Westminster College.", "year": 1946, "pages": ` + pages + `},
			{"text": "Winston Churchill delivers his Iron Curtain speech", "year": 1946}]}`
	md := flashback.MonthDay{Month: time.March, Day: 5}
	events, skips := mustParse(t, md, js)
	var refs []string
	for _, e := range events {
		refs = append(refs, e.Provenance.Ref)
	}
	if got := strings.Join(refs, ","); got != "events[0],events[1],selected[2]" {
		t.Errorf("kept %s, want events[0],events[1],selected[2]", got)
	}
	wantSkips := map[string]string{
		"onthisday-test.json:events[2]":   "repeats events[0]",
		"onthisday-test.json:selected[0]": "repeats events[0]",
		"onthisday-test.json:selected[1]": "the same anniversary as events[1]",
	}
	if len(skips) != len(wantSkips) {
		t.Errorf("skips = %v", skips)
	}
	for _, s := range skips {
		if !strings.HasPrefix(s.Reason, wantSkips[s.Ref]) || wantSkips[s.Ref] == "" {
			t.Errorf("skip %s: %q, want %q", s.Ref, s.Reason, wantSkips[s.Ref])
		}
	}
	// The selected-only entry shares the "events" key space, so importing
	// the "events" file later updates it rather than duplicating it.
	if k := events[2].ExternalKey; !strings.HasPrefix(k, "wikimedia:events:03-05:1950:") {
		t.Errorf("selected key = %q", k)
	}
}

func TestParseHostileText(t *testing.T) {
	long := strings.Repeat("word ", 5000)
	js := `{"events": [
		{"text": "A\u0000B\u200bC\t<script>alert(1)</script>\u202e", "year": 1900,
		 "pages": [{"title": "X", "content_urls": {"desktop": {"page": "javascript:alert(1)"}}},
		           {"title": "Y", "content_urls": {"desktop": {"page": "//evil.example/x"}}},
		           {"title": "Z", "content_urls": {"desktop": {"page": "https://user:pw@evil.example/"}}},
		           "not an object", 42,
		           {"title": "", "normalizedtitle": "   "}]},
		{"text": "` + long + `", "year": 1901, "pages": [{"title": "P", "extract": "` + long + `"}]},
		{"text": "   ", "year": 1902},
		{"year": 1903},
		"just a string",
		{"text": 12, "year": 1904}]}`
	events, skips := mustParse(t, jan31, js)
	if len(events) != 2 {
		t.Fatalf("got %d events, skips %v", len(events), skips)
	}
	e := events[0]
	if e.Headline != "A B C <script>alert(1)</script>" {
		t.Errorf("Headline = %q", e.Headline)
	}
	for _, s := range e.Sources {
		if s.URL != "" {
			t.Errorf("source %q kept the unsafe URL %q", s.Title, s.URL)
		}
	}
	if len(e.Sources) != 3 {
		t.Errorf("Sources = %+v, want X, Y, Z without links", e.Sources)
	}
	big := events[1]
	if len(big.Headline) > 500 || !strings.HasSuffix(big.Headline, "…") {
		t.Errorf("long headline: %d bytes, ends %q", len(big.Headline), big.Headline[len(big.Headline)-8:])
	}
	if len(big.Summary) > maxSummary || !strings.HasSuffix(big.Summary, "…") {
		t.Errorf("long summary: %d bytes", len(big.Summary))
	}
	wantReasons := []string{"text is empty", "has no text", "not an object", "not an object"}
	if len(skips) != len(wantReasons) {
		t.Fatalf("skips = %v", skips)
	}
	for i, w := range wantReasons {
		if !strings.Contains(skips[i].Reason, w) {
			t.Errorf("skip %d = %q, want %q", i, skips[i].Reason, w)
		}
	}
}

func TestParseSummarySentence(t *testing.T) {
	extract := strings.Repeat("First sentence is long enough. ", 8) + strings.Repeat("x", 300)
	js := `{"births": [{"text": "Someone", "year": 1900, "pages": [{"title": "S", "extract": "` + extract + `"}]}]}`
	events, _ := mustParse(t, jan31, js)
	s := events[0].Summary
	if !strings.HasSuffix(s, "enough.") || len(s) > maxSummary {
		t.Errorf("Summary = %q (%d bytes), want it cut after a sentence", s, len(s))
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		input io.Reader
		md    flashback.MonthDay
		want  string
	}{
		{"syntax error with position", strings.NewReader("{\n  \"events\": [\n    {\"text\": oops}\n]}"), jan31, "line 3, column"},
		{"truncated", strings.NewReader(`{"events": [`), jan31, "not valid JSON"},
		{"array at top", strings.NewReader(`[1, 2]`), jan31, "not an object"},
		{"null", strings.NewReader(`null`), jan31, "null"},
		{"empty", strings.NewReader(``), jan31, "not valid JSON"},
		{"bad day", strings.NewReader(`{"events": []}`), flashback.MonthDay{Month: time.February, Day: 30}, "not a day of the year"},
		// Other JSON, keys in the wrong case among it: no list the feed has.
		{"no list", strings.NewReader(`{"Events": [{"text": "x", "year": 1900}], "foo": []}`), jan31, "not an on-this-day feed"},
		{"empty object", strings.NewReader(`{}`), jan31, "not an on-this-day feed"},
		{"too large", io.MultiReader(strings.NewReader(`{"events": "`), bytes.NewReader(make([]byte, MaxInput))), jan31, "larger than 32 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse(tt.input, tt.md, "f.json")
			if err == nil || !strings.Contains(flashback.ErrorMessage(err), tt.want) {
				t.Fatalf("err = %v, want one saying %q", err, tt.want)
			}
			if flashback.ErrorCode(err) != flashback.EINVALID {
				t.Errorf("code = %q, want invalid", flashback.ErrorCode(err))
			}
		})
	}
}

// A day with nothing in it names its lists, empty: that is a feed.
func TestParseEmptyDay(t *testing.T) {
	if events, skips := mustParse(t, jan31, `{"events": [], "births": null}`); len(events) != 0 || len(skips) != 0 {
		t.Errorf("events %v, skips %v; want none", events, skips)
	}
}

func TestParseListNotArray(t *testing.T) {
	events, skips := mustParse(t, jan31, `{"events": {"text": "x"}, "births": null, "deaths": [{"text": "D", "year": 1}]}`)
	if len(events) != 1 || len(skips) != 1 || skips[0].Ref != "onthisday-test.json:events" {
		t.Errorf("events %d, skips %v", len(events), skips)
	}
}

func TestParseIsIdempotent(t *testing.T) {
	js := `{"events": [{"text": "A", "year": 1}, {"text": "B", "year": -500}],
		"holidays": [{"text": "C"}], "births": [{"text": "A", "year": 1}]}`
	first, _ := mustParse(t, jan31, js)
	second, _ := mustParse(t, jan31, js)
	if len(first) != 4 || len(first) != len(second) {
		t.Fatalf("got %d and %d events", len(first), len(second))
	}
	keys := map[string]bool{}
	for i := range first {
		if first[i].ExternalKey != second[i].ExternalKey {
			t.Errorf("key %d changed: %q then %q", i, first[i].ExternalKey, second[i].ExternalKey)
		}
		keys[first[i].ExternalKey] = true
	}
	if len(keys) != 4 {
		t.Errorf("keys are not distinct: %v", keys)
	}
	// The same text on another day is another event.
	other, _ := mustParse(t, flashback.MonthDay{Month: time.February, Day: 1}, js)
	if other[0].ExternalKey == first[0].ExternalKey {
		t.Errorf("key does not depend on the day: %q", other[0].ExternalKey)
	}
}

func TestMonthDayFromFileName(t *testing.T) {
	tests := []struct {
		name string
		want flashback.MonthDay
		err  bool
	}{
		{"onthisday-01-31.json", jan31, false},
		{"01-31.json", jan31, false},
		{"data/feeds/births_02-29.JSON", flashback.MonthDay{Month: time.February, Day: 29}, false},
		{`C:\feeds\onthisday-12-31.json`, flashback.MonthDay{Month: time.December, Day: 31}, false},
		{"onthisday-02-30.json", flashback.MonthDay{}, true},
		{"onthisday-13-01.json", flashback.MonthDay{}, true},
		{"onthisday-1-31.json", flashback.MonthDay{}, true},
		{"onthisday-01-31.json.bak", flashback.MonthDay{}, true},
		{"x01-31.json", flashback.MonthDay{}, true},
		{"", flashback.MonthDay{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MonthDayFromFileName(tt.name)
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("got %v, %v; want %v, error %v", got, err, tt.want, tt.err)
			}
		})
	}
}
