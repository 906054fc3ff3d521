package edition_test

import (
	"path/filepath"
	"testing"
	"time"

	"flashback"
	"flashback/edition"
	"flashback/sqlite"
)

// desk is the edition service over a real SQLite file.
type desk struct {
	t      *testing.T
	events *sqlite.EventStore
	store  *sqlite.DeskStore
	svc    *edition.Service
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "edition.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	d := &desk{t: t, events: sqlite.NewEventStore(db), store: sqlite.NewDeskStore(db)}
	d.svc = &edition.Service{Events: d.events, Features: d.store}
	return d
}

// add stores a published event; body, when not empty, is its article.
func (d *desk) add(year int, month time.Month, day int, headline, body string) *flashback.Event {
	d.t.Helper()
	e := &flashback.Event{Date: flashback.HistDate{Year: year, Month: month, Day: day},
		Category: flashback.CategoryHistory, Headline: headline, Body: body, Published: true}
	if err := d.events.CreateEvent(d.t.Context(), e); err != nil {
		d.t.Fatal(err)
	}
	return e
}

func (d *desk) pick(year int, month time.Month, day int, e *flashback.Event) {
	d.t.Helper()
	p := &flashback.FeaturePick{Year: year, Month: month, Day: day, EventID: e.ID}
	if err := d.store.SetFeaturePick(d.t.Context(), p); err != nil {
		d.t.Fatal(err)
	}
}

// lead returns the featured story of the edition of y-m-d, nil for none.
func (d *desk) lead(y int, m time.Month, day int) (*flashback.Edition, *flashback.Lead) {
	d.t.Helper()
	ed, err := d.svc.Edition(d.t.Context(), flashback.CivilDate{Year: y, Month: m, Day: day})
	if err != nil {
		d.t.Fatal(err)
	}
	return ed, ed.Lead
}

func wantLead(t *testing.T, l *flashback.Lead, e *flashback.Event, byEditor bool) {
	t.Helper()
	if l == nil {
		t.Fatalf("no lead, want %q", e.Headline)
	}
	if l.Event.ID != e.ID || l.ByEditor != byEditor {
		t.Errorf("lead %q (by editor: %v), want %q (by editor: %v)", l.Event.Headline, l.ByEditor, e.Headline, byEditor)
	}
}

const cleanArticle = "An article that lints clean.\n\nIts second paragraph."

func TestEdition_EditorsPick(t *testing.T) {
	d := newDesk(t)
	written := d.add(1990, time.June, 17, "A story with an article", cleanArticle)
	plain := d.add(1971, time.June, 17, "A one-liner", "")
	other := d.add(1985, time.June, 18, "Another day's one-liner", "")
	d.add(1986, time.June, 18, "Another day's story with an article", cleanArticle)

	t.Run("AutomaticPrefersAnArticle", func(t *testing.T) {
		_, l := d.lead(2026, time.June, 17)
		wantLead(t, l, written, false)
		if l.Opening != "An article that lints clean." {
			t.Errorf("opening %q", l.Opening)
		}
	})
	t.Run("PickWins", func(t *testing.T) {
		d.pick(2026, time.June, 17, plain)
		ed, l := d.lead(2026, time.June, 17)
		wantLead(t, l, plain, true)
		if l.Reason != "Editors’ choice" {
			t.Errorf("reason %q", l.Reason)
		}
		if ed.Count != 2 || len(ed.Sections) != 1 || len(ed.Sections[0].Stories) != 1 {
			t.Errorf("the lead is not told once: count %d, sections %+v", ed.Count, ed.Sections)
		}
	})
	t.Run("PickIsForItsYearOnly", func(t *testing.T) {
		_, l := d.lead(2027, time.June, 17)
		wantLead(t, l, written, false)
	})
	t.Run("OpenReportSetsThePickAside", func(t *testing.T) {
		if err := d.store.CreateReport(t.Context(), &flashback.Report{EventID: plain.ID, Problem: "Wrong year?"}); err != nil {
			t.Fatal(err)
		}
		_, l := d.lead(2026, time.June, 17)
		wantLead(t, l, written, false)
		days, feats, err := d.svc.Plan(t.Context(), flashback.CivilDate{Year: 2026, Month: time.June, Day: 17}, 1)
		if err != nil || len(days) != 1 {
			t.Fatalf("plan: %d days, %v", len(days), err)
		}
		if feats[0].SetAside != "1 open report" || feats[0].Pick == nil || feats[0].Pick.EventID != plain.ID {
			t.Errorf("set aside %q, pick %+v", feats[0].SetAside, feats[0].Pick)
		}
	})
	t.Run("MonthDayPickAppliesEveryYear", func(t *testing.T) {
		d.pick(0, time.June, 18, other)
		for _, year := range []int{2026, 2027, 2032} {
			_, l := d.lead(year, time.June, 18)
			wantLead(t, l, other, true)
		}
	})
	t.Run("DatePickWinsOverMonthDayPick", func(t *testing.T) {
		mine := d.add(2001, time.June, 18, "The pick for 2030", "")
		d.pick(2030, time.June, 18, mine)
		_, l := d.lead(2030, time.June, 18)
		wantLead(t, l, mine, true)
		_, l = d.lead(2031, time.June, 18)
		wantLead(t, l, other, true)
	})
}

// A 29 February event leads 28 February in a common year, told as a leap
// day, and only 29 February in a leap year.
func TestEdition_LeapDay(t *testing.T) {
	d := newDesk(t)
	leap := d.add(1960, time.February, 29, "A leap-day story", cleanArticle)
	tests := []struct {
		name    string
		year    int
		day     int
		lead    bool
		leapDay bool
		ago     int
	}{
		{"CommonYear28", 2026, 28, true, true, 66},
		{"LeapYear28", 2028, 28, false, false, 0},
		{"LeapYear29", 2028, 29, true, false, 68},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ed, l := d.lead(tc.year, time.February, tc.day)
			if !tc.lead {
				if l != nil {
					t.Errorf("lead %q on a day it is not shown", l.Event.Headline)
				}
				return
			}
			wantLead(t, l, leap, false)
			if ed.LeapDay != tc.leapDay || l.LeapDay != tc.leapDay || l.YearsAgo != tc.ago {
				t.Errorf("edition leap day %v, lead leap day %v, %d years ago; want %v, %v, %d",
					ed.LeapDay, l.LeapDay, l.YearsAgo, tc.leapDay, tc.leapDay, tc.ago)
			}
		})
	}
}

// A BC event leads with its year written as BC and its years counted
// without a year zero: from 1 BC to AD 1 is one year.
func TestEdition_BCLead(t *testing.T) {
	d := newDesk(t)
	caesar := d.add(-43, time.March, 15, "Julius Caesar is assassinated", "")
	oneBC := d.add(0, time.April, 2, "Something in 1 BC", "")
	twoBC := d.add(-1, time.April, 3, "Something in 2 BC", "")
	tests := []struct {
		name  string
		on    flashback.CivilDate
		event *flashback.Event
		year  string
		ago   int
	}{
		{"IdesOfMarch", flashback.CivilDate{Year: 2026, Month: time.March, Day: 15}, caesar, "44 BC", 2069},
		{"OneBCInAD1", flashback.CivilDate{Year: 1, Month: time.April, Day: 2}, oneBC, "1 BC", 1},
		{"TwoBCInAD1", flashback.CivilDate{Year: 1, Month: time.April, Day: 3}, twoBC, "2 BC", 2},
		{"OneBCIn2026", flashback.CivilDate{Year: 2026, Month: time.April, Day: 2}, oneBC, "1 BC", 2026},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, l := d.lead(tc.on.Year, tc.on.Month, tc.on.Day)
			wantLead(t, l, tc.event, false)
			if l.Year != tc.year || l.YearsAgo != tc.ago {
				t.Errorf("lead of %s: year %q, %d years ago; want %q, %d", tc.on, l.Year, l.YearsAgo, tc.year, tc.ago)
			}
		})
	}
	t.Run("AnniversaryReason", func(t *testing.T) {
		// 2069 years in 2026; in AD 2057 it is 2100 years.
		_, l := d.lead(2057, time.March, 15)
		wantLead(t, l, caesar, false)
		if l.Reason != "2100th anniversary" {
			t.Errorf("reason %q, want 2100th anniversary", l.Reason)
		}
	})
}
