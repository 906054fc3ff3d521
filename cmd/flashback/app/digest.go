package app

import (
	"context"
	"fmt"
	"io"

	"flashback"
	"flashback/newsletter"
)

// runDigest runs one delivery pass now: every confirmed subscriber whose
// local wake-up time has come and who has not had today's digest gets it.
// It is safe beside a running server: both claim work through the ledger.
func runDigest(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, _, err := parseConfig("digest", args, getenv, stderr, 0, nil)
	if err != nil {
		return err
	}
	logger := newLogger(stderr, cfg)
	st, err := openStores(cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	sender, err := newMailer(cfg, logger, nil)
	if err != nil {
		return err
	}
	defer sender.Close()
	svc, err := newDigest(ctx, cfg, st, sender, flashback.SystemClock, logger)
	if err != nil {
		return err
	}
	stats, err := newsletter.Scheduler{Service: svc, Workers: MailPool, Cutoff: cfg.Cutoff(),
		Journal: st.Journal}.RunOnce(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "digest pass: %v\n", stats)
	return nil
}
