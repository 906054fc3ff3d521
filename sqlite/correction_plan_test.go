package sqlite

import (
	"fmt"
	"strings"
	"testing"
)

// TestCorrectionsFrom_ReadsTheLogFirst: the public log, of published
// events only, reads the corrections and seeks their events; the other
// way round it read every published event. Without statistics, which
// Flashback never gathers, SQLite plans the same whatever the tables hold.
func TestCorrectionsFrom_ReadsTheLogFirst(t *testing.T) {
	db := openTestDB(t)
	steps := queryPlan(t, db, `SELECT COUNT(*) FROM `+correctionsFrom+` WHERE e.published = 1`)
	if !strings.HasPrefix(steps[0], "SCAN c") {
		t.Errorf("plan %q, want the corrections scanned first", fmt.Sprint(steps))
	}
}
