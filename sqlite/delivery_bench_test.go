package sqlite

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"flashback"
)

// BenchmarkLedger runs the ledger's share of a delivery pass over
// b.N due subscribers: claims of the given size, the send-time check of
// each claim and outcomes recorded as "sent" in groups of 256, as the
// scheduler does. It reports the CPU time per digest of each stage, which
// on a busy machine says far more than the wall-clock ns/op, and how long
// a claim transaction held the database's one writer, which every form
// submission waits behind.
func BenchmarkLedger(b *testing.B) {
	for _, size := range []int{16, 256, 512} {
		b.Run(fmt.Sprintf("claims-of-%d", size), func(b *testing.B) { benchmarkLedger(b, size) })
	}
}

func benchmarkLedger(b *testing.B, claimSize int) {
	now := time.Now().UTC().Truncate(time.Minute)
	db := mustOpenAt(b, &now)
	ctx := context.Background()
	seedDue(b, NewSubscriberStore(db), b.N, now)
	s := NewDeliveryStore(db)
	opts := flashback.ClaimOptions{Limit: claimSize, Lease: 10 * time.Minute, Cutoff: 12 * time.Hour,
		Owner: flashback.Instance{ID: "bench", StartedAt: now}}
	if err := s.Heartbeat(ctx, opts.Owner); err != nil {
		b.Fatal(err)
	}
	var claimCPU, checkCPU, completeCPU, claimWall, longestClaim time.Duration
	sent, claims := 0, 0
	b.ResetTimer()
	for {
		t0, w0 := cpuTime(), time.Now()
		res, err := s.ClaimDeliveries(ctx, opts)
		if err != nil {
			b.Fatal(err)
		}
		t1, wall := cpuTime(), time.Since(w0)
		claimCPU += t1 - t0
		claimWall, longestClaim, claims = claimWall+wall, max(longestClaim, wall), claims+1
		if res.Examined == 0 {
			break
		}
		outcomes := make([]flashback.Outcome, 0, len(res.Claims))
		for _, c := range res.Claims {
			if why, err := s.Sendable(ctx, c.Subscriber); err != nil || why != "" {
				b.Fatalf("sendable: %q, %v", why, err)
			}
			outcomes = append(outcomes, flashback.Outcome{SubscriberID: c.Subscriber.ID, LocalDate: c.LocalDate,
				Attempt: c.Attempt, State: flashback.DeliverySent, MessageID: fmt.Sprintf("<m%d>", c.Subscriber.ID)})
		}
		t2 := cpuTime()
		checkCPU += t2 - t1
		for len(outcomes) > 0 {
			n := min(256, len(outcomes))
			if err := s.CompleteDeliveries(ctx, outcomes[:n]); err != nil {
				b.Fatal(err)
			}
			outcomes, sent = outcomes[n:], sent+n
		}
		completeCPU += cpuTime() - t2
	}
	b.StopTimer()
	if sent != b.N {
		b.Fatalf("sent %d of %d", sent, b.N)
	}
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 / float64(b.N) }
	b.ReportMetric(per(claimCPU), "claim-cpu-µs/digest")
	b.ReportMetric(per(checkCPU), "check-cpu-µs/digest")
	b.ReportMetric(per(completeCPU), "complete-cpu-µs/digest")
	b.ReportMetric(float64(claimWall.Microseconds())/1e3/float64(claims), "ms/claim")
	b.ReportMetric(float64(longestClaim.Microseconds())/1e3, "longest-ms/claim")
}

// seedDue adds n confirmed subscribers whose digest is due at now.
func seedDue(b *testing.B, s *SubscriberStore, n int, now time.Time) {
	b.Helper()
	for start := 0; start < n; start += 10_000 {
		var subs []*flashback.Subscriber
		for i := start; i < min(n, start+10_000); i++ {
			subs = append(subs, &flashback.Subscriber{Email: fmt.Sprintf("reader%07d@example.org", i),
				Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: now.Hour()},
				Consent:     flashback.Consent{Source: "benchmark"},
				NextDate:    flashback.CivilDateOf(now, time.UTC)})
		}
		if err := s.SeedConfirmed(context.Background(), subs); err != nil {
			b.Fatal(err)
		}
	}
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
