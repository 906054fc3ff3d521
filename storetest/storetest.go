// Package storetest is the conformance suite every flashback.EventStore
// implementation runs, so that the SQLite and PostgreSQL stores behave the
// same way. It knows nothing about any backend.
//
// A store package calls it from its own test:
//
//	func testEventStore(t *testing.T) {
//		storetest.testEventStore(t, func(t *testing.T) flashback.EventStore {
//			return NewEventStore(MustOpenDB(t))
//		})
//	}
package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"flashback"
)

// NewStore returns an empty store (holding only the well-known categories)
// that lives as long as the test t.
type NewStore func(t *testing.T) flashback.EventStore

// testEventStore runs every case against fresh stores from newStore.
func testEventStore(t *testing.T, newStore NewStore) {
	cases := []struct {
		name string
		run  func(*testing.T, NewStore)
	}{
		{"CreateAndFind", testCreateAndFind},
		{"NotFound", testNotFound},
		{"ValidationErrors", testValidationErrors},
		{"ExternalKeyConflict", testExternalKeyConflict},
		{"Update", testUpdate},
		{"Categories", testCategories},
		{"DateFilter", testDateFilter},
		{"LeapDay", testLeapDay},
		{"PerDay", testPerDay},
		{"DraftsHidden", testDraftsHidden},
		{"CategoryAndYearFilter", testCategoryAndYearFilter},
		{"Ordering", testOrdering},
		{"BCYears", testBCYears},
		{"JulianRoundTrip", testJulianRoundTrip},
		{"Pagination", testPagination},
		{"Search", testSearch},
		{"SearchHostileInput", testSearchHostileInput},
		{"MatchHeadlines", testMatchHeadlines},
		{"MatchHeadlinesRanking", testMatchHeadlinesRanking},
		{"Import", testImport},
		{"ImportSkips", testImportSkips},
		{"ImportBatches", testImportBatches},
		{"ContentVersion", testContentVersion},
		{"EventIndex", testEventIndex},
		{"EventIndexRuns", testEventIndexRuns},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, newStore) })
	}
}

// day returns a published World History event on a Gregorian day.
func day(headline string, year int, month time.Month, d int) *flashback.Event {
	return &flashback.Event{
		Date:      flashback.HistDate{Year: year, Month: month, Day: d},
		Category:  flashback.CategoryHistory,
		Headline:  headline,
		Summary:   "Summary of " + headline + ".",
		Published: true,
	}
}

// yearless returns a published observance remembered every year on month/d.
func yearless(headline string, month time.Month, d int) *flashback.Event {
	e := day(headline, 0, month, d)
	e.Date.Precision = flashback.PrecisionMonthDay
	e.Category = flashback.CategoryHolidays
	return e
}

func mustCreate(t *testing.T, s flashback.EventStore, events ...*flashback.Event) {
	t.Helper()
	for _, e := range events {
		if err := s.CreateEvent(context.Background(), e); err != nil {
			t.Fatalf("CreateEvent(%q): %v", e.Headline, err)
		}
	}
}

func mustFind(t *testing.T, s flashback.EventStore, f flashback.EventFilter) ([]*flashback.Event, int) {
	t.Helper()
	events, total, err := s.FindEvents(context.Background(), f)
	if err != nil {
		t.Fatalf("FindEvents(%+v): %v", f, err)
	}
	return events, total
}

func mustVersion(t *testing.T, s flashback.EventStore) int64 {
	t.Helper()
	v, err := s.ContentVersion(context.Background())
	if err != nil {
		t.Fatalf("ContentVersion: %v", err)
	}
	return v
}

// headlines lists the headlines of events, in order, for readable failures.
func headlines(events []*flashback.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Headline
	}
	return out
}

func assertHeadlines(t *testing.T, events []*flashback.Event, want ...string) {
	t.Helper()
	got := headlines(events)
	if len(want) == 0 {
		want = []string{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("headlines:\n got %q\nwant %q", got, want)
	}
}

func assertCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := flashback.ErrorCode(err); got != code {
		t.Errorf("error code = %q (%v), want %q", got, err, code)
	}
}

// diffEvent lists the fields in which got differs from want.
func diffEvent(got, want *flashback.Event) []string {
	var diffs []string
	check := func(field string, equal bool, g, w any) {
		if !equal {
			diffs = append(diffs, fmt.Sprintf("%s: got %v, want %v", field, g, w))
		}
	}
	check("ID", got.ID == want.ID, got.ID, want.ID)
	check("Date", got.Date == want.Date, got.Date, want.Date)
	check("Category", got.Category == want.Category, got.Category, want.Category)
	check("Headline", got.Headline == want.Headline, got.Headline, want.Headline)
	check("Summary", got.Summary == want.Summary, got.Summary, want.Summary)
	check("Body", got.Body == want.Body, got.Body, want.Body)
	check("Slug", got.Slug == want.Slug, got.Slug, want.Slug)
	check("Sources", len(got.Sources) == len(want.Sources) &&
		(len(got.Sources) == 0 || reflect.DeepEqual(got.Sources, want.Sources)), got.Sources, want.Sources)
	check("Provenance", got.Provenance == want.Provenance, got.Provenance, want.Provenance)
	check("ExternalKey", got.ExternalKey == want.ExternalKey, got.ExternalKey, want.ExternalKey)
	check("Published", got.Published == want.Published, got.Published, want.Published)
	check("Selected", got.Selected == want.Selected, got.Selected, want.Selected)
	check("Image", reflect.DeepEqual(got.Image, want.Image), got.Image, want.Image)
	check("CreatedAt", got.CreatedAt.Equal(want.CreatedAt), got.CreatedAt, want.CreatedAt)
	check("UpdatedAt", got.UpdatedAt.Equal(want.UpdatedAt), got.UpdatedAt, want.UpdatedAt)
	return diffs
}

func assertSameEvent(t *testing.T, got, want *flashback.Event) {
	t.Helper()
	for _, d := range diffEvent(got, want) {
		t.Error(d)
	}
}
