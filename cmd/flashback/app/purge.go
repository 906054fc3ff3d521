package app

import (
	"context"
	"fmt"
	"io"

	"flashback/retention"
	"flashback/sqlite"
)

// runPurge deletes personal data past its retention period now, the same
// pass the server runs every hour.
func runPurge(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, _, err := parseConfig("purge", args, getenv, stderr, 0, nil)
	if err != nil {
		return err
	}
	db, err := openDB(cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	stats, err := retention.Janitor{Store: sqlite.NewRetentionStore(db)}.RunOnce(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "purged: %v\n", stats)
	return nil
}
