package app_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
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

// syncBuffer lets the test read what the server is still writing.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serveUntilUp runs "flashback serve" with args until its start-up line is
// logged and returns that line; the server stops when the test ends.
func serveUntilUp(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	done := make(chan error, 1)
	env := map[string]string{"FLASHBACK_DATA_DIR": t.TempDir()}
	go func() {
		done <- app.Run(ctx, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...),
			func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, &logs)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		sc := bufio.NewScanner(strings.NewReader(logs.String()))
		for sc.Scan() {
			if strings.Contains(sc.Text(), "flashback is serving") {
				return sc.Text()
			}
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended before it was up: %v\n%s", err, logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("no start-up line:\n%s", logs.String())
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
