package accuracy_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"flashback"
	"flashback/accuracy"
)

// cleanCorpus lists articles that are right about their event yet mention
// many related dates: births, earlier and later events, other calendars,
// ranges, ages. A false alarm here is a bug.
var cleanCorpus = []struct {
	file     string
	date     flashback.HistDate
	category string
	headline string
}{
	{"trotsky.md", exile, flashback.CategoryHistory, "The Soviet Union exiles Leon Trotsky"},
	{"october.md", october, flashback.CategoryHistory, "Bolsheviks seize the Winter Palace"},
	{"caesar.md", idesMarch, flashback.CategoryHistory, "Julius Caesar is assassinated"},
	{"apollo.md", greg(1969, time.July, 20), flashback.CategoryScience, "Apollo 11 lands on the Moon"},
	{"berlin.md", greg(1989, time.November, 9), flashback.CategoryHistory, "The Berlin Wall falls"},
	{"mozart.md", greg(1756, time.January, 27), flashback.CategoryBirths, "Wolfgang Amadeus Mozart is born"},
	{"burns.md", monthDay(time.January, 25), flashback.CategoryHolidays, "Burns Night"},
	{"hastings.md", jul(1066, time.October, 14), flashback.CategoryHistory, "William of Normandy wins the Battle of Hastings"},
	{"vesuvius.md", jul(79, time.August, 24), flashback.CategoryHistory, "Vesuvius erupts and buries Pompeii"},
	// Opens with a background date in another year, not the event's.
	{"cream.md", greg(1968, time.November, 26), flashback.CategoryMusic, cream},
}

func TestLint_CleanCorpusHasNoErrors(t *testing.T) {
	for _, c := range cleanCorpus {
		t.Run(c.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "clean", c.file))
			if err != nil {
				t.Fatal(err)
			}
			text := string(b)
			e := &flashback.Event{Date: c.date, Category: c.category, Headline: c.headline, Body: text}
			if err := e.Validate(); err != nil {
				t.Fatalf("record: %v", err)
			}
			got := accuracy.LintEvent(e)
			checkPositions(t, text, got)
			for _, f := range got {
				if f.Severity == accuracy.Error {
					t.Errorf("false alarm %s at %d:%d %q: %s", f.Rule, f.Line, f.Column, f.Span, f.Message)
				} else {
					t.Logf("warning %s at %d:%d %q: %s", f.Rule, f.Line, f.Column, f.Span, f.Message)
				}
			}
		})
	}
}
