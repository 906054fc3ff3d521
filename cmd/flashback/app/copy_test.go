package app_test

import (
	"path/filepath"
	"strings"
	"testing"

	"flashback/postgres/pgtest"
)

func TestCLI_CopyMissingSource(t *testing.T) {
	dir := t.TempDir()
	_, _, err := runCLI(t, dir, "", "copy", "-from", filepath.Join(dir, "none.db"), "-to", filepath.Join(dir, "to.db"))
	if err == nil || !strings.Contains(err.Error(), "no database at") {
		t.Fatalf("copy from nothing = %v, want no database", err)
	}
}

// The command copies a site imported through the command line, shows
// progress per table, and refuses to copy over it again unless told to
// replace it.
func TestCLI_Copy(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := runCLI(t, dir, "", "import", "bundled"); err != nil {
		t.Fatal(err)
	}
	from := filepath.Join(dir, "flashback.db")
	if _, _, err := runCLI(t, dir, "", "copy", "-from", from, "-to", "sqlite:"+from, "-replace"); err == nil ||
		!strings.Contains(err.Error(), "same database") {
		t.Fatalf("copy onto itself = %v, want it refused", err)
	}
	targets := map[string]func(t *testing.T) string{
		"SQLite":   func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "copy.db") },
		"Postgres": func(t *testing.T) string { return pgtest.DSN(t) },
	}
	for name, target := range targets {
		t.Run(name, func(t *testing.T) {
			to := target(t)
			out, stderr, err := runCLI(t, dir, "", "copy", "-from", from, "-to", to)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(stderr, "copy events: ") || !strings.Contains(stderr, "verify events: ") {
				t.Errorf("stderr shows no progress per table:\n%s", stderr)
			}
			if !strings.Contains(out, "copied and checked") || !strings.Contains(out, "events ") {
				t.Errorf("stdout lists no checked tables:\n%s", out)
			}
			_, _, err = runCLI(t, dir, "", "copy", "-from", from, "-to", to)
			if err == nil || !strings.Contains(err.Error(), "not empty (events: ") {
				t.Fatalf("second copy = %v, want the target refused as holding events", err)
			}
			out, _, err = runCLI(t, dir, "", "copy", "-from", from, "-to", to, "-replace")
			if err != nil || !strings.Contains(out, "deleted what the target held in events") {
				t.Fatalf("copy -replace = %v:\n%s", err, out)
			}
		})
	}
}
