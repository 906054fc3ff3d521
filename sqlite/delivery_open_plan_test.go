package sqlite

import (
	"strings"
	"testing"
)

// The claims find open ledger rows, the due queue counts them and a
// restart ends its earlier runs' leases through the indexes of migration
// 023, never by reading the ledger: SQLite, without statistics, plans the
// same whatever the ledger holds, so the plan on an empty ledger is the
// plan on one of millions.
func TestDeliveryOpen_Plans(t *testing.T) {
	db := openTestDB(t)
	now := "2026-01-31T07:00:00.000000000Z"
	tests := []struct {
		name string
		q    string
		args []any
		want []string // each in some step of the plan
		// maySort allows a sort of what the query read: the claims of
		// dead owners, a few, not the free rows, which come in the
		// index's order however many they are.
		maySort bool
	}{
		{"FreeRows", openFreeQuery(), []any{now, 10},
			[]string{"SEARCH d USING INDEX deliveries_open (<expr><?)", "SEARCH s USING INTEGER PRIMARY KEY"}, false},
		{"DeadOwnersClaims", openDeadQuery(), []any{now, now, "a", now, 10},
			[]string{"SEARCH d USING INDEX deliveries_sending (owner_id=? AND owner_started=?)", "SEARCH s USING INTEGER PRIMARY KEY"}, true},
		{"DueQueue", dueQueueQuery, []any{now},
			[]string{"SEARCH subscribers USING COVERING INDEX subscribers_due", "SEARCH d USING COVERING INDEX deliveries_open (<expr><?)"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps := queryPlan(t, db, tt.q, tt.args...)
			plan := strings.Join(steps, "\n")
			for _, w := range tt.want {
				if !strings.Contains(plan, w) {
					t.Errorf("plan %q, want a step %q", steps, w)
				}
			}
			if !tt.maySort && strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("plan %q sorts the rows it reads", steps)
			}
			if strings.Contains(plan, "SCAN d") || strings.Contains(plan, "SCAN deliveries") {
				t.Errorf("plan %q reads the whole ledger", steps)
			}
		})
	}
}
