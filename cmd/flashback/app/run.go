// Package app wires Flashback together: configuration, the stores, the web
// server and the background jobs. cmd/flashback calls Run; end-to-end tests
// start the real program in-process through Main.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"flashback"
)

const usage = `Usage: flashback [command] [flags]

Commands:
  serve        run the web site (default)
  import       import events: bundled | bsd-calendar PATH | wikimedia FILE | csv FILE
  user         add an editor or administrator, or change a password
  lint         check every article's dates against its event record
  digest       run one delivery pass of the daily digest now
  purge        delete personal data past its retention period now
  migrate      bring the database schema up to date and exit
  backup       write a consistent copy of the database to a file
  restore      replace the database with a checked backup (server stopped)
  copy         copy the whole site to another database, e.g. to PostgreSQL
  healthcheck  ask the running server's /healthz; exit 0 when healthy
  version      print the build's version
  help         show this help

Run "flashback COMMAND -h" for a command's flags. Every flag can also be set
with the FLASHBACK_* environment variable shown in its help.
`

// ErrUsage marks errors in how the program was called (exit status 2).
var ErrUsage = errors.New("usage")

// ErrorText is err as an operator reads it: an application error's own
// text (code=… message=…) is for logs, and gives way to its message, with
// the context the layers above wrapped it in.
func ErrorText(err error) string {
	s := err.Error()
	var e *flashback.Error
	if errors.As(err, &e) {
		s = strings.Replace(s, e.Error(), e.Message, 1)
	}
	// One line, as a log or a terminal reads it best: pgx lists each
	// address it tried on a line of its own.
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case b.Len() == 0:
		case strings.HasSuffix(b.String(), ":"):
			b.WriteByte(' ')
		default:
			b.WriteString("; ")
		}
		b.WriteString(line)
	}
	return b.String()
}

// Run dispatches a subcommand; it is main without the process around it, so
// tests drive the real program in-process.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	name := "serve"
	switch {
	case len(args) == 1 && slices.Contains([]string{"-h", "-help", "--help"}, args[0]):
		// Asked alone, help is the list of commands; serve's flags are
		// one "serve -h" away.
		name, args = "help", nil
	case len(args) > 0 && !strings.HasPrefix(args[0], "-"):
		name, args = args[0], args[1:]
	}
	switch name {
	case "serve":
		return runServe(ctx, args, getenv, stderr)
	case "import":
		return runImport(ctx, args, getenv, stdout, stderr)
	case "user":
		return runUser(ctx, args, getenv, stdin, stdout, stderr)
	case "purge":
		return runPurge(ctx, args, getenv, stdout, stderr)
	case "digest":
		return runDigest(ctx, args, getenv, stdout, stderr)
	case "lint":
		return runLint(ctx, args, getenv, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, args, getenv, stdout, stderr)
	case "backup":
		return runBackup(ctx, args, getenv, stdout, stderr)
	case "restore":
		return runRestore(ctx, args, getenv, stdout, stderr)
	case "copy":
		return runCopy(ctx, args, stdout, stderr)
	case "healthcheck":
		return runHealthcheck(ctx, args, getenv, stdout, stderr)
	case "version":
		return runVersion(stdout)
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("%w: unknown command %q", ErrUsage, name)
}

// parseConfig reads a subcommand's flags on top of the environment and
// checks the result. Flags may come before or after the positional
// arguments ("import csv list.csv -v"); more than maxArgs positional
// arguments is a usage error rather than something silently ignored.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer, maxArgs int, extra func(*flag.FlagSet)) (Config, []string, error) {
	cfg := DefaultConfig()
	fs := flag.NewFlagSet("flashback "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.BindFlags(fs, getenv)
	fs.Usage = func() { commandUsage(fs, name) }
	if extra != nil {
		extra(fs)
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return cfg, nil, err
			}
			return cfg, nil, fmt.Errorf("%w: %v", ErrUsage, err)
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	cfg.followAddr(fs, getenv)
	if len(positional) > maxArgs {
		return cfg, nil, fmt.Errorf("%w: flashback %s takes at most %d argument(s), not %q", ErrUsage, name, maxArgs, strings.Join(positional, " "))
	}
	if err := cfg.Validate(); err != nil {
		return cfg, nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	return cfg, positional, nil
}

// synopses are what "flashback COMMAND -h" says above the flags: how the
// command is called and what it does. Commands with more to say (import,
// user, copy) print their own.
var synopses = map[string]string{
	"serve": `flashback serve [flags]

Runs the web site, the digest deliveries, the hourly purge and, when set, the
Wikipedia sync, until stopped (SIGINT or SIGTERM, then a clean shutdown).`,
	"migrate": `flashback migrate [flags]

Brings the database schema up to date and exits; serve does the same at start.`,
	"backup": `flashback backup [flags] DEST-FILE

Writes a consistent copy of the SQLite database to DEST-FILE, which must not
exist yet (its folder is made); the server may keep running. A PostgreSQL
database is backed up with pg_dump or the server's base backups instead.`,
	"restore": `flashback restore [flags] BACKUP-FILE

Replaces the SQLite database with BACKUP-FILE once its integrity is checked;
the replaced database is kept under a name it prints. Stop the server first.`,
	"digest": `flashback digest [flags]

Runs one delivery pass of the daily digest now: the digests due are claimed
and sent, and the pass's counts printed.`,
	"purge": `flashback purge [flags]

Deletes the personal data past its retention period now, as the server
does hourly.`,
	"lint": `flashback lint [flags]

Checks every article's dates against its event record and lists what
disagrees.`,
	"healthcheck": `flashback healthcheck [flags]

Asks the running server's /healthz at -addr; exits 0 when it is healthy.`,
}

// The site's settings each command reads, for its -h: every command
// accepts all of them (one environment serves them all), and listing the
// mail or Wikipedia settings under backup only hid what backup needs.
// A command not listed here (serve) reads every setting.
var (
	storeSettings = []string{"data-dir", "database-url", "log-level", "log-format"}
	mailSettings  = []string{"addr", "base-url", "smtp-url", "mail-from", "dkim-domain", "dkim-selector", "dkim-key-file"}
	settingsOf    = map[string][]string{
		"migrate":     storeSettings,
		"backup":      storeSettings,
		"restore":     storeSettings,
		"purge":       storeSettings,
		"lint":        storeSettings,
		"user add":    storeSettings,
		"user passwd": storeSettings,
		"import":      append(slices.Clone(storeSettings), "wikimedia-api", "wikimedia-contact"),
		"digest":      append(append(slices.Clone(storeSettings), mailSettings...), "digest-cutoff"),
		"healthcheck": {"addr"},
	}
)

// commandUsage prints a command's synopsis, if it has one, and its flags:
// its own, and the site's settings it reads.
func commandUsage(fs *flag.FlagSet, name string) {
	w := fs.Output()
	if s, ok := synopses[name]; ok {
		fmt.Fprintf(w, "Usage: %s\n\n", s)
	} else {
		fmt.Fprintf(w, "Usage: flashback %s [flags]\n\n", name)
	}
	fmt.Fprintln(w, "Flags (each can also be set with the FLASHBACK_* variable shown):")
	printFlags(fs, name)
}

// printFlags prints the flags of fs that name reads, as PrintDefaults
// does, with a word on the settings left out.
func printFlags(fs *flag.FlagSet, name string) {
	reads, listed := settingsOf[name]
	if !listed {
		fs.PrintDefaults()
		return
	}
	site := map[string]bool{}
	for _, v := range configVars(&Config{}) {
		site[v.flag] = true
	}
	shown := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	shown.SetOutput(fs.Output())
	fs.VisitAll(func(f *flag.Flag) {
		if !site[f.Name] || slices.Contains(reads, f.Name) {
			shown.Var(f.Value, f.Name, f.Usage)
		}
	})
	shown.PrintDefaults()
	fmt.Fprintln(fs.Output(), "\nThe site's other settings (flashback serve -h) are accepted too; this command does not use them.")
}
