package postgres_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/postgres"
	"flashback/postgres/pgtest"
)

// TestDumpRestore backs a database up and restores it the way the README
// tells PostgreSQL operators to, with the server's own pg_dump and
// pg_restore, and checks the restored site works: its events are found by
// search and new ones get their search columns. A restore once failed on
// the generated columns, whose function looked up another by name on a
// search path the dump leaves empty.
func TestDumpRestore(t *testing.T) {
	dump, restore := pgTool(t, "pg_dump"), pgTool(t, "pg_restore")
	src := MustOpenDB(t)
	ctx := context.Background()
	e := &flashback.Event{Date: flashback.HistDate{Year: 1865, Month: time.January, Day: 31},
		Category: flashback.CategoryHistory, Headline: "Congress passes the Thirteenth Amendment", Published: true}
	if err := postgres.NewEventStore(src).CreateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "site.dump")
	run(t, dump, "--format=custom", "--file="+file, src.DSN)
	target := pgtest.DSN(t)
	run(t, restore, "--exit-on-error", "--single-transaction", "--no-owner", "--dbname="+target, file)

	db := postgres.NewDB(target)
	if err := db.Open(); err != nil {
		t.Fatalf("open the restored database: %v", err)
	}
	defer db.Close()
	events := postgres.NewEventStore(db)
	if err := events.CreateEvent(ctx, &flashback.Event{Date: e.Date, Category: e.Category,
		Headline: "Amendment sent to the states", Published: true}); err != nil {
		t.Fatalf("add an event to the restored database: %v", err)
	}
	for _, word := range []string{"thirteenth", "states"} {
		res, err := events.Search(ctx, flashback.SearchQuery{Text: word})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 {
			t.Errorf("search %q in the restored database: %d hits, want 1", word, res.Total)
		}
	}
}

// pgTool finds one of the server's programs as scripts/postgres finds the
// server: on PATH, in pg_config's directory, or in Debian's directory of
// the newest version. Without it the test skips, or fails when every test
// must run.
func pgTool(t *testing.T, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	var dirs []string
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	versions, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(versions)))
	for _, d := range append(dirs, versions...) {
		if p := filepath.Join(d, name); isExecutable(p) {
			return p
		}
	}
	msg := name + " not found: install PostgreSQL's client programs"
	if os.Getenv("FLASHBACK_TEST_REQUIRE_ALL") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

func run(t *testing.T, prog string, args ...string) {
	t.Helper()
	out, err := exec.Command(prog, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", filepath.Base(prog), err, out)
	}
}
