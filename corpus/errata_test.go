package corpus

import (
	"testing"

	"flashback/corpus/errata"
)

// Every real erratum fits the bundled corpus: its key names an event of
// its file and its old value is what the import gives. It passes with no
// file of errata, and fails on the first stale row of any file added.
func TestBundledErrata(t *testing.T) {
	files, err := Errata()
	if err != nil {
		t.Fatalf("Errata: %v", err)
	}
	events, _, err := BundledUncorrected()
	if err != nil {
		t.Fatal(err)
	}
	if err := errata.Apply(events, files); err != nil {
		t.Fatalf("stale erratum: %v", err)
	}
	origins := map[string]bool{}
	for _, e := range events {
		origins[e.Provenance.Origin] = true
	}
	rows := 0
	for _, f := range files {
		if !origins[f.Origin()] {
			t.Errorf("%s corrects %s, which is not a bundled calendar file", f.Name, f.Origin())
		}
		rows += len(f.Errata)
	}
	t.Logf("%d files of errata, %d rows, all applied", len(files), rows)
}

// Bundled is the uncorrected corpus with the errata applied: the same
// events in the same order, so keys and first-import IDs follow the files.
func TestBundledIsCorrected(t *testing.T) {
	corrected, _, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	raw, _, err := BundledUncorrected()
	if err != nil {
		t.Fatal(err)
	}
	if len(corrected) != len(raw) {
		t.Fatalf("%d events corrected, %d raw", len(corrected), len(raw))
	}
	for i := range raw {
		if corrected[i].ExternalKey != raw[i].ExternalKey {
			t.Fatalf("event %d: key %s, raw %s", i, corrected[i].ExternalKey, raw[i].ExternalKey)
		}
	}
}
