package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// runHealthcheck asks the server at the configured address for /healthz and
// fails unless it answers 200. Container images without curl (scratch) use
// it as their HEALTHCHECK.
func runHealthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, _, err := parseConfig("healthcheck", args, getenv, stderr, 0, nil)
	if err != nil {
		return err
	}
	url, err := healthURL(cfg.Addr)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", url, resp.Status)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}

// healthURL turns a listen address into a URL this host can reach: a server
// listening on every interface answers on loopback.
func healthURL(addr string) (string, error) {
	u, err := localURL(addr, "127.0.0.1")
	return u + "/healthz", err
}
