package smtpsink_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"flashback/mail/smtpsink"
)

const message = "From: a@example.org\r\nTo: b@example.org\r\nSubject: hello\r\n\r\nbody\r\n"

func dial(t *testing.T, s *smtpsink.Sink) *smtp.Client {
	t.Helper()
	// go-smtp's package-level SendMail insists on STARTTLS; Dial does not.
	c, err := smtp.Dial(s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func TestSinkKeepsMessages(t *testing.T) {
	s := smtpsink.StartT(t, smtpsink.Options{})
	if !strings.HasPrefix(s.URL(), "smtp://127.0.0.1:") {
		t.Errorf("URL = %q", s.URL())
	}
	c := dial(t, s)
	for range 2 {
		if err := c.SendMail("a@example.org", []string{"b@example.org"}, strings.NewReader(message)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.WaitFor(2, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].From != "a@example.org" || got[0].To[0] != "b@example.org" ||
		got[0].Header.Get("Subject") != "hello" || string(got[0].Data) != message {
		t.Errorf("received %+v", got[0])
	}
	if st := s.Stats(); st.Messages != 2 || st.Connections != 1 || st.Bytes != int64(2*len(message)) {
		t.Errorf("stats = %+v", st)
	}
}

func TestSinkWaitForTimesOut(t *testing.T) {
	s := smtpsink.StartT(t, smtpsink.Options{})
	start := time.Now()
	if _, err := s.WaitFor(1, 100*time.Millisecond); err == nil {
		t.Fatal("WaitFor succeeded with no mail")
	}
	if time.Since(start) > 2*time.Second {
		t.Error("WaitFor overran its timeout")
	}
}

func TestSinkReject(t *testing.T) {
	s := smtpsink.StartT(t, smtpsink.Options{})
	s.Reject(func(_ string, to []string) *smtp.SMTPError {
		if to[len(to)-1] == "gone@example.org" {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		}
		return nil
	})
	c := dial(t, s)
	err := c.SendMail("a@example.org", []string{"gone@example.org"}, strings.NewReader(message))
	if se, ok := err.(*smtp.SMTPError); !ok || se.Code != 550 {
		t.Fatalf("SendMail = %v, want 550", err)
	}
	if err := c.Reset(); err != nil {
		t.Fatal(err)
	}
	if err := c.SendMail("a@example.org", []string{"b@example.org"}, strings.NewReader(message)); err != nil {
		t.Fatalf("other recipients must still pass: %v", err)
	}
	if st := s.Stats(); st.Rejected != 1 || st.Messages != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestSinkCountOnly(t *testing.T) {
	s := smtpsink.StartT(t, smtpsink.Options{CountOnly: true})
	c := dial(t, s)
	if err := c.SendMail("a@example.org", []string{"b@example.org"}, strings.NewReader(message)); err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st.Messages != 1 || st.Bytes != int64(len(message)) || len(s.Messages()) != 0 {
		t.Errorf("stats = %+v, kept %d messages; want counts only", st, len(s.Messages()))
	}
}

func TestSinkRejectsMalformedMessage(t *testing.T) {
	s := smtpsink.StartT(t, smtpsink.Options{})
	c := dial(t, s)
	err := c.SendMail("a@example.org", []string{"b@example.org"}, strings.NewReader("no header separator\r\n"))
	if se, ok := err.(*smtp.SMTPError); !ok || se.Code != 554 {
		t.Errorf("SendMail = %v, want 554", err)
	}
}

func TestSinkCloseTwice(t *testing.T) {
	s, err := smtpsink.Start(smtpsink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

// With CountRecipients the sink tells first deliveries from repeats, and
// a repeat of the same message (same Message-ID) from another message.
func TestSinkCountRecipients(t *testing.T) {
	for _, countOnly := range []bool{true, false} {
		t.Run(map[bool]string{true: "CountOnly", false: "KeepingBodies"}[countOnly], func(t *testing.T) {
			s := smtpsink.StartT(t, smtpsink.Options{CountOnly: countOnly, CountRecipients: true})
			c := dial(t, s)
			sends := []struct {
				to []string
				id string
			}{
				{[]string{"b@example.org"}, "<1@example.org>"},
				{[]string{"c@example.org", "b@example.org"}, "<1@example.org>"},
				{[]string{"d@example.org"}, "<2@example.org>"},
				{[]string{"b@example.org"}, "<3@example.org>"},
			}
			for _, m := range sends {
				if err := c.SendMail("a@example.org", m.to, strings.NewReader("Message-ID: "+m.id+"\r\n"+message)); err != nil {
					t.Fatal(err)
				}
			}
			if st := s.Stats(); st.Messages != 4 || st.Recipients != 3 || st.Repeats != 2 || st.NewIDs != 1 {
				t.Errorf("stats = %+v; want 4 messages to 3 recipients, b's second and third repeats, the third with a new ID", st)
			}
			if got := s.Counts([]string{"b@example.org", "e@example.org", "d@example.org"}); !slices.Equal(got, []int{3, 0, 1}) {
				t.Errorf("Counts = %v, want [3 0 1]", got)
			}
		})
	}
}

// Repeated names, for each recipient that got more than one message, the
// EHLO name of the connection of each copy, in the order they arrived.
func TestSinkRepeatedNamesSenders(t *testing.T) {
	s := smtpsink.StartT(t, smtpsink.Options{CountOnly: true, CountRecipients: true})
	first, second := dial(t, s), dial(t, s)
	for c, name := range map[*smtp.Client]string{first: "run-1.example", second: "run-2.example"} {
		if err := c.Hello(name); err != nil {
			t.Fatal(err)
		}
	}
	sends := []struct {
		c  *smtp.Client
		to string
	}{{first, "b@example.org"}, {first, "c@example.org"}, {second, "b@example.org"}, {first, "b@example.org"}}
	for _, m := range sends {
		if err := m.c.SendMail("a@example.org", []string{m.to}, strings.NewReader(message)); err != nil {
			t.Fatal(err)
		}
	}
	got := s.Repeated()
	want := map[string][]string{"b@example.org": {"run-1.example", "run-2.example", "run-1.example"}}
	if len(got) != len(want) || !slices.Equal(got["b@example.org"], want["b@example.org"]) {
		t.Errorf("Repeated = %v, want %v", got, want)
	}
}
