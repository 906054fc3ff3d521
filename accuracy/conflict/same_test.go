package conflict

import (
	"context"
	"testing"
	"time"

	"flashback"
	"flashback/corpus"
)

// The matcher finds other records of the same event whatever their dates,
// by the rules Find uses, and never the event itself.
func TestMatcherSameEvents(t *testing.T) {
	tests := []struct {
		name   string
		stored *flashback.Event
		want   bool
	}{
		{"SameDate", ev("wikimedia:a", history, "Winston Churchill delivers his Iron Curtain speech at Westminster College in Fulton, Missouri", day(1947, time.January, 1)), true},
		{"OtherDate", wikiChurchill(), true},
		{"OtherEvent", ev("wikimedia:b", history, "Churchill becomes Prime Minister", day(1940, time.May, 10)), false},
		{"OtherKind", ev("bsdcal:c", flashback.CategoryDeaths, "Winston Churchill dies", day(1965, time.January, 24)), false},
		{"ItselfAgain", bsdChurchill(), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store := openStore(t)
			mine := bsdChurchill()
			events := []*flashback.Event{mine}
			if tc.stored.ExternalKey != mine.ExternalKey {
				events = append(events, tc.stored)
			}
			if _, err := store.ImportEvents(context.Background(), events); err != nil {
				t.Fatal(err)
			}
			same, err := (&Matcher{Events: store}).SameEvents(context.Background(), mine)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, s := range same {
				if s.ID == mine.ID {
					t.Fatalf("the event matched itself")
				}
				found = found || s.ExternalKey == tc.stored.ExternalKey
			}
			if found != tc.want {
				t.Errorf("found %v, want %v (matches %d)", found, tc.want, len(same))
			}
		})
	}
}

// Observances are never the same event as another record.
func TestMatcherObservances(t *testing.T) {
	store := openStore(t)
	a := ev("bsdcal:o1", flashback.CategoryHolidays, "Independence Day", flashback.HistDate{Month: time.July, Day: 4, Precision: flashback.PrecisionMonthDay})
	b := ev("bsdcal:o2", flashback.CategoryHolidays, "Independence Day", flashback.HistDate{Month: time.July, Day: 5, Precision: flashback.PrecisionMonthDay})
	if _, err := store.ImportEvents(context.Background(), []*flashback.Event{a, b}); err != nil {
		t.Fatal(err)
	}
	same, err := (&Matcher{Events: store}).SameEvents(context.Background(), a)
	if err != nil || len(same) != 0 {
		t.Errorf("observance matched %d records, err %v", len(same), err)
	}
}

// BenchmarkSameEvents measures what an article's sources line costs on
// the bundled corpus in a real SQLite file (pages are cached after).
func BenchmarkSameEvents(b *testing.B) {
	store := openStore(b)
	importBundled(b, store)
	events, _, err := corpus.Bundled()
	if err != nil {
		b.Fatal(err)
	}
	m := &Matcher{Events: store}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := m.SameEvents(context.Background(), events[i%len(events)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
