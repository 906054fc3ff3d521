package storetest

import (
	"context"
	"testing"
	"time"

	"flashback"
)

func testCreateAndFind(t *testing.T, newStore NewStore) {
	s, ctx := newStore(t), context.Background()
	e := &flashback.Event{
		Date:     flashback.HistDate{Year: 1929, Month: time.January, Day: 31},
		Category: flashback.CategoryHistory,
		Headline: "Leon Trotsky is exiled from the Soviet Union",
		Summary:  "Trotsky is expelled and sent to Alma-Ata, then Turkey.",
		Body:     "## Exile\n\nA *long* article.",
		Sources: []flashback.Source{
			{Title: "calendar.history", Note: "BSD licence"},
			{Title: "Encyclopaedia", URL: "https://example.org/trotsky"},
		},
		Provenance:  flashback.Provenance{Importer: "editor", Origin: "desk", Ref: "note 1"},
		ExternalKey: "editor:trotsky",
		Selected:    true,
		Published:   true,
	}
	mustCreate(t, s, e)
	if e.ID == 0 {
		t.Fatal("CreateEvent left ID at zero")
	}
	if want := flashback.Slugify(e.Headline); e.Slug != want {
		t.Errorf("Slug = %q, want %q", e.Slug, want)
	}
	if e.CreatedAt.IsZero() || !e.UpdatedAt.Equal(e.CreatedAt) {
		t.Errorf("timestamps = %v / %v, want equal and set", e.CreatedAt, e.UpdatedAt)
	}
	got, err := s.FindEventByID(ctx, e.ID)
	if err != nil {
		t.Fatalf("FindEventByID: %v", err)
	}
	assertSameEvent(t, got, e)

	t.Run("ExplicitSlugKept", func(t *testing.T) {
		e := day("Something else entirely", 1930, time.March, 1)
		e.Slug = "my-own-slug"
		mustCreate(t, s, e)
		got, err := s.FindEventByID(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Slug != "my-own-slug" {
			t.Errorf("Slug = %q, want my-own-slug", got.Slug)
		}
	})
}

func testNotFound(t *testing.T, newStore NewStore) {
	s, ctx := newStore(t), context.Background()
	e, err := s.FindEventByID(ctx, 987654)
	assertCode(t, err, flashback.ENOTFOUND)
	if e != nil {
		t.Errorf("FindEventByID returned %+v with the error", e)
	}
	missing := day("Never stored", 1900, time.May, 5)
	missing.ID = 987654
	assertCode(t, s.UpdateEvent(ctx, missing), flashback.ENOTFOUND)
}

func testValidationErrors(t *testing.T, newStore NewStore) {
	s, ctx := newStore(t), context.Background()
	cases := []struct {
		name   string
		change func(e *flashback.Event)
	}{
		{"EmptyHeadline", func(e *flashback.Event) { e.Headline = "  " }},
		{"NoCategory", func(e *flashback.Event) { e.Category = "" }},
		{"UnknownCategory", func(e *flashback.Event) { e.Category = "gossip" }},
		{"NoSuchDay", func(e *flashback.Event) { e.Date.Month, e.Date.Day = time.February, 30 }},
		{"GregorianFeb29InCommonYear", func(e *flashback.Event) {
			e.Date = flashback.HistDate{Year: 1900, Month: time.February, Day: 29}
		}},
		{"YearOutOfRange", func(e *flashback.Event) { e.Date.Year = 12000 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := day("Valid until changed", 1950, time.June, 17)
			c.change(e)
			assertCode(t, s.CreateEvent(ctx, e), flashback.EINVALID)
		})
	}
	if _, total := mustFind(t, s, flashback.EventFilter{IncludeDrafts: true}); total != 0 {
		t.Errorf("%d events stored after failed creates, want 0", total)
	}

	t.Run("OnUpdate", func(t *testing.T) {
		e := day("Stored fine", 1950, time.June, 17)
		mustCreate(t, s, e)
		e.Category = "gossip"
		assertCode(t, s.UpdateEvent(ctx, e), flashback.EINVALID)
		got, err := s.FindEventByID(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Category != flashback.CategoryHistory {
			t.Errorf("failed update changed category to %q", got.Category)
		}
	})
}

func testExternalKeyConflict(t *testing.T, newStore NewStore) {
	s, ctx := newStore(t), context.Background()
	a := day("First", 1901, time.January, 1)
	a.ExternalKey = "k1"
	b := day("Second", 1902, time.January, 2)
	b.ExternalKey = "k2"
	mustCreate(t, s, a, b)
	c := day("Third", 1903, time.January, 3)
	c.ExternalKey = "k1"
	assertCode(t, s.CreateEvent(ctx, c), flashback.ECONFLICT)
	b.ExternalKey = "k1"
	assertCode(t, s.UpdateEvent(ctx, b), flashback.ECONFLICT)
	// Events written by editors have no key, and any number may have none.
	mustCreate(t, s, day("No key 1", 1904, time.May, 1), day("No key 2", 1905, time.May, 2))
}

func testUpdate(t *testing.T, newStore NewStore) {
	s, ctx := newStore(t), context.Background()
	e := day("Apollo 11 lands on the Moon", 1969, time.July, 20)
	mustCreate(t, s, e)
	created, before := e.CreatedAt, mustVersion(t, s)

	e.Headline = "Apollo 11 lands on the Moon (corrected)"
	e.Slug = ""
	e.Date.Day = 21
	e.Sources = []flashback.Source{{Title: "NASA"}}
	e.CreatedAt = time.Time{} // a caller cannot rewrite history
	if err := s.UpdateEvent(ctx, e); err != nil {
		t.Fatalf("UpdateEvent: %v", err)
	}
	if after := mustVersion(t, s); after <= before {
		t.Errorf("ContentVersion %d after update, want more than %d", after, before)
	}
	got, err := s.FindEventByID(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(created) {
		t.Errorf("CreatedAt = %v, want it kept at %v", got.CreatedAt, created)
	}
	if got.UpdatedAt.Before(created) {
		t.Errorf("UpdatedAt %v is before CreatedAt %v", got.UpdatedAt, created)
	}
	if got.Slug != flashback.Slugify(e.Headline) {
		t.Errorf("Slug = %q, want it derived from the new headline", got.Slug)
	}
	assertSameEvent(t, got, e)
	july21, _ := mustFind(t, s, flashback.EventFilter{On: []flashback.MonthDay{{Month: time.July, Day: 21}}})
	assertHeadlines(t, july21, e.Headline)
	july20, _ := mustFind(t, s, flashback.EventFilter{On: []flashback.MonthDay{{Month: time.July, Day: 20}}})
	assertHeadlines(t, july20)
}

func testCategories(t *testing.T, newStore NewStore) {
	cats, err := newStore(t).Categories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ slug, name string }{
		{flashback.CategoryHistory, "World History"},
		{flashback.CategoryScience, "Science & Technology"},
		{flashback.CategoryMusic, "Music"},
		{flashback.CategoryCulture, "Arts & Culture"},
		{flashback.CategoryBirths, "Births"},
		{flashback.CategoryDeaths, "Deaths"},
		{flashback.CategoryHolidays, "Holidays & Observances"},
	}
	if len(cats) != len(want) {
		t.Fatalf("%d categories, want %d", len(cats), len(want))
	}
	for i, w := range want {
		c := cats[i]
		if c.Slug != w.slug || c.Name != w.name || c.Description == "" {
			t.Errorf("category %d = %+v, want slug %q, name %q and a description", i, c, w.slug, w.name)
		}
		if i > 0 && c.Position <= cats[i-1].Position {
			t.Errorf("category %q position %d not after %d", c.Slug, c.Position, cats[i-1].Position)
		}
	}
}

func testContentVersion(t *testing.T, newStore NewStore) {
	s, ctx := newStore(t), context.Background()
	v0 := mustVersion(t, s)
	if v1 := mustVersion(t, s); v1 != v0 {
		t.Errorf("ContentVersion moved from %d to %d without a change", v0, v1)
	}
	mustCreate(t, s, day("Something happens", 2001, time.March, 3))
	v1 := mustVersion(t, s)
	if v1 <= v0 {
		t.Errorf("ContentVersion %d after create, want more than %d", v1, v0)
	}
	bad := day("", 2001, time.March, 3)
	assertCode(t, s.CreateEvent(ctx, bad), flashback.EINVALID)
	if v2 := mustVersion(t, s); v2 != v1 {
		t.Errorf("ContentVersion moved from %d to %d on a refused create", v1, v2)
	}
}

// testEventTimestamps: an event's creation and update times are the store's
// clock's, to the microsecond, not the database server's or the machine's.
func testEventTimestamps(t *testing.T, s flashback.EventStore, setNow func(time.Time)) {
	ctx := context.Background()
	created := time.Date(2026, time.January, 31, 23, 59, 59, 123456000, time.UTC)
	setNow(created)
	e := &flashback.Event{
		Date:     flashback.HistDate{Year: 1929, Month: time.January, Day: 31},
		Category: flashback.CategoryHistory,
		Headline: "Trotsky exiled",
	}
	if err := s.CreateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	updated := created.Add(36 * time.Hour)
	setNow(updated)
	e.Summary = "Now with a summary."
	if err := s.UpdateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindEventByID(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(created) || !got.UpdatedAt.Equal(updated) {
		t.Errorf("timestamps = %v / %v, want %v / %v", got.CreatedAt, got.UpdatedAt, created, updated)
	}
}
