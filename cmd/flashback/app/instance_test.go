package app

import (
	"testing"
	"time"
)

// TestServeInstance: a restart is the same instance (so it takes its dead
// claims back at once), and two processes on one data directory never are.
func TestServeInstance(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, time.January, 31, 6, 0, 0, 0, time.UTC)
	first, release, err := serveInstance(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	// A second open file of the lock stands in for a second process: the
	// lock is per open file, so the kernel refuses it alike.
	second, releaseSecond, err := serveInstance(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	releaseSecond()
	release()
	restarted, release, err := serveInstance(dir, now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	tests := []struct {
		name     string
		got      string
		wantSame bool
	}{
		{"RestartKeepsTheID", restarted.ID, true},
		{"ConcurrentProcessGetsItsOwn", second.ID, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if same := tt.got == first.ID; same != tt.wantSame || tt.got == "" {
				t.Errorf("ID %q beside the first run's %q", tt.got, first.ID)
			}
		})
	}
	if !restarted.StartedAt.After(first.StartedAt) {
		t.Errorf("the restart started at %v, not after %v", restarted.StartedAt, first.StartedAt)
	}
}
