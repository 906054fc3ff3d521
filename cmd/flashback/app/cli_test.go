package app_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flashback"
	"flashback/cmd/flashback/app"
)

// runCLI runs the real program's command line in-process against dataDir.
func runCLI(t *testing.T, dataDir, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{"FLASHBACK_DATA_DIR": dataDir, "FLASHBACK_LOG_LEVEL": "warn"}
	err = app.Run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestCLI_BadInputIsAUsageError(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"UnknownCommand", []string{"frobnicate"}, "unknown command"},
		{"BadTimezone", []string{"migrate", "-timezone", "Mars/Olympus"}, "IANA"},
		{"BadBaseURL", []string{"migrate", "-base-url", "javascript:alert(1)"}, "base URL"},
		{"UnknownDatabaseScheme", []string{"migrate", "-database-url", "mysql://u:secret@db/x"}, "not supported"},
		{"BadSMTPURL", []string{"migrate", "-smtp-url", "http://mail"}, "SMTP URL"},
		{"BadMailFrom", []string{"migrate", "-mail-from", "not an address"}, "mail-from"},
		{"UnknownFlag", []string{"serve", "-nope"}, "flag provided but not defined"},
		{"ImportWithoutSource", []string{"import"}, "name a source"},
		{"ImportUnknownSource", []string{"import", "rss", "x"}, "unknown import source"},
		{"ImportUnknownSourceWithoutPath", []string{"import", "nope"}, `unknown import source "nope"`},
		{"ImportBadDay", []string{"import", "-day", "02-30", "wikimedia", "x.json"}, "not a day of the year"},
		{"UserWithoutEmail", []string{"user", "add", "-name", "Ed"}, "required"},
		{"BadTrustedProxies", []string{"migrate", "-trusted-proxies", "10.0.0.0/8,the-proxy"}, "trusted proxies"},
		{"BadCutoff", []string{"migrate", "-digest-cutoff", "forever"}, "cut-off"},
		{"CutoffPastADay", []string{"migrate", "-digest-cutoff", "30h"}, "cut-off"},
		{"PartialDKIM", []string{"migrate", "-dkim-domain", "example.org"}, "DKIM needs"},
		{"ServeStrayArgument", []string{"serve", "extra"}, "takes at most 0"},
		{"BackupTwoFiles", []string{"backup", "a.db", "b.db"}, "takes at most 1"},
		{"RestoreWithoutFile", []string{"restore"}, "BACKUP-FILE"},
		{"HealthcheckBadAddr", []string{"healthcheck", "-addr", "localhost"}, "listen address"},
		{"BadLogFormat", []string{"migrate", "-log-format", "xml"}, "log format"},
		{"BadMetricsAddr", []string{"migrate", "-metrics-addr", "9090"}, "metrics address"},
		{"MetricsOnPublicAddr", []string{"migrate", "-addr", ":8080", "-metrics-addr", ":8080"}, "must differ"},
		{"CopyWithoutTarget", []string{"copy", "-from", "a.db"}, "needs both -from and -to"},
		{"CopyWithoutSource", []string{"copy", "-to", "b.db"}, "needs both -from and -to"},
		{"CopyOntoItself", []string{"copy", "-from", "a.db", "-to", " a.db"}, "same database"},
		{"CopyUnknownScheme", []string{"copy", "-from", "a.db", "-to", "mysql://root:secret@db/site"}, "not supported"},
		{"CopyStrayArgument", []string{"copy", "-from", "a.db", "-to", "b.db", "c.db"}, "no arguments besides its flags"},
		{"CopyUnknownFlag", []string{"copy", "-force"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := runCLI(t, dir, "", tt.args...)
			if !errors.Is(err, app.ErrUsage) {
				t.Fatalf("err = %v, want a usage error", err)
			}
			if !strings.Contains(err.Error()+stderr, tt.want) {
				t.Errorf("message %q (stderr %q) does not say %q", err, stderr, tt.want)
			}
			if strings.Contains(err.Error()+stderr, ":secret@") {
				t.Errorf("a password leaked into the message: %v", err)
			}
		})
	}
}

// "flashback -h" alone lists the commands, as "flashback help" does.
func TestCLI_HelpListsCommands(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"-help"}, {"--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, _, err := runCLI(t, t.TempDir(), "", args...)
			if err != nil || !strings.HasPrefix(out, "Usage: flashback [command] [flags]") || !strings.Contains(out, "  backup ") {
				t.Errorf("err %v, output starting %q; want the list of commands", err, firstLine(out))
			}
		})
	}
}

// "flashback COMMAND -h" says how the command is called and what it does
// before listing the flags, so that an operator learns, say, that backup
// wants the file to write.
func TestCLI_HelpSaysHowToCall(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"Backup", []string{"backup", "-h"}, "Usage: flashback backup [flags] DEST-FILE"},
		{"Restore", []string{"restore", "-h"}, "Usage: flashback restore [flags] BACKUP-FILE"},
		{"Serve", []string{"serve", "-h"}, "Usage: flashback serve [flags]"},
		{"Migrate", []string{"migrate", "-h"}, "Usage: flashback migrate [flags]"},
		{"Digest", []string{"digest", "-h"}, "Usage: flashback digest [flags]"},
		{"Purge", []string{"purge", "-h"}, "Usage: flashback purge [flags]"},
		{"Lint", []string{"lint", "-h"}, "Usage: flashback lint [flags]"},
		{"Healthcheck", []string{"healthcheck", "-h"}, "Usage: flashback healthcheck [flags]"},
		{"ImportKeepsItsOwn", []string{"import", "-h"}, "Usage: flashback import [flags] SOURCE [PATH]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := runCLI(t, dir, "", tt.args...)
			if !errors.Is(err, flag.ErrHelp) {
				t.Fatalf("err = %v, want flag.ErrHelp", err)
			}
			if !strings.HasPrefix(stderr, tt.want+"\n") {
				t.Errorf("help starts %q, want %q", firstLine(stderr), tt.want)
			}
			if !strings.Contains(stderr, "\n  -") {
				t.Error("help lists no flags")
			}
			// Mail settings are listed where they are read, not under
			// every command.
			if lists, reads := strings.Contains(stderr, "-smtp-url"), tt.name == "Serve" || tt.name == "Digest"; lists != reads {
				t.Errorf("help lists -smtp-url: %v, want %v", lists, reads)
			}
		})
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func TestCLI_ImportIsIdempotentAndReportsCounts(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "list.csv")
	data := "date,category,headline,summary\n" +
		"1929-01-31,world-history,Trotsky is expelled from the Soviet Union,Exile begins.\n" +
		"1929-02-30,world-history,An impossible day,\n" +
		"-0043-03-15,world-history,Julius Caesar is assassinated in the Theatre of Pompey,\n"
	if err := os.WriteFile(csv, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, dir, "", "import", "csv", csv)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "added 2, updated 0, unchanged 0, skipped 1") || !strings.Contains(out, "row 3") {
		t.Errorf("first import said:\n%s", out)
	}
	// Flags may follow the source, as people type them.
	out, _, err = runCLI(t, dir, "", "import", "csv", csv, "-v")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "added 0, updated 0, unchanged 2, skipped 1") {
		t.Errorf("second import said:\n%s", out)
	}
}

// TestCLI_ImportMergesTheSearchIndexes: the bundled corpus goes in by
// batches, each a segment of the search indexes, which the import merges
// at its end; a re-import that changes nothing leaves them as they are.
func TestCLI_ImportMergesTheSearchIndexes(t *testing.T) {
	dir := t.TempDir()
	for i, want := range []bool{true, false} {
		_, stderr, err := runCLI(t, dir, "", "import", "bundled")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(stderr, "merged the search indexes"); got != want {
			t.Errorf("import %d: merged %v, want %v; stderr:\n%s", i+1, got, want, stderr)
		}
	}
}

func TestCLI_UserAddThenLintAndBackup(t *testing.T) {
	dir := t.TempDir()
	out, _, err := runCLI(t, dir, "a long enough passphrase\n", "user", "add", "-email", "ed@example.org", "-name", "Ed", "-role", "admin")
	if err != nil || !strings.Contains(out, "added Ed <ed@example.org> as admin") {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	if _, _, err := runCLI(t, dir, "a long enough passphrase\n", "user", "add", "-email", "ed@example.org", "-name", "Ed"); err == nil {
		t.Error("adding the same address twice succeeded")
	}
	if _, _, err := runCLI(t, dir, "short\n", "user", "passwd", "-email", "ed@example.org"); err == nil {
		t.Error("a too-short password was accepted")
	}
	if _, _, err := runCLI(t, dir, "", "import", "bundled"); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCLI(t, dir, "", "lint")
	if err != nil && !strings.Contains(err.Error(), "lint found") {
		t.Fatal(err)
	}
	if !strings.Contains(out, " errors, ") {
		t.Errorf("lint printed no summary:\n%s", out)
	}
	dest := filepath.Join(t.TempDir(), "backups", "copy.db") // the folder is made
	if out, _, err := runCLI(t, dir, "", "backup", dest); err != nil || !strings.Contains(out, "wrote") {
		t.Fatalf("backup: %v %s", err, out)
	}
	if _, _, err := runCLI(t, dir, "", "backup", dest); err == nil {
		t.Error("backup overwrote an existing file")
	}
	// It holds password hashes, secrets and addresses: the owner's only,
	// as the live database is.
	for _, f := range []string{dest, filepath.Join(dir, "flashback.db")} {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %v; want 0600", filepath.Base(f), fi.Mode().Perm(), err)
		}
	}
	// A mistyped data directory is an error, not an empty site backed up.
	typo := filepath.Join(t.TempDir(), "typo")
	if _, _, err := runCLI(t, typo, "", "backup", filepath.Join(t.TempDir(), "typo.db")); err == nil ||
		!strings.Contains(err.Error(), "no database at") {
		t.Errorf("backup of a data directory with no site: %v, want \"no database at\"", err)
	}
	if _, err := os.Stat(filepath.Join(typo, "flashback.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the refused backup left a database behind: %v", err)
	}
	// The copy is a working database: importing into it finds everything there.
	out, _, err = runCLI(t, t.TempDir(), "", "import", "-database-url", dest, "bundled")
	if err != nil || !strings.Contains(out, "added 0, updated 0, unchanged") {
		t.Errorf("import into the backup: %v\n%s", err, out)
	}
}

func TestCLI_DigestPassOnAnEmptyAudience(t *testing.T) {
	out, _, err := runCLI(t, t.TempDir(), "", "digest")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "digest pass: claimed=0 sent=0") {
		t.Errorf("digest said:\n%s", out)
	}
}

// A command's error reads as its message, with the context around it, not
// as the application error's code and message for logs.
func TestErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"Plain", errors.New("open database x: no such file"), "open database x: no such file"},
		{"Application", flashback.Errorf(flashback.EINVALID, "Cannot tell the day from the file name."), "Cannot tell the day from the file name."},
		{"Wrapped", fmt.Errorf("import afile: %w", flashback.Errorf(flashback.EINVALID, "Cannot tell the day.")), "import afile: Cannot tell the day."},
		{"Lines", errors.New("failed to connect to `user=u database=db`:\n\t127.0.0.1:1 (127.0.0.1): dial error\n\t[::1]:1: refused\n"),
			"failed to connect to `user=u database=db`: 127.0.0.1:1 (127.0.0.1): dial error; [::1]:1: refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := app.ErrorText(tt.err); got != tt.want {
				t.Errorf("ErrorText = %q, want %q", got, tt.want)
			}
		})
	}
}

// A command given a database URL keeps its data in that database: it
// leaves no empty data directory behind (a PostgreSQL that refuses the
// connection is enough to see it).
func TestCLI_DatabaseURLMakesNoDataDir(t *testing.T) {
	for _, args := range [][]string{
		{"migrate", "-database-url", "postgres://u@127.0.0.1:1/db?connect_timeout=2"},
		{"restore", "-database-url", "postgres://u@127.0.0.1:1/db?connect_timeout=2", "x.db"},
		{"purge", "-database-url", "postgres://u@127.0.0.1:1/db?connect_timeout=2"},
	} {
		t.Run(args[0], func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			if _, _, err := runCLI(t, dir, "", args...); err == nil {
				t.Fatal("the command succeeded with no database to reach")
			}
			if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s made the data directory: %v", args[0], err)
			}
		})
	}
}
