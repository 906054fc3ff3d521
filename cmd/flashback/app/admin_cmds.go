package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"flashback"
	"flashback/stores"
)

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, _, err := parseConfig("migrate", args, getenv, stderr, 0, nil)
	if err != nil {
		return err
	}
	st, err := openStores(cfg, nil) // opening applies pending migrations
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintln(stdout, "database schema is up to date")
	return nil
}

func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, rest, err := parseConfig("backup", args, getenv, stderr, 1, nil)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return fmt.Errorf("%w: flashback backup [flags] DEST-FILE", ErrUsage)
	}
	dest := rest[0]
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("%s exists already; choose a new file name", dest)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	// A dated file in a backups folder is the usual call; make the folder,
	// private as the data directory is.
	if err := os.MkdirAll(filepath.Dir(dest), 0o750); err != nil {
		return fmt.Errorf("create backup folder: %w", err)
	}
	// The site must exist: a backup of a mistyped data directory would
	// otherwise create an empty site there and report success.
	st, err := stores.OpenExisting(cfg.DSN(), nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.DB.Backup(ctx, dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s\n", dest)
	return nil
}

func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, rest, err := parseConfig("restore", args, getenv, stderr, 1, nil)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return fmt.Errorf("%w: flashback restore [flags] BACKUP-FILE", ErrUsage)
	}
	if cfg.DatabaseURL == "" {
		if err := ensureDataDir(cfg.DataDir); err != nil {
			return err
		}
	}
	rep, err := stores.Restore(ctx, rest[0], cfg.DSN())
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	printRestore(stdout, rest[0], rep)
	return nil
}

// printRestore tells the operator what a restore did and what is left to do.
func printRestore(w io.Writer, src string, rep flashback.RestoreReport) {
	fmt.Fprintf(w, "checked %s: integrity ok, schema version %d\n", src, rep.SchemaVersion)
	if rep.Kept != "" {
		fmt.Fprintf(w, "kept the replaced database as %s (delete it once you are happy with the restore)\n", rep.Kept)
	}
	for _, f := range rep.Removed {
		fmt.Fprintf(w, "removed %s, which belonged to the replaced database\n", f)
	}
	fmt.Fprintf(w, "restored %s to %s\n", src, rep.Target)
	if rep.SchemaVersion < rep.Latest {
		fmt.Fprintf(w, "the next start migrates it from schema version %d to %d\n", rep.SchemaVersion, rep.Latest)
	}
}
