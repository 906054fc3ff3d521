package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"flashback/cmd/flashback/app"
	"flashback/corpus/wikisync/fakeapi"
)

// TestHelperServe is not a test: TestKilledSyncIsTakenOver runs it in a
// process of its own, as "flashback serve" configured by the environment,
// so that it can be killed.
func TestHelperServe(t *testing.T) {
	if os.Getenv("FLASHBACK_TEST_HELPER_SERVE") == "" {
		t.Skip("run by TestKilledSyncIsTakenOver")
	}
	err := app.Run(context.Background(), []string{"serve", "-addr", "127.0.0.1:0"}, os.Getenv,
		strings.NewReader(""), os.Stdout, os.Stderr)
	t.Fatalf("serve ended: %v", err) // it is killed, never stopped
}

// TestKilledSyncIsTakenOver: a serve process killed (SIGKILL: no release)
// in the middle of the Wikipedia sync leaves the job to another instance
// on the same database within a minute, while a live owner keeps it.
func TestKilledSyncIsTakenOver(t *testing.T) {
	if testing.Short() {
		t.Skip("waits up to a minute for the takeover")
	}
	api := fakeapi.New(10)
	var killed atomic.Bool
	release := make(chan struct{})
	// Until the first process is killed, every day's feed hangs, so that
	// the process is syncing when it dies.
	now := time.Now().UTC()
	for i := range 8 {
		d := now.AddDate(0, 0, i)
		api.Break(fakeapi.Day(int(d.Month()), d.Day()), func(http.ResponseWriter, *http.Request) bool {
			if !killed.Load() {
				<-release
			}
			return false
		})
	}
	srv := httptest.NewServer(api)
	defer srv.Close()
	defer close(release) // first, so that the server's Close finds no handler waiting
	db := filepath.Join(t.TempDir(), "shared.db")
	env := []string{"FLASHBACK_TEST_HELPER_SERVE=1", "FLASHBACK_DATA_DIR=" + t.TempDir(), "FLASHBACK_DATABASE_URL=" + db,
		"FLASHBACK_WIKIMEDIA_API=" + srv.URL, "FLASHBACK_WIKIMEDIA_CONTACT=ops@example.org", "FLASHBACK_WIKIMEDIA_SYNC=en"}
	first := exec.Command(os.Args[0], "-test.run=^TestHelperServe$")
	first.Env = append(os.Environ(), env...)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Process.Kill()
	waitUntil(t, time.Minute, "the first process to start syncing", func() bool { return api.Requests.Load() > 0 })

	second := openCluster(t, 1, nil, func(c *app.Config) {
		c.DatabaseURL = db
		c.WikimediaAPI, c.WikimediaContact, c.WikimediaSync = srv.URL, "ops@example.org", "en"
	})[0]
	// The first renews its 30 s lease every 10 s: the second, asking at
	// once and every 15 s, finds the job taken three times, the last past
	// the length of a lease that was not renewed.
	waitUntil(t, 45*time.Second, "the second instance to find the sync taken three times", func() bool {
		return second.log.count(`running elsewhere" job=wikimedia-sync:en`) >= 3
	})
	if n := second.log.count(`msg="wikipedia sync"`); n != 0 {
		t.Fatalf("the second instance synced while the first was alive and syncing")
	}
	asked := api.Requests.Load()
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killedAt := time.Now()
	killed.Store(true)
	first.Wait()
	waitUntil(t, time.Minute, "the second instance to take the sync over", func() bool {
		return api.Requests.Load() > asked
	})
	t.Logf("the second instance took the sync over %v after the kill", time.Since(killedAt).Round(time.Second))
	waitUntil(t, time.Minute, "the taken-over sync to finish", func() bool {
		return second.log.count(`msg="wikipedia sync"`) == 1
	})
}
