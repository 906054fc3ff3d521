package sqlite

import (
	"context"
	"testing"
)

// TestHeadlineIndexFollowsEvents: the triggers of migration 014 keep the
// headline index in step with the events, under keys that move when a
// headline's length does.
func TestHeadlineIndexFollowsEvents(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	s := NewEventStore(db)
	e := testEvent(1)
	e.Headline = "Comet sighted"
	if err := s.CreateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	indexed := func(word string) []int64 {
		t.Helper()
		rows, err := db.write.QueryContext(ctx, `SELECT ? - (rowid & ?) FROM events_headline_fts WHERE events_headline_fts MATCH ?`, headlineKeyID, headlineKeyID, word)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		return ids
	}
	steps := []struct {
		name     string
		change   func() error
		comet    int // events found by each word
		longtail int
	}{
		{"Created", func() error { return nil }, 1, 0},
		{"HeadlineLengthens", func() error {
			e.Headline = "Comet with a long tail sighted"
			return s.UpdateEvent(ctx, e)
		}, 1, 0},
		{"HeadlineChanges", func() error {
			e.Headline = "Longtail seen"
			return s.UpdateEvent(ctx, e)
		}, 0, 1},
		{"Deleted", func() error {
			_, err := db.write.ExecContext(ctx, `DELETE FROM events WHERE id = ?`, e.ID)
			return err
		}, 0, 0},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			if err := step.change(); err != nil {
				t.Fatal(err)
			}
			if got := indexed("comet"); len(got) != step.comet || (len(got) == 1 && got[0] != e.ID) {
				t.Errorf("comet finds %v, want %d of event %d", got, step.comet, e.ID)
			}
			if got := indexed("longtail"); len(got) != step.longtail {
				t.Errorf("longtail finds %v, want %d", got, step.longtail)
			}
			if got := indexed("tail"); len(got) > 0 && step.name != "HeadlineLengthens" {
				t.Errorf("tail still finds %v", got)
			}
		})
	}
}
