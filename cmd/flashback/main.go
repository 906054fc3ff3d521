// Command flashback runs the Flashback publication: the web site, the daily
// digest and the editors' tools, on an embedded SQLite database by default.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // zone names work even where the machine has no zoneinfo

	"flashback/cmd/flashback/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first signal, a second one stops the process at once
	// instead of waiting for the graceful shutdown.
	go func() { <-ctx.Done(); stop() }()
	err := app.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, app.ErrUsage):
		fmt.Fprintln(os.Stderr, "flashback:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "flashback:", app.ErrorText(err))
		os.Exit(1)
	}
}
