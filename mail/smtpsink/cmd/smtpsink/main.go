// Command smtpsink runs an SMTP server that accepts mail and throws it away,
// for shell benchmarks of the digest sender. It prints its URL on start and
// its totals when it receives SIGINT or SIGTERM.
//
//	smtpsink -addr 127.0.0.1:2525 -count-only -fail-rate 0.05
package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"syscall"

	"github.com/emersion/go-smtp"

	"flashback/mail/smtpsink"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "smtpsink:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("smtpsink", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:2525", "address to listen on")
	countOnly := fs.Bool("count-only", false, "count messages and bytes, keep nothing")
	failRate := fs.Float64("fail-rate", 0, "share of recipients refused with 451 4.3.0 (0..1)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *failRate < 0 || *failRate > 1 {
		return fmt.Errorf("-fail-rate must be between 0 and 1, got %v", *failRate)
	}
	sink, err := smtpsink.Start(smtpsink.Options{Addr: *addr, CountOnly: *countOnly})
	if err != nil {
		return err
	}
	if *failRate > 0 {
		sink.Reject(failSome(*failRate))
	}
	// Listen for the signal before saying we are up: a signal sent by
	// whoever read that line would otherwise kill the process instead.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	fmt.Fprintf(out, "smtpsink listening on %s\n", sink.URL())
	<-sig
	st := sink.Stats()
	if err := sink.Close(); err != nil {
		return err
	}
	fmt.Fprintf(out, "messages=%d bytes=%d connections=%d rejected=%d\n",
		st.Messages, st.Bytes, st.Connections, st.Rejected)
	return nil
}

// failSome refuses a random share of recipients with a temporary error, so
// that a benchmark exercises the sender's retry path.
func failSome(rate float64) smtpsink.RejectFunc {
	return func(string, []string) *smtp.SMTPError {
		if rand.Float64() >= rate {
			return nil
		}
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0},
			Message: "try again later"}
	}
}
