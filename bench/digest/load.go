package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"

	"flashback"
)

// zones spread the audience around the world.
var zones = []string{
	"UTC", "Europe/London", "Europe/Vienna", "Europe/Helsinki", "Europe/Moscow",
	"Asia/Dubai", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Bangkok", "Asia/Shanghai",
	"Asia/Tokyo", "Australia/Adelaide", "Australia/Sydney", "Pacific/Auckland",
	"Pacific/Chatham", "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles",
	"America/Denver", "America/Chicago", "America/New_York", "America/Sao_Paulo",
	"America/St_Johns", "Atlantic/Azores",
}

// categoryChoices are the kinds of digest readers pick.
var categoryChoices = [][]string{
	nil,
	{flashback.CategoryHistory},
	{flashback.CategoryMusic, flashback.CategoryCulture},
	{flashback.CategoryBirths, flashback.CategoryDeaths},
}

// bulkSeeder is how a store loads confirmed subscribers in bulk, for
// benchmarks; the site never does, so flashback.SubscriberStore lacks it.
type bulkSeeder interface {
	SeedConfirmed(ctx context.Context, subs []*flashback.Subscriber) error
}

// seed adds n confirmed subscribers whose digest for their local today is
// due at now: their wake-up hour is the current local hour.
func seed(ctx context.Context, store flashback.SubscriberStore, n int, now time.Time) error {
	s, ok := store.(bulkSeeder)
	if !ok {
		return fmt.Errorf("bench/digest: a %T cannot seed subscribers in bulk", store)
	}
	const batch = 10_000
	subs := make([]*flashback.Subscriber, 0, batch)
	for i := range n {
		zone := zones[i%len(zones)]
		loc, err := flashback.LoadZone(zone)
		if err != nil {
			return err
		}
		local := now.In(loc)
		subs = append(subs, &flashback.Subscriber{
			Email: fmt.Sprintf("reader%07d@example.org", i),
			Preferences: flashback.Preferences{TimeZone: zone, WakeHour: local.Hour(),
				Categories: categoryChoices[i%len(categoryChoices)]},
			Consent:  flashback.Consent{Source: "benchmark"},
			NextDate: flashback.CivilDateOf(now, loc),
		})
		if len(subs) == batch || i == n-1 {
			if err := s.SeedConfirmed(ctx, subs); err != nil {
				return err
			}
			subs = subs[:0]
		}
	}
	return nil
}

// bareClient pushes n messages of size bytes over conns connections and
// returns messages per second: the most any sender could do here.
func bareClient(sinkURL string, conns, n, size int) (float64, error) {
	u, err := url.Parse(sinkURL)
	if err != nil {
		return 0, err
	}
	msg := bytes.Repeat([]byte("Flashback bench line of text, about sixty bytes long....\r\n"), size/58+1)[:size]
	msg = append([]byte("Subject: bench\r\n\r\n"), msg...)
	var left atomic.Int64
	left.Store(int64(n))
	var wg sync.WaitGroup
	errs := make(chan error, conns)
	start := time.Now()
	for range conns {
		wg.Go(func() {
			if err := push(u.Host, msg, &left); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	if err := <-errs; err != nil {
		return 0, err
	}
	return float64(n) / elapsed.Seconds(), nil
}

func push(addr string, msg []byte, left *atomic.Int64) error {
	c, err := smtp.Dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello("bench.local"); err != nil {
		return err
	}
	for left.Add(-1) >= 0 {
		if err := c.Mail("digest@flashback.example", nil); err != nil {
			return err
		}
		if err := c.Rcpt("reader@example.org", nil); err != nil {
			return err
		}
		w, err := c.Data()
		if err != nil {
			return err
		}
		if _, err := w.Write(msg); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
	}
	return c.Quit()
}
