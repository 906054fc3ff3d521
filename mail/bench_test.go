package mail_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"flashback/mail"
	"flashback/mail/smtpsink"
)

const (
	benchMessages = 2000
	benchWorkers  = 10
)

// benchMessage is a digest of about 8 KB: a dozen events in both parts.
func benchMessage(i int) *mail.Message {
	m := digest(fmt.Sprintf("reader%d@example.org", i))
	var text, html strings.Builder
	for e := range 11 {
		fmt.Fprintf(&text, "%d. In %d something memorable happened on this day; read more at https://flashback.example/events/%d\n", e, 1900+e, e)
		fmt.Fprintf(&html, "<li><b>%d</b> Something memorable happened on this day. <a href=\"https://flashback.example/events/%d\">Read more</a></li>\n", 1900+e, e)
	}
	m.Text = strings.Repeat(text.String(), 3)
	m.HTML = "<ul>" + strings.Repeat(html.String(), 3) + "</ul>"
	return m
}

// runWorkers sends benchMessages with benchWorkers goroutines and reports
// messages per second.
func runWorkers(b *testing.B, send func(worker, i int) error) {
	b.Helper()
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, benchWorkers)
	for w := range benchWorkers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= benchMessages {
					return
				}
				if err := send(w, i); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(benchMessages)/time.Since(start).Seconds(), "msgs/s")
}

// BenchmarkSend measures the pooled sender: go test -bench Send -benchtime 1x
func BenchmarkSend(b *testing.B) {
	sink := smtpsink.StartT(b, smtpsink.Options{CountOnly: true})
	s := newSender(b, sink, mail.Options{Pool: benchWorkers})
	msgs := make([]*mail.Message, benchMessages)
	for i := range msgs {
		msgs[i] = benchMessage(i)
	}
	b.ResetTimer()
	for range b.N {
		runWorkers(b, func(_, i int) error {
			m := *msgs[i]
			m.MessageID, m.Date = "", time.Time{}
			return s.Send(context.Background(), &m)
		})
	}
	b.StopTimer()
	if st := sink.Stats(); st.Messages != int64(b.N*benchMessages) || st.Connections > benchWorkers {
		b.Errorf("sink saw %+v", st)
	}
}

// BenchmarkBareClient is the floor to compare with: pre-rendered bytes over
// one go-smtp connection per worker, no pool, no error classification.
func BenchmarkBareClient(b *testing.B) {
	sink := smtpsink.StartT(b, smtpsink.Options{CountOnly: true})
	raw := make([][]byte, benchMessages)
	for i := range raw {
		var err error
		if raw[i], err = mail.Render(benchMessage(i)); err != nil {
			b.Fatal(err)
		}
	}
	clients := make([]*smtp.Client, benchWorkers)
	for w := range clients {
		c, err := smtp.Dial(sink.Addr())
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		clients[w] = c
	}
	b.ResetTimer()
	for range b.N {
		runWorkers(b, func(w, i int) error {
			to := fmt.Sprintf("reader%d@example.org", i)
			return clients[w].SendMail("digest@flashback.example", []string{to}, strings.NewReader(string(raw[i])))
		})
	}
}
