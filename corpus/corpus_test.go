package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/corpus/bsdcal"
)

func TestBundled(t *testing.T) {
	events, skips, err := Bundled()
	if err != nil {
		t.Fatalf("Bundled: %v", err)
	}
	if len(events) < 1500 {
		t.Errorf("only %d events; the calendar files hold over 2,000", len(events))
	}
	// The skips are the movable dates of the holiday files and one
	// repeated line of calendar.history; a sudden rise means the parser
	// stopped understanding something.
	if len(skips) > 60 {
		t.Errorf("%d skips, want at most 60; first: %v", len(skips), skips[:5])
	}
	for _, s := range skips {
		if s.Ref == "" || s.Reason == "" {
			t.Errorf("skip without ref or reason: %+v", s)
		}
	}
	keys := make(map[string]string, len(events))
	for _, ev := range events {
		ref := ev.Provenance.Origin + ":" + ev.Provenance.Ref
		if err := ev.Date.Validate(); err != nil {
			t.Errorf("%s: date %+v: %v", ref, ev.Date, err)
		}
		if err := ev.Validate(); err != nil {
			t.Errorf("%s: %v", ref, err)
		}
		if !ev.Date.OnDatePages() {
			t.Errorf("%s: date %v is on no date page", ref, ev.Date)
		}
		if other, dup := keys[ev.ExternalKey]; dup {
			t.Errorf("%s and %s share the key %s", ref, other, ev.ExternalKey)
		}
		keys[ev.ExternalKey] = ref
	}
}

// find returns the bundled event of origin whose headline contains text.
func find(t *testing.T, events []*flashback.Event, origin, text string) *flashback.Event {
	t.Helper()
	for _, ev := range events {
		if ev.Provenance.Origin == origin && strings.Contains(ev.Headline, text) {
			return ev
		}
	}
	t.Fatalf("no event of %s mentions %q", origin, text)
	return nil
}

// The entries are read as the calendar files give them; errata may
// correct them afterwards.
func TestBundledKnownEntries(t *testing.T) {
	events, _, err := BundledUncorrected()
	if err != nil {
		t.Fatal(err)
	}
	jan31 := flashback.MonthDay{Month: time.January, Day: 31}
	tests := []struct {
		name, origin, text string
		date               flashback.HistDate
		category           string
	}{
		{"HamTheChimp", "calendar.history", `"Ham" the chimpanzee`,
			flashback.HistDate{Year: 1961, Month: time.January, Day: 31}, flashback.CategoryHistory},
		{"ExplorerI", "calendar.history", "Explorer I launched",
			flashback.HistDate{Year: 1958, Month: time.January, Day: 31}, flashback.CategoryHistory},
		{"JackieRobinson", "calendar.birthday", "Jackie Robinson born",
			flashback.HistDate{Year: 1919, Month: time.January, Day: 31}, flashback.CategoryBirths},
		{"HewlettPackard", "calendar.computer", "Hewlett-Packard founded",
			flashback.HistDate{Year: 1939, Month: time.January, Day: 31}, flashback.CategoryScience},
		{"Schubert", "calendar.music", "Franz Schubert is born",
			flashback.HistDate{Year: 1797, Month: time.January, Day: 31}, flashback.CategoryBirths},
		{"CaesarBC", "calendar.history", "Julius Caesar, Dictator",
			flashback.HistDate{Year: -43, Month: time.March, Day: 15, Calendar: flashback.Julian}, flashback.CategoryHistory},
		{"AristotleDeath", "calendar.birthday", "Aristotle died",
			flashback.HistDate{Year: -321, Month: time.March, Day: 7, Calendar: flashback.Julian}, flashback.CategoryDeaths},
		{"Candlemas", "calendar.holiday", "Candlemas",
			flashback.HistDate{Month: time.February, Day: 2, Precision: flashback.PrecisionMonthDay}, flashback.CategoryHolidays},
		{"LincolnDiesInHistory", "calendar.history", "Abraham Lincoln dies",
			flashback.HistDate{Year: 1865, Month: time.April, Day: 15}, flashback.CategoryDeaths},
		{"TuringBornInComputer", "calendar.computer", "Alan Mathison Turing born",
			flashback.HistDate{Year: 1912, Month: time.June, Day: 23}, flashback.CategoryBirths},
		{"NavyBornStaysHistory", "calendar.history", "US Navy born",
			flashback.HistDate{Year: 1775, Month: time.October, Day: 13}, flashback.CategoryHistory},
		{"DatedDeathInHolidays", "calendar.holiday", "Death of President Barthelemy Boganda",
			flashback.HistDate{Year: 1959, Month: time.March, Day: 29}, flashback.CategoryDeaths},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := find(t, events, tt.origin, tt.text)
			if ev.Date != tt.date || ev.Category != tt.category {
				t.Errorf("got %+v in %s, want %+v in %s", ev.Date, ev.Category, tt.date, tt.category)
			}
		})
	}
	n := 0
	for _, ev := range events {
		if ev.Date.MonthDay() == jan31 {
			n++
		}
	}
	// The files hold eight 01/31 lines, all with a year.
	if n != 8 {
		t.Errorf("%d events on January 31, want the 8 the files hold", n)
	}
}

// The bundled files are fixed (SOURCE pins them), so the number of events
// per category only moves when the rules of bsdcal.Category change; a
// change here should be one someone meant.
func TestBundledCategoryCounts(t *testing.T) {
	events, _, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, ev := range events {
		got[ev.Category]++
	}
	want := map[string]int{
		flashback.CategoryHistory:  671,
		flashback.CategoryScience:  61,
		flashback.CategoryMusic:    79,
		flashback.CategoryBirths:   516,
		flashback.CategoryDeaths:   250,
		flashback.CategoryHolidays: 556,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events per category = %v, want %v", got, want)
	}
}

// The embedded files are those SOURCE lists, unchanged: nobody edited the
// generated copy by hand.
func TestBundledMatchesSource(t *testing.T) {
	source, err := fs.ReadFile(bundled, "bundled/SOURCE")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range bsdcal.DefaultFiles() {
		data, err := fs.ReadFile(bundled, "bundled/"+name)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if line := hex.EncodeToString(sum[:]) + "  " + name; !strings.Contains(string(source), line) {
			t.Errorf("SOURCE has no line %q", line)
		}
	}
	if notice, err := fs.ReadFile(bundled, "bundled/COPYRIGHT"); err != nil || !strings.Contains(string(notice), "Regents of the University of California") {
		t.Errorf("COPYRIGHT missing or not the BSD notice (err %v)", err)
	}
}

// ParseBSDDir on the bundled directory must give what Bundled gives
// before errata (they correct the bundled corpus only).
func TestParseBSDDirSameAsBundled(t *testing.T) {
	want, wantSkips, err := BundledUncorrected()
	if err != nil {
		t.Fatal(err)
	}
	got, gotSkips, err := ParseBSDDir("bundled")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotSkips, wantSkips) {
		t.Errorf("ParseBSDDir gave %d events and %d skips, Bundled %d and %d",
			len(got), len(gotSkips), len(want), len(wantSkips))
	}
}

func TestParseBSDDir(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "calendar.music", "01/27\tWolfgang Amadeus Mozart is born in Salzburg, Austria, 1756\n")
	write(t, dir, "calendar.history", "05/SunSecond\tMother's Day\n01/30\tTet Offensive, 1968\n")
	write(t, dir, "calendar.lotr", "01/05\tFellowship enters Moria\n") // not a default file
	events, skips, err := ParseBSDDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range events {
		got = append(got, ev.Category+": "+ev.Headline)
	}
	want := []string{"world-history: Tet Offensive", "births: Wolfgang Amadeus Mozart is born in Salzburg, Austria"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
	if len(skips) != 1 || skips[0].Ref != "calendar.history:1" {
		t.Errorf("skips = %v, want the weekday entry of calendar.history", skips)
	}
}

func TestParseBSDDirWithoutCalendarFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "calendar.lotr", "01/05\tFellowship enters Moria\n")
	_, _, err := ParseBSDDir(dir)
	if flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("err = %v, want ENOTFOUND", err)
	}
}

func TestParseBSDFile(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "calendar.unitedkingdom", "01/25\tBurns Night\n02/30\tNo such day\n")
	events, skips, err := ParseBSDFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Category != flashback.CategoryHolidays || events[0].Provenance.Origin != "calendar.unitedkingdom" {
		t.Errorf("events = %+v", events)
	}
	if len(skips) != 1 || skips[0].Ref != "calendar.unitedkingdom:2" {
		t.Errorf("skips = %v", skips)
	}
	if _, _, err := ParseBSDFile(filepath.Join(dir, "calendar.none")); flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("missing file: err = %v, want ENOTFOUND", err)
	}
}

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Bundled runs on the first start of a fresh installation; it should take
// a few milliseconds (the target is well under 100 ms).
func BenchmarkBundled(b *testing.B) {
	for b.Loop() {
		if _, _, err := Bundled(); err != nil {
			b.Fatal(err)
		}
	}
}
