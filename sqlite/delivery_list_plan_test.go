package sqlite

import (
	"strings"
	"testing"
	"time"

	"flashback"
)

// The editors' ledger view reads a page of rows or a count through the
// indexes of migration 020, never every row of a date or of the ledger:
// SQLite, without statistics, plans the same whatever the ledger holds,
// so the plan on an empty ledger is the plan on one of millions.
func TestDeliveryList_Plans(t *testing.T) {
	db := openTestDB(t)
	date := flashback.CivilDateOf(time.Date(2026, time.December, 3, 0, 0, 0, 0, time.UTC), time.UTC)
	tests := []struct {
		name   string
		filter flashback.DeliveryFilter
		count  bool
		want   string // in the step that reads the ledger
	}{
		{"Date", flashback.DeliveryFilter{LocalDate: date}, false, "USING INDEX deliveries_recent"},
		{"DateCount", flashback.DeliveryFilter{LocalDate: date}, true, "USING COVERING INDEX deliveries_recent"},
		{"EveryDate", flashback.DeliveryFilter{}, false, "USING INDEX deliveries_recent"},
		{"DateAndState", flashback.DeliveryFilter{LocalDate: date, State: flashback.DeliverySent}, false, "USING INDEX deliveries_recent"},
		{"DateAndStateCount", flashback.DeliveryFilter{LocalDate: date, State: flashback.DeliverySent}, true, "USING COVERING INDEX deliveries_recent"},
		{"Failed", flashback.DeliveryFilter{State: flashback.DeliveryFailed}, false, "USING INDEX deliveries_trouble"},
		{"FailedCount", flashback.DeliveryFilter{State: flashback.DeliveryFailed}, true, "USING COVERING INDEX deliveries_trouble"},
		{"Skipped", flashback.DeliveryFilter{State: flashback.DeliverySkipped}, false, "USING INDEX deliveries_trouble"},
		{"RetryOnADate", flashback.DeliveryFilter{LocalDate: date, State: flashback.DeliveryRetry}, false, "USING INDEX deliveries_trouble"},
		{"Subscriber", flashback.DeliveryFilter{SubscriberID: 7}, false, "USING PRIMARY KEY (subscriber_id=?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			where, args, err := deliveryWhere(tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			q := deliveryListQuery(where) + pageClause(50, 100)
			if tt.count {
				q = deliveryCountQuery(where)
			}
			steps := queryPlan(t, db, q, args...)
			if !strings.Contains(strings.Join(steps, "\n"), "d "+tt.want) {
				t.Errorf("plan %q, want the ledger read %q", steps, tt.want)
			}
			for _, s := range steps {
				if strings.Contains(s, "TEMP B-TREE") {
					t.Errorf("plan %q sorts the rows it reads", steps)
				}
			}
		})
	}
	t.Run("CountsByState", func(t *testing.T) {
		steps := queryPlan(t, db, countByStateQuery, date.String())
		if !strings.Contains(steps[0], "USING COVERING INDEX deliveries_recent") {
			t.Errorf("plan %q, want the date's range of deliveries_recent alone", steps)
		}
	})
}

// queryPlan returns the steps of EXPLAIN QUERY PLAN for q.
func queryPlan(t *testing.T, db *DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.read.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var steps []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(steps) == 0 {
		t.Fatal("no plan")
	}
	return steps
}
