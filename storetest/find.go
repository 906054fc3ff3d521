package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"flashback"
)

func on(days ...flashback.MonthDay) flashback.EventFilter {
	return flashback.EventFilter{On: days}
}

func testDateFilter(t *testing.T, newStore NewStore) {
	s := newStore(t)
	month := day("Month only", 1929, time.January, 0)
	month.Date.Precision, month.Date.Day = flashback.PrecisionMonth, 0
	year := day("Year only", 1929, 0, 0)
	year.Date.Precision = flashback.PrecisionYear
	mustCreate(t, s,
		day("Trotsky exiled", 1929, time.January, 31),
		yearless("Independence Day of Nauru", time.January, 31),
		day("Day before", 1929, time.January, 30),
		day("Same day, next month", 1929, time.February, 28),
		month, year,
	)
	jan31 := flashback.MonthDay{Month: time.January, Day: 31}
	events, total := mustFind(t, s, on(jan31))
	assertHeadlines(t, events, "Trotsky exiled", "Independence Day of Nauru")
	if total != 2 {
		t.Errorf("total = %d, want 2", total)
	}
	for _, e := range events {
		if e.Date.MonthDay() != jan31 {
			t.Errorf("%q is on %v, listed on %v", e.Headline, e.Date.MonthDay(), jan31)
		}
	}
	// Month- and year-precision events are on no date page at all.
	all, _ := mustFind(t, s, flashback.EventFilter{})
	if len(all) != 6 {
		t.Errorf("%d events without a filter, want 6", len(all))
	}
	for _, md := range flashback.AllMonthDays() {
		events, _ := mustFind(t, s, on(md))
		for _, e := range events {
			if !e.Date.OnDatePages() || e.Date.MonthDay() != md {
				t.Errorf("%v page lists %q dated %v", md, e.Headline, e.Date)
			}
		}
	}
}

func testLeapDay(t *testing.T, newStore NewStore) {
	s := newStore(t)
	mustCreate(t, s,
		day("Leap-day event", 1504, time.February, 29),
		day("Ordinary 28th", 1900, time.February, 28),
		yearless("Leap-day observance", time.February, 29),
		day("March first", 1900, time.March, 1),
	)
	feb28 := flashback.MonthDay{Month: time.February, Day: 28}
	feb29 := flashback.MonthDay{Month: time.February, Day: 29}
	cases := []struct {
		name string
		days []flashback.MonthDay
		want []string
	}{
		{"Feb28Alone", []flashback.MonthDay{feb28}, []string{"Ordinary 28th"}},
		{"Feb29Alone", []flashback.MonthDay{feb29}, []string{"Leap-day event", "Leap-day observance"}},
		{"CommonYearFeb28", flashback.ShownOn(feb28, 2026),
			[]string{"Ordinary 28th", "Leap-day event", "Leap-day observance"}},
		{"LeapYearFeb28", flashback.ShownOn(feb28, 2028), []string{"Ordinary 28th"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			events, total := mustFind(t, s, on(c.days...))
			assertHeadlines(t, events, c.want...)
			if total != len(c.want) {
				t.Errorf("total = %d, want %d", total, len(c.want))
			}
		})
	}
}

// testPerDay: a capped list keeps, within each day of the year, the
// events of the preferred years, then those with an article, then the
// rest in page order, and lists what it kept in page order.
func testPerDay(t *testing.T, newStore NewStore) {
	s := newStore(t)
	withArticle := func(e *flashback.Event, body string) *flashback.Event {
		e.Body = body
		return e
	}
	month := day("Month only", 1926, time.January, 0)
	month.Date.Precision, month.Date.Day = flashback.PrecisionMonth, 0
	draft := withArticle(day("Draft with an article", 1500, time.January, 31), "Drafted.")
	draft.Published = false
	births := day("Born on the 31st", 1926, time.January, 31)
	births.Category = flashback.CategoryBirths
	bc := day("Old BC", -43, time.January, 31)
	mustCreate(t, s,
		day("Plain 1929", 1929, time.January, 31),
		withArticle(day("Article 1776", 1776, time.January, 31), "The long article."),
		yearless("Holiday", time.January, 31),
		day("Round 1926", 1926, time.January, 31),
		withArticle(day("Blank article 1700", 1700, time.January, 31), " \n\t "),
		bc, births, month, draft,
		day("Alone on 1 February", 1950, time.February, 1),
	)
	year1926 := 1926
	cases := []struct {
		name   string
		filter flashback.EventFilter
		want   []string
		total  int
	}{
		{"preferred, then article", flashback.EventFilter{PerDay: 3, Prefer: []int{1926}},
			[]string{"Article 1776", "Round 1926", "Born on the 31st", "Alone on 1 February"}, 4},
		// Without a preference, the articles first, then page order; a
		// blank body is no article.
		{"article, then page order", flashback.EventFilter{PerDay: 2},
			[]string{"Old BC", "Article 1776", "Alone on 1 February"}, 3},
		// A BC year is preferred by its astronomical number; the year-less
		// entry's stored 0 is never a year.
		{"BC and year 0", flashback.EventFilter{PerDay: 1, Prefer: []int{-43, 0}},
			[]string{"Old BC", "Alone on 1 February"}, 2},
		{"category", flashback.EventFilter{PerDay: 1, Category: flashback.CategoryHolidays},
			[]string{"Holiday"}, 1},
		{"drafts count when asked", flashback.EventFilter{PerDay: 1, IncludeDrafts: true},
			[]string{"Draft with an article", "Alone on 1 February"}, 2},
		{"all kept", flashback.EventFilter{PerDay: 100},
			[]string{"Old BC", "Blank article 1700", "Article 1776", "Round 1926", "Born on the 31st", "Plain 1929", "Holiday", "Alone on 1 February"}, 8},
		// The total counts what is kept, not what matched.
		{"paged", flashback.EventFilter{PerDay: 3, Prefer: []int{1926}, Offset: 1, Limit: 2},
			[]string{"Round 1926", "Born on the 31st"}, 4},
		{"with a day", flashback.EventFilter{PerDay: 1, On: []flashback.MonthDay{{Month: time.February, Day: 1}}},
			[]string{"Alone on 1 February"}, 1},
		{"with days", flashback.EventFilter{PerDay: 1, Prefer: []int{1929},
			On: []flashback.MonthDay{{Month: time.January, Day: 31}, {Month: time.February, Day: 1}}},
			[]string{"Plain 1929", "Alone on 1 February"}, 2},
		// More preferred events than a day keeps: the first in page order,
		// the id deciding between those of one year, before any article.
		{"more preferred than kept", flashback.EventFilter{PerDay: 2, Prefer: []int{1926, 1929}},
			[]string{"Round 1926", "Born on the 31st", "Alone on 1 February"}, 3},
		// A preferred event with an article counts once; after it comes
		// the page order, as no other published article is left.
		{"preferred article, then page order", flashback.EventFilter{PerDay: 3, Prefer: []int{1776}},
			[]string{"Old BC", "Blank article 1700", "Article 1776", "Alone on 1 February"}, 4},
		// Among the preferred events too, those with an article go first,
		// even when an article of another year comes before theirs.
		{"preferred article first", flashback.EventFilter{PerDay: 1, Prefer: []int{-43, 1776}, IncludeDrafts: true},
			[]string{"Article 1776", "Alone on 1 February"}, 2},
		{"category, article first", flashback.EventFilter{PerDay: 1, Category: flashback.CategoryHistory},
			[]string{"Article 1776", "Alone on 1 February"}, 2},
		{"only drafts", flashback.EventFilter{PerDay: 1, OnlyDrafts: true},
			[]string{"Draft with an article"}, 1},
		{"with a year", flashback.EventFilter{PerDay: 1, Year: &year1926},
			[]string{"Round 1926"}, 1},
		{"with a search", flashback.EventFilter{PerDay: 1, Query: "article"},
			[]string{"Article 1776"}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			events, total := mustFind(t, s, c.filter)
			assertHeadlines(t, events, c.want...)
			if total != c.total {
				t.Errorf("total = %d, want %d", total, c.total)
			}
		})
	}
}

func testDraftsHidden(t *testing.T, newStore NewStore) {
	s, ctx := newStore(t), context.Background()
	published := day("Published moon landing", 1969, time.July, 20)
	draft := day("Draft moon landing", 1969, time.July, 20)
	draft.Published = false
	mustCreate(t, s, published, draft)
	july20 := flashback.MonthDay{Month: time.July, Day: 20}

	events, total := mustFind(t, s, on(july20))
	assertHeadlines(t, events, "Published moon landing")
	if total != 1 {
		t.Errorf("total = %d, want 1: drafts must not count", total)
	}
	found, _ := mustFind(t, s, flashback.EventFilter{Query: "draft"})
	assertHeadlines(t, found)
	events, _ = mustFind(t, s, flashback.EventFilter{On: []flashback.MonthDay{july20}, IncludeDrafts: true})
	if len(events) != 2 {
		t.Errorf("%d events with drafts included, want 2", len(events))
	}
	events, total = mustFind(t, s, flashback.EventFilter{On: []flashback.MonthDay{july20}, OnlyDrafts: true})
	assertHeadlines(t, events, "Draft moon landing")
	if total != 1 {
		t.Errorf("total = %d with drafts only, want 1", total)
	}
	// Editors open drafts by ID; readers' handlers check Published.
	got, err := s.FindEventByID(ctx, draft.ID)
	if err != nil {
		t.Fatalf("FindEventByID(draft): %v", err)
	}
	if got.Published {
		t.Error("draft came back published")
	}
}

func testCategoryAndYearFilter(t *testing.T, newStore NewStore) {
	s := newStore(t)
	birth := day("Franz Schubert is born", 1797, time.January, 31)
	birth.Category = flashback.CategoryBirths
	mustCreate(t, s, birth,
		day("Something in 1797", 1797, time.May, 1),
		day("Something in 1798", 1798, time.January, 31),
		yearless("Observance", time.January, 31))

	events, total := mustFind(t, s, flashback.EventFilter{Category: flashback.CategoryBirths})
	assertHeadlines(t, events, "Franz Schubert is born")
	if total != 1 {
		t.Errorf("total = %d, want 1", total)
	}
	y1797 := 1797
	events, _ = mustFind(t, s, flashback.EventFilter{Year: &y1797})
	assertHeadlines(t, events, "Franz Schubert is born", "Something in 1797")
	// A year-less observance is not an event of 1 BC (astronomical year 0).
	y0 := 0
	events, _ = mustFind(t, s, flashback.EventFilter{Year: &y0})
	assertHeadlines(t, events)
	events, _ = mustFind(t, s, flashback.EventFilter{
		Category: flashback.CategoryHistory, On: []flashback.MonthDay{{Month: time.January, Day: 31}},
	})
	assertHeadlines(t, events, "Something in 1798")
}

func testOrdering(t *testing.T, newStore NewStore) {
	s := newStore(t)
	// Created out of order on purpose.
	mustCreate(t, s,
		day("Dec 31, 1999", 1999, time.December, 31),
		yearless("Jan 31, every year", time.January, 31),
		day("Jan 31, 1929", 1929, time.January, 31),
		day("Feb 1, 44 BC", -43, time.February, 1),
		day("Jan 31, 1865", 1865, time.January, 31),
		day("Jan 30, 2000", 2000, time.January, 30),
		day("Jan 31, 1 BC", 0, time.January, 31),
	)
	events, _ := mustFind(t, s, flashback.EventFilter{})
	assertHeadlines(t, events,
		"Jan 30, 2000",
		"Jan 31, 1 BC", "Jan 31, 1865", "Jan 31, 1929", "Jan 31, every year",
		"Feb 1, 44 BC",
		"Dec 31, 1999",
	)
}

func testBCYears(t *testing.T, newStore NewStore) {
	s, ctx := newStore(t), context.Background()
	caesar := day("Assassination of Julius Caesar", -43, time.March, 15)
	caesar.Date.Calendar = flashback.Julian
	oneBC := day("Something in 1 BC", 0, time.June, 1)
	mustCreate(t, s, caesar, oneBC, day("Something in AD 1", 1, time.June, 1))
	for _, want := range []*flashback.Event{caesar, oneBC} {
		got, err := s.FindEventByID(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		assertSameEvent(t, got, want)
	}
	y := -43
	events, _ := mustFind(t, s, flashback.EventFilter{Year: &y})
	assertHeadlines(t, events, caesar.Headline)
}

func testJulianRoundTrip(t *testing.T, newStore NewStore) {
	s, ctx := newStore(t), context.Background()
	// 25 October 1917 Old Style is 7 November in the Gregorian calendar; the
	// event is remembered on the day its source gave.
	october := day("October Revolution", 1917, time.October, 25)
	october.Date.Calendar = flashback.Julian
	// 1500 is a leap year in the Julian calendar only.
	leap := day("Julian leap day", 1500, time.February, 29)
	leap.Date.Calendar = flashback.Julian
	mustCreate(t, s, october, leap)
	got, err := s.FindEventByID(ctx, october.ID)
	if err != nil {
		t.Fatal(err)
	}
	assertSameEvent(t, got, october)
	events, _ := mustFind(t, s, on(flashback.MonthDay{Month: time.October, Day: 25}))
	assertHeadlines(t, events, "October Revolution")
	events, _ = mustFind(t, s, on(flashback.MonthDay{Month: time.November, Day: 7}))
	assertHeadlines(t, events)

	gregorian := day("Gregorian 1500 leap day", 1500, time.February, 29)
	assertCode(t, s.CreateEvent(ctx, gregorian), flashback.EINVALID)
}

func testPagination(t *testing.T, newStore NewStore) {
	s := newStore(t)
	for i := range 25 {
		mustCreate(t, s, day(fmt.Sprintf("Event %02d", i), 1900+i, time.March, 1+i))
	}
	all, total := mustFind(t, s, flashback.EventFilter{})
	if total != 25 || len(all) != 25 {
		t.Fatalf("got %d events, total %d, want 25 and 25", len(all), total)
	}
	cases := []struct{ offset, limit, want int }{
		{0, 10, 10}, {10, 10, 10}, {20, 10, 5}, {25, 10, 0}, {30, 10, 0}, {5, 0, 20},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("Offset%dLimit%d", c.offset, c.limit), func(t *testing.T) {
			page, total := mustFind(t, s, flashback.EventFilter{Offset: c.offset, Limit: c.limit})
			if total != 25 {
				t.Errorf("total = %d, want 25", total)
			}
			end := min(c.offset+c.want, len(all))
			assertHeadlines(t, page, headlines(all[min(c.offset, end):end])...)
		})
	}
}
