package app_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"flashback/cmd/flashback/app"
)

func TestCLI_Version(t *testing.T) {
	out, _, err := runCLI(t, t.TempDir(), "", "version")
	if err != nil {
		t.Fatal(err)
	}
	if want := "flashback " + app.Version() + " go"; !strings.HasPrefix(out, want) {
		t.Errorf("version printed %q, want it to start with %q", out, want)
	}
}

// serveUntilUp runs "flashback serve" with args until its start-up line is
// logged and returns that line; the server stops when the test ends.
func serveUntilUp(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs, logw := io.Pipe()
	done := make(chan error, 1)
	env := map[string]string{"FLASHBACK_DATA_DIR": t.TempDir()}
	go func() {
		done <- app.Run(ctx, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...),
			func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, logw)
		logw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	up := make(chan string, 1)
	go func() {
		// Read every line, so the server never blocks on its log.
		sc := bufio.NewScanner(logs)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "flashback is serving") {
				up <- sc.Text()
			}
		}
		close(up)
	}()
	select {
	case line, ok := <-up:
		if !ok {
			t.Fatal("serve ended before it was up")
		}
		return line
	case <-time.After(60 * time.Second):
		t.Fatal("no start-up line within a minute")
	}
	return ""
}

// With -log-format json every line is a JSON object, and the start-up
// line names the build's version and the address that /healthz answers on
// with the same version.
func TestServe_JSONLogsAndVersion(t *testing.T) {
	line := serveUntilUp(t, "-log-format", "json")
	var rec struct{ Msg, Version, URL string }
	if err := json.Unmarshal([]byte(line), &rec); err != nil {
		t.Fatalf("start-up line is not JSON: %v\n%s", err, line)
	}
	if rec.Version == "" || rec.Version != app.Version() {
		t.Errorf("start-up version %q, want %q", rec.Version, app.Version())
	}
	resp, err := http.Get(rec.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var health struct{ Status, Version string }
	if err := json.NewDecoder(resp.Body).Decode(&health); err != nil {
		t.Fatal(err)
	}
	if health.Status != "ok" || health.Version != app.Version() {
		t.Errorf("healthz = %+v, want ok and %q", health, app.Version())
	}
}
