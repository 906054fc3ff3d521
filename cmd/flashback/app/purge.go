package app

import (
	"context"
	"fmt"
	"io"

	"flashback/retention"
)

// runPurge deletes personal data past its retention period now, the same
// pass the server runs every hour.
func runPurge(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, _, err := parseConfig("purge", args, getenv, stderr, 0, nil)
	if err != nil {
		return err
	}
	st, err := openStores(cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	stats, err := retention.Janitor{Store: st.Retention}.RunOnce(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "purged: %v\n", stats)
	return nil
}
