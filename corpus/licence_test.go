package corpus

import (
	"io/fs"
	"strings"
	"testing"

	"flashback/corpus/wikimedia"
)

// licenceByID returns the licence of Licences with the given ID.
func licenceByID(t *testing.T, id string) Licence {
	t.Helper()
	for _, l := range Licences() {
		if l.ID == id {
			return l
		}
	}
	t.Fatalf("Licences has no %q", id)
	return Licence{}
}

func TestLicences(t *testing.T) {
	seen := map[string]bool{}
	for _, l := range Licences() {
		if l.ID == "" || l.Title == "" || strings.TrimSpace(l.Text) == "" {
			t.Errorf("incomplete licence %+v", l)
		}
		if seen[l.ID] {
			t.Errorf("ID %q twice", l.ID)
		}
		seen[l.ID] = true
	}
	if len(seen) != 2 {
		t.Errorf("%d licences, want the BSD calendar files' and Wikipedia's", len(seen))
	}
}

// The BSD licence asks binaries to reproduce its notice: the text shown is
// the notice shipped with the files, byte for byte.
func TestLicenceBSDIsTheShippedNotice(t *testing.T) {
	notice, err := fs.ReadFile(bundled, "bundled/COPYRIGHT")
	if err != nil {
		t.Fatal(err)
	}
	l := licenceByID(t, "bsd-calendar")
	if l.Text != string(notice) {
		t.Errorf("Text is not bundled/COPYRIGHT verbatim:\n%s", l.Text)
	}
	if !strings.Contains(l.Title, "FreeBSD calendar data") {
		t.Errorf("Title = %q", l.Title)
	}
}

func TestLicenceWikipedia(t *testing.T) {
	l := licenceByID(t, WikipediaLicenceID)
	for _, want := range []string{"CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/", "sources"} {
		if !strings.Contains(l.Text, want) {
			t.Errorf("Text lacks %q:\n%s", want, l.Text)
		}
	}
	// The note on each imported source names the same licence.
	if !strings.Contains(wikimedia.Attribution, "CC BY-SA 4.0") || !strings.Contains(l.Title, "CC BY-SA 4.0") {
		t.Errorf("title %q and source note %q disagree on the licence", l.Title, wikimedia.Attribution)
	}
}

// Every bundled event links its source to a licence that Licences lists,
// so the link on an article page always lands on the notice. The calendar
// file is the first source; an erratum's references follow it.
func TestBundledSourcesLinkTheLicence(t *testing.T) {
	events, _, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range events {
		if len(ev.Sources) == 0 || (len(ev.Sources) > 1 && len(ev.Corrections) == 0) {
			t.Fatalf("%s: sources %+v, want the calendar file's, and more only with errata", ev.Provenance.Ref, ev.Sources)
		}
		src := ev.Sources[0]
		id, ok := strings.CutPrefix(src.URL, "/licences#")
		if !ok || src.Title == "" || src.Note == "" {
			t.Fatalf("%s %s: source %+v, want a title, a note and a link to /licences#…", ev.Provenance.Origin, ev.Provenance.Ref, src)
		}
		licenceByID(t, id)
	}
}
