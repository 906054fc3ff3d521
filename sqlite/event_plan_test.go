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

// A day's events read whole, as an edition reads them, are one walk in
// page order: neither read twice nor sorted. A window still chooses its
// ids first.
func TestFindEvents_WholeDayPlan(t *testing.T) {
	db := openTestDB(t)
	on := flashback.ShownOn(flashback.MonthDay{Month: time.June, Day: 3}, 2026)
	tests := []struct {
		name     string
		filter   flashback.EventFilter
		idsFirst bool
	}{
		{"WholeDay", flashback.EventFilter{On: on}, false},
		{"WholeCategory", flashback.EventFilter{Category: "music"}, false},
		{"Window", flashback.EventFilter{On: on, Limit: 20, Offset: 40}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			where, args, _ := eventWhere(tt.filter)
			steps := queryPlan(t, db, findQuery(tt.filter, `events WHERE `+where), args...)
			plan := strings.Join(steps, "\n")
			if got := strings.Contains(plan, "LIST SUBQUERY"); got != tt.idsFirst {
				t.Errorf("ids chosen first: %v, want %v (plan %q)", got, tt.idsFirst, steps)
			}
			if !tt.idsFirst && strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("plan %q sorts the rows it reads", steps)
			}
		})
	}
}
