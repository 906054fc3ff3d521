package editorial_test

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/auth"
	"flashback/editorial"
	"flashback/sqlite"
)

func openDB(t *testing.T) *sqlite.DB {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "e.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestLintCorpus(t *testing.T) {
	events := sqlite.NewEventStore(openDB(t))
	ctx := context.Background()
	for _, e := range []*flashback.Event{
		{Date: flashback.HistDate{Year: 1929, Month: time.June, Day: 17}, Category: flashback.CategoryHistory,
			Headline: "Trotsky exiled", Body: "On January 31, 1929, Trotsky was exiled."},
		{Date: flashback.HistDate{Year: 1969, Month: time.July, Day: 20}, Category: flashback.CategoryScience,
			Headline: "Moon landing", Body: "On July 20, 1969, Apollo 11 landed.", Published: true},
	} {
		if err := events.CreateEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	errs, _, err := editorial.LintCorpus(ctx, events, &out)
	if err != nil {
		t.Fatal(err)
	}
	if errs != 1 || !strings.Contains(out.String(), `"Trotsky exiled" body:1:`) || strings.Contains(out.String(), "Moon") {
		t.Errorf("LintCorpus = %d errors, output:\n%s", errs, out.String())
	}
}

func TestImportSetsConflictsAside(t *testing.T) {
	db := openDB(t)
	events, desk, ctx := sqlite.NewEventStore(db), sqlite.NewDeskStore(db), context.Background()
	stored := &flashback.Event{Date: flashback.HistDate{Year: 1929, Month: time.June, Day: 17},
		Category: flashback.CategoryHistory, Headline: "Leon Trotsky is exiled from the Soviet Union", Published: true}
	if err := events.CreateEvent(ctx, stored); err != nil {
		t.Fatal(err)
	}
	im := &editorial.Importer{Events: events, Conflicts: desk}
	csv := "date,headline\n1929-01-31,Leon Trotsky is exiled from the Soviet Union\n1969-07-20,Apollo 11 lands on the Moon\n"
	up := func() editorial.Upload {
		return editorial.Upload{Format: editorial.FormatCSV, Name: "mine.csv", Data: strings.NewReader(csv)}
	}
	rep, err := im.ImportUpload(ctx, up())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Stats.Added != 1 || rep.SetAside != 1 || rep.NewConflicts != 1 {
		t.Errorf("first import = %+v", rep)
	}
	rep, err = im.ImportUpload(ctx, up())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Stats.Added != 0 || rep.SetAside != 1 || rep.NewConflicts != 0 {
		t.Errorf("second import = %+v, want nothing new", rep)
	}
	got, _ := events.FindEventByID(ctx, stored.ID)
	if got.Date != stored.Date {
		t.Errorf("import overwrote the stored date: %v", got.Date)
	}
}

// A record dated after today (a source's typo, 2062 for 1962) is skipped
// with its reason, not published as an event to come.
func TestImportSkipsDatesToCome(t *testing.T) {
	db := openDB(t)
	events, desk, ctx := sqlite.NewEventStore(db), sqlite.NewDeskStore(db), context.Background()
	now := func() time.Time { return time.Date(2026, time.December, 3, 12, 0, 0, 0, time.UTC) }
	im := &editorial.Importer{Events: events, Conflicts: desk, Now: now}
	csv := "date,headline\n1962-10-16,The Cuban Missile Crisis begins\n2062-10-16,The Cuban Missile Crisis begins again\n" +
		"2026-12-04,Already tomorrow in Kiribati\n2026-12-05,Not yet anywhere\n"
	rep, err := im.ImportUpload(ctx, editorial.Upload{Format: editorial.FormatCSV, Name: "typo.csv", Data: strings.NewReader(csv)})
	if err != nil {
		t.Fatal(err)
	}
	var skipped []string
	for _, sk := range rep.Skipped() {
		skipped = append(skipped, sk.Ref+": "+sk.Reason)
	}
	want := []string{"typo.csv:row 3: dated 16 October 2062, which has not come yet", "typo.csv:row 5: dated 5 December 2026, which has not come yet"}
	if rep.Stats.Added != 2 || !slices.Equal(skipped, want) {
		t.Errorf("added %d, skipped %q; want 2 added and %q", rep.Stats.Added, skipped, want)
	}
}

func TestParseFormats(t *testing.T) {
	cases := []struct {
		name   string
		up     editorial.Upload
		events int
		code   string
	}{
		{"BSD", editorial.Upload{Format: editorial.FormatBSD, Name: "calendar.history",
			Data: strings.NewReader("01/31\tTrotsky expelled from the USSR, 1929\n")}, 1, ""},
		{"WikimediaDayFromName", editorial.Upload{Format: editorial.FormatWikimedia, Name: "onthisday-01-31.json",
			Data: strings.NewReader(`{"events":[{"text":"Trotsky is exiled.","year":1929,"pages":[]}]}`)}, 1, ""},
		{"WikimediaNoDay", editorial.Upload{Format: editorial.FormatWikimedia, Name: "feed.json",
			Data: strings.NewReader(`{"events":[]}`)}, 0, flashback.EINVALID},
		{"Unknown", editorial.Upload{Format: "xml", Data: strings.NewReader("")}, 0, flashback.EINVALID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			events, _, err := editorial.Parse(c.up)
			if flashback.ErrorCode(err) != c.code || len(events) != c.events {
				t.Errorf("Parse = %d events, %v; want %d, code %q", len(events), err, c.events, c.code)
			}
		})
	}
}

func TestAddUser(t *testing.T) {
	users, ctx := sqlite.NewUserStore(openDB(t)), context.Background()
	if _, err := editorial.AddUser(ctx, users, "ed@example.org", "Ed", flashback.RoleEditor, "short"); flashback.ErrorCode(err) != flashback.EINVALID {
		t.Errorf("short password: %v", err)
	}
	u, err := editorial.AddUser(ctx, users, "ed@example.org", "Ed", flashback.RoleAdmin, "a long password")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := auth.CheckPassword(u.PasswordHash, "a long password"); !ok {
		t.Error("stored hash does not check")
	}
	if err := editorial.SetPassword(ctx, users, "ED@example.org", "another long one"); err != nil {
		t.Fatal(err)
	}
	got, _ := users.FindUserByEmail(ctx, "ed@example.org")
	if ok, _ := auth.CheckPassword(got.PasswordHash, "another long one"); !ok {
		t.Error("SetPassword did not change the password")
	}
}
