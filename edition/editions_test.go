package edition_test

import (
	"reflect"
	"strconv"
	"testing"
	"time"

	"flashback"
)

// TestEditions_SameAsEachDay: a run of days, across a Monday where the
// week's balance starts again, gives each day the edition Edition gives.
func TestEditions_SameAsEachDay(t *testing.T) {
	d := newDesk(t)
	for day := 20; day <= 31; day++ {
		d.add(1900+day, time.January, day, "Round "+strconv.Itoa(day), cleanArticle)
		d.add(1851+day, time.January, day, "Other "+strconv.Itoa(day), "")
	}
	d.pick(2026, time.January, 27, d.add(1999, time.January, 27, "The editors' choice", cleanArticle))
	from := flashback.CivilDate{Year: 2026, Month: time.January, Day: 24} // a Saturday
	tests := []struct {
		name string
		n    int
	}{{"OneDay", 1}, {"AcrossAMonday", 8}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eds, err := d.svc.Editions(t.Context(), from, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if len(eds) != tt.n {
				t.Fatalf("%d editions, want %d", len(eds), tt.n)
			}
			for i, ed := range eds {
				want, err := d.svc.Edition(t.Context(), from.AddDays(i))
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(ed, want) {
					t.Errorf("%s: the run's edition differs from the day's own", want.Date)
				}
			}
		})
	}
	t.Run("NoDays", func(t *testing.T) {
		if _, err := d.svc.Editions(t.Context(), from, 0); err == nil {
			t.Error("no error for 0 days")
		}
	})
}
