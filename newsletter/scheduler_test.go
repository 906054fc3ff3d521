package newsletter_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"flashback"
	"flashback/newsletter"
	"flashback/sqlite"
)

// TestDelivery_EndToEnd follows a reader from sign-up to unsubscribing,
// through a real SMTP server.
func TestDelivery_EndToEnd(t *testing.T) {
	e := newEnv(t, "")
	e.seedJan31(t)
	vienna := e.confirmed(t, "vienna@example.org", "Europe/Vienna", "07:00")
	tokyo := e.confirmed(t, "tokyo@example.org", "Asia/Tokyo", "7", flashback.CategoryScience)
	late := e.confirmed(t, "late@example.org", "Europe/Vienna", "09:00")
	sc := newsletter.Scheduler{Service: e.svc, Workers: 2}

	// 07:00 in Vienna: Vienna and Tokyo (07:00 there was 9 hours ago) are
	// due; 09:00 is not yet.
	e.clock.Set(jan31)
	stats := runPass(t, sc)
	if stats.Sent != 2 || stats.Claimed != 2 {
		t.Fatalf("first pass: %v", stats)
	}
	got := digestsTo(e.sink.Messages())
	if len(got["vienna@example.org"]) != 1 || len(got["tokyo@example.org"]) != 1 || len(got["late@example.org"]) != 0 {
		t.Fatalf("digests after the first pass: %v", keys(got))
	}
	m := got["vienna@example.org"][0]
	wantHeaders := map[string]string{
		"Subject":               "Flashback to January 31: Trotsky exiled",
		"Message-Id":            fmt.Sprintf("<digest-%d-2026-01-31@flashback.example>", vienna.ID),
		"List-Id":               "Flashback daily digest <digest.flashback.example>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"List-Unsubscribe": "<" + e.svc.UnsubscribeURL(vienna) +
			">, <mailto:unsubscribe@flashback.example?subject=unsubscribe>",
	}
	for k, want := range wantHeaders {
		if got := m.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if _, err := m.Header.Date(); err != nil {
		t.Errorf("Date header: %v", err)
	}
	text, html := parts(t, m)
	for _, want := range []string{"Trotsky exiled", "Explorer 1 launched", "Franz Schubert born",
		"97 years ago", e.svc.ManageURL(vienna), e.svc.UnsubscribeURL(vienna), baseURL + "/events/"} {
		if !strings.Contains(text, want) || !strings.Contains(html, want) {
			t.Errorf("digest text or HTML lacks %q", want)
		}
	}
	if strings.Contains(text, "Not today") {
		t.Error("an event of another day is in the digest")
	}
	ttext, _ := parts(t, got["tokyo@example.org"][0])
	if !strings.Contains(ttext, "Explorer 1") || strings.Contains(ttext, "Trotsky") {
		t.Errorf("Tokyo chose science only, got:\n%s", ttext)
	}

	// 09:00: the late riser. Vienna gets nothing more today.
	e.clock.Set(jan31.Add(2 * time.Hour))
	if stats := runPass(t, sc); stats.Sent != 1 {
		t.Fatalf("09:00 pass: %v", stats)
	}
	// Vienna unsubscribes with one click (RFC 8058); tomorrow only the
	// others get a digest.
	if _, err := e.svc.Unsubscribe(context.Background(), e.svc.UnsubscribeToken(vienna), "one-click"); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(jan31.Add(26 * time.Hour))
	runPass(t, sc)
	got = digestsTo(e.sink.Messages())
	if len(got["vienna@example.org"]) != 1 || len(got["tokyo@example.org"]) != 2 || len(got["late@example.org"]) != 2 {
		t.Errorf("after the second day: vienna %d, tokyo %d, late %d digests",
			len(got["vienna@example.org"]), len(got["tokyo@example.org"]), len(got["late@example.org"]))
	}
	_ = tokyo
	_ = late
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestDelivery_FaultInjection: the server defers a share of recipients with
// 451 and refuses one address with 550 5.1.1.
func TestDelivery_FaultInjection(t *testing.T) {
	e := newEnv(t, "")
	e.seedJan31(t)
	const n = 30
	for i := range n {
		e.confirmed(t, fmt.Sprintf("r%02d@example.org", i), "Europe/Vienna", "07:00")
	}
	bad := e.confirmed(t, "nobody@example.org", "Europe/Vienna", "07:00")
	var mu sync.Mutex
	tries := map[string]int{}
	e.sink.Reject(func(from string, to []string) *smtp.SMTPError {
		rcpt := to[len(to)-1]
		mu.Lock()
		defer mu.Unlock()
		tries[rcpt]++
		switch {
		case rcpt == "nobody@example.org":
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		case tries[rcpt] == 1 && len(tries)%3 == 0:
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
		}
		return nil
	})
	sc := newsletter.Scheduler{Service: e.svc, Workers: 4}
	e.clock.Set(jan31)
	first := runPass(t, sc)
	if first.Failed != 1 || first.Retried == 0 || first.Sent+first.Retried != n {
		t.Fatalf("first pass: %v", first)
	}
	sub, err := e.subs.FindSubscriberByID(context.Background(), bad.ID)
	if err != nil || sub.Status != flashback.SubscriberSuppressed {
		t.Fatalf("after 550 5.1.1: %+v, %v", sub, err)
	}
	// Before the backoff is over nothing is retried; after it, the rest.
	e.clock.Set(jan31.Add(30 * time.Second))
	if s := runPass(t, sc); s.Claimed != 0 {
		t.Errorf("retried before the backoff: %v", s)
	}
	e.clock.Set(jan31.Add(time.Minute))
	second := runPass(t, sc)
	if second.Sent != first.Retried {
		t.Errorf("second pass: %v, want %d sent", second, first.Retried)
	}
	got := digestsTo(e.sink.Messages())
	for i := range n {
		if c := len(got[fmt.Sprintf("r%02d@example.org", i)]); c != 1 {
			t.Errorf("r%02d got %d digests", i, c)
		}
	}
	// The suppressed address is never tried again, even on later days.
	e.clock.Set(jan31.Add(24 * time.Hour))
	runPass(t, sc)
	mu.Lock()
	defer mu.Unlock()
	if tries["nobody@example.org"] != 1 {
		t.Errorf("suppressed address tried %d times", tries["nobody@example.org"])
	}
}

// TestRun_DrainsOnShutdown stops Run in the middle of a slow pass: the send
// in flight completes and is recorded, and unsent claims are handed back so
// the next pass sends them at once, each exactly once.
func TestRun_DrainsOnShutdown(t *testing.T) {
	e := newEnv(t, "")
	e.seedJan31(t)
	const n = 12
	for i := range n {
		e.confirmed(t, fmt.Sprintf("r%02d@example.org", i), "Europe/Vienna", "07:00")
	}
	e.clock.Set(jan31)
	before := len(e.sink.Messages())
	e.sink.SetDelay(150 * time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	sc := newsletter.Scheduler{Service: e.svc, Workers: 2, Interval: time.Hour}
	done := make(chan error)
	go func() { done <- sc.Run(ctx) }()
	time.Sleep(200 * time.Millisecond)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	e.sink.SetDelay(0)
	sentFirst := len(e.sink.Messages()) - before
	if sentFirst == 0 || sentFirst == n {
		t.Fatalf("shutdown came at the wrong moment: %d of %d sent", sentFirst, n)
	}
	stats := runPass(t, sc)
	if stats.Sent != n-sentFirst {
		t.Errorf("after restart: %v, want %d sent", stats, n-sentFirst)
	}
	for addr, ms := range digestsTo(e.sink.Messages()) {
		if len(ms) != 1 {
			t.Errorf("%s got %d digests", addr, len(ms))
		}
	}
}

// TestConcurrentPassesOfOneInstance: RunOnce while another pass of the
// same instance runs (a test or CLI beside serve's loop) waits its turn
// rather than failing on the outcome journal the other pass holds open.
func TestConcurrentPassesOfOneInstance(t *testing.T) {
	e := newEnv(t, "")
	e.seedJan31(t)
	for i := range 6 {
		e.confirmed(t, fmt.Sprintf("reader%d@example.org", i), "Europe/Vienna", "07:00")
	}
	e.clock.Set(jan31)
	sc := newsletter.Scheduler{Service: e.svc, Workers: 2, Journal: sqlite.NewOutcomeJournal(e.db),
		Instance: flashback.Instance{ID: "one", StartedAt: jan31}}
	var wg sync.WaitGroup
	sent := make([]int, 3)
	for i := range sent {
		wg.Go(func() {
			stats, err := sc.RunOnce(context.Background())
			if err != nil {
				t.Errorf("pass %d: %v", i, err)
			}
			sent[i] = stats.Sent
		})
	}
	wg.Wait()
	if total := sent[0] + sent[1] + sent[2]; total != 6 {
		t.Errorf("three concurrent passes sent %v, %d in all; want 6", sent, total)
	}
}
