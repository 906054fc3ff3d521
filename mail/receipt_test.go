package mail_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"flashback/mail"
	"flashback/mail/smtpsink"
)

// TestReceipt checks the bound a Receipt gives: over one connection, a
// message's end of data waits until the message before it is recorded.
func TestReceipt(t *testing.T) {
	tests := []struct {
		name     string
		settle   error // what the caller reports for the first message
		wantSent bool  // whether the second message then goes out
	}{
		{"RecordedReleasesTheNext", nil, true},
		{"UnrecordedStopsTheNext", errors.New("ledger unavailable"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := smtpsink.StartT(t, smtpsink.Options{})
			s := newSender(t, sink, mail.Options{Pool: 1, Timeout: 5 * time.Second})
			first := digest("first@example.org")
			first.Receipt = mail.NewReceipt()
			send(t, s, first)

			done := make(chan error, 1)
			go func() { done <- s.Send(context.Background(), digest("second@example.org")) }()
			// The second message's data is on its way, but without its
			// final "." the server has nothing to keep.
			time.Sleep(100 * time.Millisecond)
			if n := sink.Stats().Messages; n != 1 {
				t.Fatalf("%d messages before the first was recorded, want 1", n)
			}
			first.Receipt.Settle(tt.settle)
			err := <-done
			if sent := err == nil; sent != tt.wantSent {
				t.Fatalf("second Send = %v, want sent %v", err, tt.wantSent)
			}
			if err != nil && !mail.IsTemporary(err) {
				t.Errorf("a message held back is to be retried, got %v", err)
			}
			// Whatever happened, the connection's slot is free again.
			send(t, s, digest("third@example.org"))
			if want := map[bool]int64{true: 3, false: 2}[tt.wantSent]; sink.Stats().Messages != want {
				t.Errorf("%d messages in the sink, want %d", sink.Stats().Messages, want)
			}
		})
	}
}

// TestReceiptOutlivesItsConnection: when the connection that carried a
// message breaks, the next message on a fresh connection of the same slot
// still waits for the first one's record.
func TestReceiptOutlivesItsConnection(t *testing.T) {
	sink := smtpsink.StartT(t, smtpsink.Options{})
	addr := sink.Addr()
	s := newSender(t, sink, mail.Options{Pool: 1, Timeout: 5 * time.Second})
	first := digest("")
	first.Receipt = mail.NewReceipt()
	send(t, s, first)
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
	sink2 := smtpsink.StartT(t, smtpsink.Options{Addr: addr})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := s.Send(ctx, digest("")); err == nil {
		t.Fatal("sent before the previous message was recorded")
	}
	if n := sink2.Stats().Messages; n != 0 {
		t.Errorf("the new server kept %d messages, want 0", n)
	}
}
