package mail_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"flashback/mail"
	"flashback/mail/smtpsink"
)

// sends records what a SendObserver was told.
type sends struct {
	mu     sync.Mutex
	took   []time.Duration
	failed int
}

func (s *sends) ObserveSend(took time.Duration, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.took = append(s.took, took)
	if err != nil {
		s.failed++
	}
}

// The observer hears of every SMTP delivery, refused ones too, with the
// time the exchange took.
func TestSendObserver(t *testing.T) {
	sink := smtpsink.StartT(t, smtpsink.Options{})
	sink.SetDelay(20 * time.Millisecond)
	var obs sends
	s := newSender(t, sink, mail.Options{Pool: 1, Observer: &obs})
	send(t, s, digest(""))
	sink.Reject(func(string, []string) *smtp.SMTPError {
		return &smtp.SMTPError{Code: 550, Message: "no such user"}
	})
	if err := s.Send(context.Background(), digest("")); err == nil {
		t.Fatal("a refused recipient was sent to")
	}
	obs.mu.Lock()
	defer obs.mu.Unlock()
	if len(obs.took) != 2 || obs.failed != 1 {
		t.Fatalf("observed %d sends, %d failed; want 2 and 1", len(obs.took), obs.failed)
	}
	if obs.took[0] < 20*time.Millisecond {
		t.Errorf("the first send took %v, less than the server's 20 ms delay", obs.took[0])
	}
}
