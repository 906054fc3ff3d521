package auth

import (
	"fmt"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	l := NewLimiter(time.Minute, 3)
	l.Now = func() time.Time { return now }
	for i := range 3 {
		if !l.Allow("a") {
			t.Fatalf("attempt %d refused within the burst", i+1)
		}
	}
	if l.Allow("a") {
		t.Error("fourth attempt allowed")
	}
	if !l.Allow("b") {
		t.Error("another key was limited by the first")
	}
	now = now.Add(time.Minute)
	if !l.Allow("a") {
		t.Error("not allowed again after a minute")
	}
	if l.Allow("a") {
		t.Error("more than one regained per minute")
	}
}

func TestLimiterBoundsKeys(t *testing.T) {
	now := time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	l := &Limiter{Every: time.Minute, Burst: 1, MaxKeys: 10, Now: func() time.Time { return now }}
	for i := range 100 {
		l.Allow(fmt.Sprint("k", i))
		now = now.Add(time.Second)
	}
	if n := len(l.keys); n > 10 {
		t.Errorf("limiter holds %d keys, want at most 10", n)
	}
	// The most recent key is still remembered and limited.
	if l.Allow("k99") {
		t.Error("recent key forgotten")
	}
}
