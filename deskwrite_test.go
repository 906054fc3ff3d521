package flashback_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"flashback"
)

// memDesk is a DeskTx over a map that logs each write, so the tests below
// read as the sequence of statements a store would run. The stores' own
// behaviour is pinned by the conformance suite (storetest); this is the
// order and the rules alone.
type memDesk struct {
	events map[int64]flashback.Event
	nextID int64
	log    []string
}

func newMemDesk(events ...flashback.Event) *memDesk {
	d := &memDesk{events: map[int64]flashback.Event{}, nextID: 100}
	for _, e := range events {
		d.events[e.ID] = e
	}
	return d
}

func (d *memDesk) LoadEvent(_ context.Context, id int64) (*flashback.Event, error) {
	e, ok := d.events[id]
	if !ok {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no event %d.", id)
	}
	return &e, nil
}

func (d *memDesk) CheckEvent(_ context.Context, e *flashback.Event, _ int64) error {
	if strings.TrimSpace(e.Headline) == "" {
		return flashback.Errorf(flashback.EINVALID, "A headline is needed.")
	}
	return nil
}

func (d *memDesk) InsertEvent(_ context.Context, e *flashback.Event) error {
	e.ID, d.nextID = d.nextID, d.nextID+1
	d.events[e.ID] = *e
	d.log = append(d.log, fmt.Sprintf("insert event %d", e.ID))
	return nil
}

func (d *memDesk) UpdateEvent(_ context.Context, e *flashback.Event) error {
	d.events[e.ID] = *e
	d.log = append(d.log, fmt.Sprintf("update event %d", e.ID))
	return nil
}

func (d *memDesk) InsertRevision(_ context.Context, eventID, _ int64, changes []flashback.FieldChange, note string) error {
	fields := make([]string, len(changes))
	for i, c := range changes {
		fields[i] = c.Field
	}
	d.log = append(d.log, fmt.Sprintf("revision %d [%s] %q", eventID, strings.Join(fields, " "), note))
	return nil
}

func (d *memDesk) InsertCorrection(_ context.Context, eventID, reportID int64, text string) error {
	d.log = append(d.log, fmt.Sprintf("correction %d report %d %q", eventID, reportID, text))
	return nil
}

func (d *memDesk) AcceptReport(_ context.Context, reportID, eventID, _ int64, _ string) error {
	d.log = append(d.log, fmt.Sprintf("accept report %d about %d", reportID, eventID))
	return nil
}

func TestApplyEdit(t *testing.T) {
	stored := flashback.Event{ID: 7, Headline: "Apollo 11 lands", Date: flashback.HistDate{Year: 1969, Month: 7, Day: 20}}
	renamed := stored
	renamed.Headline = "Apollo 11 lands on the Moon"
	tests := []struct {
		name string
		edit flashback.EventEdit
		want []string
	}{
		{"NewEvent", flashback.EventEdit{Event: &flashback.Event{Headline: "New", Date: stored.Date}, Note: "n"},
			[]string{"insert event 100", `revision 100 [date headline] "n"`}},
		{"UnchangedWritesNothing", flashback.EventEdit{Event: &flashback.Event{ID: 7, Headline: stored.Headline, Date: stored.Date}},
			nil},
		{"ChangeWithCorrectionAndReport", flashback.EventEdit{Event: &renamed, Note: "fix", Correction: " It landed. ", ReportID: 3},
			[]string{"update event 7", `revision 7 [headline] "fix"`, `correction 7 report 3 "It landed."`, "accept report 3 about 7"}},
		{"CorrectionWithoutChange", flashback.EventEdit{Event: &flashback.Event{ID: 7, Headline: stored.Headline, Date: stored.Date}, Correction: "Noted."},
			[]string{`correction 7 report 0 "Noted."`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newMemDesk(stored)
			if err := flashback.ApplyEdit(context.Background(), d, tt.edit); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(d.log, "\n"); got != strings.Join(tt.want, "\n") {
				t.Errorf("wrote:\n%s\nwant:\n%s", got, strings.Join(tt.want, "\n"))
			}
		})
	}
	t.Run("RefusedEventWritesNothing", func(t *testing.T) {
		d := newMemDesk(stored)
		err := flashback.ApplyEdit(context.Background(), d, flashback.EventEdit{Event: &flashback.Event{ID: 7}, Correction: "x"})
		if flashback.ErrorCode(err) != flashback.EINVALID || len(d.log) != 0 {
			t.Errorf("err %v, wrote %q; want EINVALID and nothing", err, d.log)
		}
	})
	t.Run("UnknownEvent", func(t *testing.T) {
		d := newMemDesk()
		err := flashback.ApplyEdit(context.Background(), d, flashback.EventEdit{Event: &flashback.Event{ID: 9, Headline: "x"}})
		if flashback.ErrorCode(err) != flashback.ENOTFOUND {
			t.Errorf("err %v, want ENOTFOUND", err)
		}
	})
}

func TestApplyResolution(t *testing.T) {
	stored := flashback.Event{ID: 7, Headline: "Apollo 11 lands", Date: flashback.HistDate{Year: 1969, Month: 7, Day: 21}}
	incoming := flashback.Event{Headline: "Apollo 11 lands", Date: flashback.HistDate{Year: 1969, Month: 7, Day: 20}}
	c := &flashback.Conflict{ID: 1, EventID: 7, Incoming: incoming, StoredDate: stored.Date}
	tests := []struct {
		name string
		res  flashback.ConflictResolution
		want []string
	}{
		{"Kept", flashback.ConflictResolution{ID: 1, Status: flashback.ConflictKept}, nil},
		{"Taken", flashback.ConflictResolution{ID: 1, Status: flashback.ConflictTaken, Correction: "It was the 20th."},
			[]string{"update event 7", fmt.Sprintf("revision 7 [date] %q", c.TookDateNote(flashback.ConflictResolution{Status: flashback.ConflictTaken})),
				`correction 7 report 0 "It was the 20th."`}},
		{"Dismissed", flashback.ConflictResolution{ID: 1, Status: flashback.ConflictDismissed},
			[]string{"insert event 100", fmt.Sprintf("revision 100 [date headline] %q", c.AddedNote())}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newMemDesk(stored)
			if err := flashback.ApplyResolution(context.Background(), d, c, tt.res); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(d.log, "\n"); got != strings.Join(tt.want, "\n") {
				t.Errorf("wrote:\n%s\nwant:\n%s", got, strings.Join(tt.want, "\n"))
			}
		})
	}
}
