package flashback_test

import (
	"testing"
	"time"

	"flashback"
)

// A new event's first revision shows no "before" date rather than the zero
// value's nonsense.
func TestDiffEvents_NewEventHasNoOldDate(t *testing.T) {
	after := &flashback.Event{Headline: "Trotsky exiled", Category: flashback.CategoryHistory,
		Date: flashback.HistDate{Year: 1929, Month: time.June, Day: 17}}
	for _, c := range flashback.DiffEvents(&flashback.Event{}, after) {
		if c.Field == "date" {
			if c.Old != "" || c.New != "17 June 1929" {
				t.Errorf("date change %q → %q, want \"\" → \"17 June 1929\"", c.Old, c.New)
			}
			return
		}
	}
	t.Error("no date change recorded")
}
