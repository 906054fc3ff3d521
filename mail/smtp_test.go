package mail_test

import (
	"context"
	"fmt"
	"mime"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"flashback/mail"
	"flashback/mail/smtpsink"
)

func TestSend(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		html      string
		wantTypes []string
	}{
		{"PlainText", "Plain words only.\n", "", []string{"text/plain"}},
		{"HTMLOnly", "", "<p>Only HTML</p>", []string{"text/html"}},
		{"Multipart", "Plain words.\n", "<p>Rich words</p>",
			[]string{"multipart/alternative", "text/plain", "text/html"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sink := smtpsink.StartT(t, smtpsink.Options{})
			s := newSender(t, sink, mail.Options{})
			m := digest("")
			m.Text, m.HTML = tc.text, tc.html
			send(t, s, m)

			got, err := sink.WaitFor(1, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			r := got[0]
			if r.From != "digest@flashback.example" || len(r.To) != 1 || r.To[0] != "ada@example.org" {
				t.Errorf("envelope = %q → %q, want bare addresses", r.From, r.To)
			}
			checkHeaders(t, r.Header, m)
			body := parts(t, r.Data)
			if len(body) != len(tc.wantTypes) {
				t.Errorf("parts = %v, want %v", keys(body), tc.wantTypes)
			}
			for _, ct := range tc.wantTypes {
				if _, ok := body[ct]; !ok {
					t.Errorf("missing part %s in %v", ct, keys(body))
				}
			}
			if tc.text != "" && strings.TrimSpace(body["text/plain"]) != strings.TrimSpace(tc.text) {
				t.Errorf("text part = %q, want %q", body["text/plain"], tc.text)
			}
			if tc.html != "" && strings.TrimSpace(body["text/html"]) != tc.html {
				t.Errorf("html part = %q, want %q", body["text/html"], tc.html)
			}
		})
	}
}

func checkHeaders(t *testing.T, h netmail.Header, m *mail.Message) {
	t.Helper()
	if h.Get("Message-ID") == "" || h.Get("Message-ID") != m.MessageID {
		t.Errorf("Message-ID = %q, want the generated %q", h.Get("Message-ID"), m.MessageID)
	}
	if !strings.HasSuffix(m.MessageID, "@flashback.example>") {
		t.Errorf("Message-ID %q is not on the From domain", m.MessageID)
	}
	if d, err := h.Date(); err != nil || !d.Equal(m.Date.Truncate(time.Second)) {
		t.Errorf("Date = %v (%v), want %v", d, err, m.Date)
	}
	for _, name := range []string{"List-Id", "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted"} {
		if got := h.Get(name); got != m.Headers[name] {
			t.Errorf("%s = %q, want %q", name, got, m.Headers[name])
		}
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("Subject = %q (%v), want %q", subject, err, m.Subject)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Ada Lovelace" {
		t.Errorf("To = %v (%v), want Ada Lovelace's address with her name", to, err)
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestSendTLS(t *testing.T) {
	tests := []struct {
		name string
		opts smtpsink.Options
	}{
		{"STARTTLS", smtpsink.Options{STARTTLS: true}},
		{"STARTTLSWithAuth", smtpsink.Options{STARTTLS: true, Username: "digest", Password: "pw-7f3a"}},
		{"ImplicitTLS", smtpsink.Options{ImplicitTLS: true}},
		{"PlainAuthOnLoopback", smtpsink.Options{Username: "digest", Password: "pw-7f3a"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sink := smtpsink.StartT(t, tc.opts)
			s := newSender(t, sink, mail.Options{})
			send(t, s, digest(""))
			got, err := sink.WaitFor(1, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			wantTLS := tc.opts.STARTTLS || tc.opts.ImplicitTLS
			if got[0].TLS != wantTLS {
				t.Errorf("arrived over TLS = %v, want %v", got[0].TLS, wantTLS)
			}
		})
	}
}

func TestConnectionReuse(t *testing.T) {
	t.Run("Sequential", func(t *testing.T) {
		sink := smtpsink.StartT(t, smtpsink.Options{})
		s := newSender(t, sink, mail.Options{Pool: 2})
		for range 10 {
			send(t, s, digest(""))
		}
		if st := sink.Stats(); st.Messages != 10 || st.Connections != 1 {
			t.Errorf("messages=%d connections=%d, want 10 over 1", st.Messages, st.Connections)
		}
	})
	t.Run("ConcurrentStaysWithinPool", func(t *testing.T) {
		sink := smtpsink.StartT(t, smtpsink.Options{})
		s := newSender(t, sink, mail.Options{Pool: 3})
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := range 40 {
			wg.Go(func() {
				errs <- s.Send(context.Background(), digest(fmt.Sprintf("r%d@example.org", i)))
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
		}
		if st := sink.Stats(); st.Messages != 40 || st.Connections > 3 {
			t.Errorf("messages=%d connections=%d, want 40 over at most 3", st.Messages, st.Connections)
		}
	})
	t.Run("RedialsAfterServerDrop", func(t *testing.T) {
		sink := smtpsink.StartT(t, smtpsink.Options{})
		addr := sink.Addr()
		s := newSender(t, sink, mail.Options{Pool: 1})
		send(t, s, digest(""))
		// Restart the server on the same port: the pooled connection dies.
		if err := sink.Close(); err != nil {
			t.Fatal(err)
		}
		sink2 := smtpsink.StartT(t, smtpsink.Options{Addr: addr})
		send(t, s, digest(""))
		if st := sink2.Stats(); st.Messages != 1 || st.Connections != 1 {
			t.Errorf("after restart: messages=%d connections=%d, want 1 over 1", st.Messages, st.Connections)
		}
	})
}

func TestClosedSender(t *testing.T) {
	sink := smtpsink.StartT(t, smtpsink.Options{})
	s := newSender(t, sink, mail.Options{})
	send(t, s, digest(""))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), digest("")); err != mail.ErrClosed {
		t.Errorf("Send after Close = %v, want ErrClosed", err)
	}
}
