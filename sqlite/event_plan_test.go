package sqlite

import (
	"strings"
	"testing"
	"time"

	"flashback"
)

// A day's drafts, which the editors' calendar lists for each of its 66
// days, are read from the index of drafts (migration 021), not picked out
// of all the day's events row by row.
func TestFindEvents_DraftsOfADayPlan(t *testing.T) {
	db := openTestDB(t)
	on := flashback.ShownOn(flashback.MonthDay{Month: time.December, Day: 3}, 2026)
	where, args, ok := eventWhere(flashback.EventFilter{On: on, OnlyDrafts: true})
	if !ok {
		t.Fatal("no condition")
	}
	steps := queryPlan(t, db, `SELECT id FROM events WHERE `+where+` ORDER BY `+eventOrder, args...)
	plan := strings.Join(steps, "\n")
	if !strings.Contains(plan, "INDEX events_draft_order") || strings.Contains(plan, "TEMP B-TREE") {
		t.Errorf("plan %q, want the drafts' index in page order", steps)
	}
}
