package conflict

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/corpus/wikimedia"
	"flashback/sqlite"
)

// openStore returns the real SQLite event store on a fresh file.
func openStore(t testing.TB) *sqlite.EventStore {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "flashback.db"))
	if err := db.Open(); err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return sqlite.NewEventStore(db)
}

// ev builds an imported event as an importer would.
func ev(key, category, headline string, d flashback.HistDate) *flashback.Event {
	importer, _, _ := strings.Cut(key, ":")
	return &flashback.Event{
		Date: d, Category: category, Headline: headline, Published: true, ExternalKey: key,
		Provenance: flashback.Provenance{Importer: importer, Origin: "test", Ref: key},
	}
}

func day(y int, m time.Month, d int) flashback.HistDate {
	return flashback.HistDate{Year: y, Month: m, Day: d, Precision: flashback.PrecisionDay}
}

func julian(y int, m time.Month, d int) flashback.HistDate {
	h := day(y, m, d)
	h.Calendar = flashback.Julian
	return h
}

const history = flashback.CategoryHistory

// bsdChurchill and wikiChurchill return, afresh each time since a store
// writes IDs into what it imports, the BSD calendar's and Wikipedia's
// entries for the Iron Curtain speech.
func bsdChurchill() *flashback.Event {
	return ev("bsdcal:calendar.history:1", history, `Churchill delivers his "Iron Curtain" speech`, day(1947, time.January, 1))
}

func wikiChurchill() *flashback.Event {
	return ev("wikimedia:events:03-05:1946:1", history,
		"Winston Churchill delivers his Iron Curtain speech at Westminster College in Fulton, Missouri", day(1946, time.March, 5))
}

func TestFind(t *testing.T) {
	tests := []struct {
		name     string
		existing []*flashback.Event
		incoming *flashback.Event
		flagged  bool
	}{
		{"Iron Curtain: Wikipedia against the BSD calendar", []*flashback.Event{bsdChurchill()}, wikiChurchill(), true},
		{"Iron Curtain: BSD calendar against Wikipedia", []*flashback.Event{wikiChurchill()}, bsdChurchill(), true},
		{"Iron Curtain with the year in the headline", []*flashback.Event{wikiChurchill()},
			ev("bsdcal:x:2", history, `Churchill delivers his "Iron Curtain" speech, 1947`, day(1947, time.January, 1)), true},
		{"BSD entry without a year, on another day", []*flashback.Event{wikiChurchill()},
			ev("bsdcal:x:3", history, `Churchill delivers his "Iron Curtain" speech`,
				flashback.HistDate{Month: time.January, Day: 1, Precision: flashback.PrecisionMonthDay}), true},
		{"same wording, another year", []*flashback.Event{ev("csv:1", history, "Treaty of Paris is signed", day(1783, time.September, 3))},
			ev("wikimedia:e:1", history, "The Treaty of Paris is signed", day(1763, time.September, 3)), true},
		{"same person born, births list", []*flashback.Event{ev("bsdcal:b:1", flashback.CategoryBirths, "Franz Schubert born in Vienna", day(1797, time.January, 30))},
			ev("wikimedia:births:1", flashback.CategoryBirths, "Franz Schubert, Austrian composer (d. 1828)", day(1797, time.January, 31)), true},
		{"told in capitals", []*flashback.Event{ev("csv:11", history, "First public bath opened in N.Y.", day(1891, time.August, 17))},
			ev("csv:12", history, "FIRST PUBLIC BATH OPENED IN N.Y.", day(1892, time.August, 17)), true},
		{"told as a title", []*flashback.Event{ev("csv:11", history, "First public bath opened in N.Y.", day(1891, time.August, 17))},
			ev("csv:13", history, "First Public Bath Opened In N.Y.", day(1892, time.August, 17)), true},
		{"accents written or not", []*flashback.Event{ev("csv:10", flashback.CategoryMusic, "Antonín Dvořák's New World Symphony premieres", day(1893, time.December, 16))},
			ev("bsdcal:m:1", flashback.CategoryMusic, "Antonin Dvorak's New World Symphony premieres in New York", day(1893, time.December, 15)), true},
		{"another category, same headline", []*flashback.Event{ev("csv:7", flashback.CategoryCulture, wikiChurchill().Headline, day(1947, time.January, 1))},
			wikiChurchill(), true},
		{"music against world history", []*flashback.Event{ev("bsdcal:m:3", flashback.CategoryMusic,
			`"The Last Waltz" concert is played by The Band at Winterland`, day(1976, time.November, 25))},
			ev("wikimedia:e:10", history, "The Band performs its farewell concert, The Last Waltz, at Winterland Ballroom in San Francisco", day(1978, time.November, 25)), true},
		{"year-only source in another year", []*flashback.Event{ev("csv:2", history, "Churchill delivers the Iron Curtain speech",
			flashback.HistDate{Year: 1947, Precision: flashback.PrecisionYear})}, wikiChurchill(), true},

		{"a numbered spacecraft, Arabic against Roman, a day apart", []*flashback.Event{ev("bsdcal:h:9", history, "Luna IX lands on the Moon", day(1966, time.February, 4))},
			ev("wikimedia:e:11", history, "Luna 9 becomes the first spacecraft to make a soft landing on the Moon", day(1966, time.February, 3)), true},

		{"a shuttle's loss against its first launch", []*flashback.Event{ev("bsdcal:h:10", history, "Space Shuttle Challenger is launched on its maiden flight, STS-6", day(1983, time.April, 4))},
			ev("wikimedia:e:12", history, "Space Shuttle Challenger disintegrates 73 seconds after launch, killing all seven crew members", day(1986, time.January, 28)), false},
		{"another shuttle's first launch against its loss", []*flashback.Event{ev("bsdcal:h:11", history, "Space Shuttle Columbia disintegrates during re-entry over Texas", day(2003, time.February, 1))},
			ev("wikimedia:e:13", history, "Space Shuttle Columbia is launched on STS-1, the first Space Shuttle mission", day(1981, time.April, 12)), false},
		{"different events on the same day", []*flashback.Event{ev("bsdcal:h:1", history, "Leon Trotsky is exiled from the Soviet Union", day(1929, time.January, 31))},
			ev("wikimedia:e:2", history, "Ham the Chimp travels into space aboard Mercury-Redstone 2", day(1961, time.January, 31)), false},
		{"different events on the same day and year", []*flashback.Event{ev("bsdcal:h:2", history, "Churchill becomes Prime Minister", day(1940, time.May, 10))},
			ev("wikimedia:e:3", history, "Germany invades the Netherlands, Belgium and Luxembourg", day(1940, time.May, 10)), false},
		{"birth and death of one person", []*flashback.Event{ev("bsdcal:h:3", history, "Franz Schubert is born in Vienna", day(1797, time.January, 31))},
			ev("wikimedia:e:4", history, "Franz Schubert dies in Vienna", day(1828, time.November, 19)), false},
		{"death and birth in the lists", []*flashback.Event{ev("bsdcal:h:4", flashback.CategoryBirths, "John Lennon born in Liverpool", day(1940, time.October, 9))},
			ev("wikimedia:deaths:1", flashback.CategoryDeaths, "John Lennon, English singer-songwriter (b. 1940)", day(1980, time.December, 8)), false},
		{"numbered missions", []*flashback.Event{ev("csv:3", history, "The Apollo 11 crew lands on the Moon in the lunar module", day(1969, time.July, 20))},
			ev("wikimedia:e:5", history, "The Apollo 14 crew lands on the Moon in the lunar module", day(1971, time.February, 5)), false},
		{"another person in the same place", []*flashback.Event{ev("csv:4", history, "Churchill delivers a speech to the House of Commons", day(1940, time.June, 4))},
			ev("wikimedia:e:6", history, "Attlee delivers a speech to the House of Commons", day(1945, time.August, 16)), false},
		{"another speaker at the same college", []*flashback.Event{wikiChurchill()},
			ev("csv:9", history, "Attlee delivers a speech at Westminster College in Fulton", day(1950, time.May, 1)), false},
		{"same date in two calendars", []*flashback.Event{ev("bsdcal:h:5", history, "The October Revolution begins in Petrograd", julian(1917, time.October, 25))},
			ev("wikimedia:e:7", history, "The October Revolution begins in Petrograd", day(1917, time.November, 7)), false},
		{"same event, same date", []*flashback.Event{bsdChurchill()},
			ev("csv:5", history, `Churchill delivers his "Iron Curtain" speech`, day(1947, time.January, 1)), false},
		{"year-only source in the same year", []*flashback.Event{ev("csv:6", history, "Churchill delivers the Iron Curtain speech",
			flashback.HistDate{Year: 1946, Precision: flashback.PrecisionYear})}, wikiChurchill(), false},
		{"re-import of the same record", []*flashback.Event{bsdChurchill()},
			ev(bsdChurchill().ExternalKey, history, bsdChurchill().Headline, day(1946, time.March, 5)), false},
		{"birth filed outside the births list", []*flashback.Event{ev("csv:11", history, "Franz Schubert born in Vienna", day(1797, time.January, 30))},
			ev("bsdcal:b:2", flashback.CategoryBirths, "Franz Schubert born in Vienna", day(1797, time.January, 31)), false},
		{"a concert and a fight at one hall in one year", []*flashback.Event{ev("csv:12", flashback.CategoryMusic,
			"The Concert for Bangladesh is held at Madison Square Garden in New York City", day(1971, time.August, 1))},
			ev("wikimedia:e:8", history, "Joe Frazier defeats Muhammad Ali at Madison Square Garden in New York City", day(1971, time.March, 8)), false},
		{"a farewell concert and a song contest at one hall in one year", []*flashback.Event{ev("bsdcal:m:2", flashback.CategoryMusic,
			"Cream performs their farewell concert at Royal Albert Hall", day(1968, time.November, 26))},
			ev("wikimedia:e:9", history, "The Royal Albert Hall in London hosts the Eurovision Song Contest", day(1968, time.April, 6)), false},
		{"observances", []*flashback.Event{ev("csv:8", flashback.CategoryHolidays, "Christmas Day",
			flashback.HistDate{Month: time.December, Day: 25, Precision: flashback.PrecisionMonthDay})},
			ev("wikimedia:holidays:1", flashback.CategoryHolidays, "Christmas Day",
				flashback.HistDate{Month: time.January, Day: 7, Precision: flashback.PrecisionMonthDay}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store := openStore(t)
			stats, err := store.ImportEvents(ctx, tt.existing)
			if err != nil || len(stats.Skipped) != 0 || stats.Added != len(tt.existing) {
				t.Fatalf("import: %+v, %v", stats, err)
			}
			in := *tt.incoming // Find must not depend on the incoming event being stored
			got, err := Find(ctx, store, []*flashback.Event{&in})
			if err != nil {
				t.Fatalf("Find: %v", err)
			}
			if !tt.flagged {
				if len(got) != 0 {
					t.Fatalf("flagged %q against %q: %s", in.Headline, got[0].Existing.Headline, got[0].Reason)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("got %d conflicts, want 1", len(got))
			}
			c := got[0]
			if c.Incoming != &in || c.Existing.ExternalKey != tt.existing[0].ExternalKey || c.Existing.ID == 0 {
				t.Errorf("conflict pairs %q with %q", c.Incoming.Headline, c.Existing.Headline)
			}
			if c.Score <= 0 || c.Score > 1 || !strings.Contains(c.Reason, in.Date.String()) || !strings.Contains(c.Reason, c.Existing.Date.String()) {
				t.Errorf("score %.2f, reason %q", c.Score, c.Reason)
			}
		})
	}
}

// TestFindWikimediaImport runs the real Wikimedia parser's output against a
// stored BSD calendar entry, after importing both, as the import command
// will: the incoming events are already in the store by then.
func TestFindWikimediaImport(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	if _, err := store.ImportEvents(ctx, []*flashback.Event{bsdChurchill()}); err != nil {
		t.Fatal(err)
	}
	feed := `{"events": [
		{"text": "Winston Churchill delivers his Iron Curtain speech at Westminster College in Fulton, Missouri.", "year": 1946},
		{"text": "The Nationalist government of China announces it has restored order in Taiwan.", "year": 1946},
		{"text": "Joseph Stalin dies in Moscow.", "year": 1953}]}`
	incoming, skips, err := wikimedia.Parse(strings.NewReader(feed), flashback.MonthDay{Month: time.March, Day: 5}, "onthisday-03-05.json")
	if err != nil || len(skips) != 0 || len(incoming) != 3 {
		t.Fatalf("parse: %d events, %v, %v", len(incoming), skips, err)
	}
	if _, err := store.ImportEvents(ctx, incoming); err != nil {
		t.Fatal(err)
	}
	got, err := Find(ctx, store, incoming)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Incoming != incoming[0] || got[0].Existing.ExternalKey != bsdChurchill().ExternalKey {
		t.Fatalf("conflicts = %+v", got)
	}
	want := "Dated 5 March 1946 by wikimedia onthisday-03-05.json events[0] but 1 January 1947 by bsdcal test bsdcal:calendar.history:1;"
	if !strings.HasPrefix(got[0].Reason, want) {
		t.Errorf("Reason = %q\nwant it to start %q", got[0].Reason, want)
	}
}

func TestFindStopsOnCancelledContext(t *testing.T) {
	store := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Find(ctx, store, []*flashback.Event{wikiChurchill()}); err == nil {
		t.Fatal("Find on a cancelled context returned no error")
	}
}
