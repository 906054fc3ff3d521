package flashback_test

import (
	"reflect"
	"testing"
	"time"

	"flashback"
)

func TestFeaturePickRevisions(t *testing.T) {
	day := "every January 31" // as DayLabel writes it
	lose := []flashback.FieldChange{{Field: flashback.FieldFeatured, Old: day}}
	gain := []flashback.FieldChange{{Field: flashback.FieldFeatured, New: day}}
	tests := []struct {
		name    string
		old, to int64
		want    []flashback.PickRevision
	}{
		{"FirstPick", 0, 7, []flashback.PickRevision{{EventID: 7, Changes: gain}}},
		{"Change", 3, 7, []flashback.PickRevision{{EventID: 3, Changes: lose}, {EventID: 7, Changes: gain}}},
		{"Removed", 3, 0, []flashback.PickRevision{{EventID: 3, Changes: lose}}},
		{"Nothing", 0, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &flashback.FeaturePick{Month: time.January, Day: 31, EventID: tc.to}
			if got := p.Revisions(tc.old); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Revisions(%d) = %+v, want %+v", tc.old, got, tc.want)
			}
		})
	}
}

func TestConflictNotes(t *testing.T) {
	c := &flashback.Conflict{ID: 12, Incoming: flashback.Event{Provenance: flashback.Provenance{Importer: "wikimedia", Origin: "en"}}}
	if got := c.AddedNote(); got != "Conflict 12 dismissed: added as its own event." {
		t.Errorf("AddedNote = %q", got)
	}
	took := c.TookDateNote(flashback.ConflictResolution{Note: "  Checked the diary. "})
	want := "Conflict 12: took the date from " + c.Incoming.Provenance.Describe() + ". Checked the diary."
	if took != want {
		t.Errorf("TookDateNote = %q, want %q", took, want)
	}
	if got := c.TookDateNote(flashback.ConflictResolution{}); got != "Conflict 12: took the date from "+c.Incoming.Provenance.Describe()+"." {
		t.Errorf("TookDateNote without a note = %q", got)
	}
}
