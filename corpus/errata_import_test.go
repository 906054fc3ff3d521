package corpus

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flashback"
	"flashback/corpus/errata"
	"flashback/sqlite"
)

// An install that imported the corpus before its errata gets them on its
// next import, through the upsert by key, once: importing again changes
// nothing. An event an editor changed meanwhile keeps the editor's
// version, as every re-import does; its errata are not applied and the
// import lists it as skipped, for an editor to apply by hand.
func TestImportErrataOnExistingInstall(t *testing.T) {
	ctx := context.Background()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "flashback.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	store, desk, users := sqlite.NewEventStore(db), sqlite.NewDeskStore(db), sqlite.NewUserStore(db)

	raw, _, err := BundledUncorrected()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Import(ctx, store, raw, nil); err != nil {
		t.Fatal(err)
	}
	// An editor rewrites Sly Stone's summary before the errata arrive.
	sly := findByKey(t, store, raw, "bsdcal:calendar.music:89c7f457f46c0571")
	ed := &flashback.User{Email: "ed@example.org", Name: "Ed", Role: flashback.RoleEditor, PasswordHash: "x"}
	if err := users.CreateUser(ctx, ed); err != nil {
		t.Fatal(err)
	}
	sly.Summary = "An editor's summary."
	if err := desk.EditEvent(ctx, flashback.EventEdit{Event: sly, EditorID: ed.ID}); err != nil {
		t.Fatal(err)
	}

	files, err := errata.ParseFS(os.DirFS(filepath.Join("errata", "testdata", "known")))
	if err != nil {
		t.Fatal(err)
	}
	corrected := func() []*flashback.Event {
		events, _, err := BundledUncorrected()
		if err != nil {
			t.Fatal(err)
		}
		if err := errata.Apply(events, files); err != nil {
			t.Fatal(err)
		}
		return events
	}
	stats, err := Import(ctx, store, corrected(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Updated != 5 || len(stats.Skipped) != 1 || !strings.Contains(stats.Skipped[0].Reason, "edited by an editor") {
		t.Errorf("errata import: updated %d, skipped %v; want the 5 unedited events updated and Sly Stone skipped", stats.Updated, stats.Skipped)
	}
	count := func() int {
		_, n, err := desk.FindCorrections(ctx, flashback.CorrectionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Anderson has two (date and name), the other four one each.
	if n := count(); n != 6 {
		t.Errorf("%d corrections after the errata import, want 6", n)
	}
	stats, err = Import(ctx, store, corrected(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Updated != 0 || stats.Added != 0 || count() != 6 {
		t.Errorf("second errata import: %+v and %d corrections, want nothing changed", stats, count())
	}
	got, err := store.FindEventByID(ctx, sly.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Date.Year != 1944 || got.Summary != "An editor's summary." {
		t.Errorf("the edited event is %s %q; want the editor's version kept", got.Date, got.Summary)
	}
}

func findByKey(t *testing.T, store flashback.EventStore, events []*flashback.Event, key string) *flashback.Event {
	t.Helper()
	for _, e := range events {
		if e.ExternalKey == key {
			got, err := store.FindEventByID(context.Background(), e.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
	}
	t.Fatalf("no event %s", key)
	return nil
}
