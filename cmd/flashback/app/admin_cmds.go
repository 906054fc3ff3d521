package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, _, err := parseConfig("migrate", args, getenv, stderr, 0, nil)
	if err != nil {
		return err
	}
	db, err := openDB(cfg, nil) // Open applies pending migrations.
	if err != nil {
		return err
	}
	defer db.Close()
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
	db, err := openDB(cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s\n", dest)
	return nil
}
