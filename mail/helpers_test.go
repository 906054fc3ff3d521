package mail_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"flashback/mail"
	"flashback/mail/smtpsink"
)

// syncBuffer collects log output from concurrent senders.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newSender opens a sender to sink's URL and closes it with the test.
func newSender(t testing.TB, sink *smtpsink.Sink, opts mail.Options) mail.Sender {
	t.Helper()
	return newSenderURL(t, sink.URL(), sink, opts)
}

func newSenderURL(t testing.TB, url string, sink *smtpsink.Sink, opts mail.Options) mail.Sender {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = quietLogger()
	}
	if opts.TLSConfig == nil && sink != nil {
		opts.TLSConfig = sink.ClientTLSConfig()
	}
	s, err := mail.New(url, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// digest is a typical digest message; to defaults to ada@example.org.
func digest(to string) *mail.Message {
	if to == "" {
		to = "Ada Lovelace <ada@example.org>"
	}
	return &mail.Message{
		From:    "Flashback <digest@flashback.example>",
		To:      to,
		Subject: "Flashback to 31 January — 3 events",
		Text:    "On this day in 1929: Leon Trotsky is exiled.\n",
		HTML:    "<p>On this day in <b>1929</b>: Leon Trotsky is exiled.</p>",
		Headers: map[string]string{
			"List-Id":               "Flashback daily <daily.flashback.example>",
			"List-Unsubscribe":      "<https://flashback.example/unsubscribe/tok123>",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
			"Auto-Submitted":        "auto-generated",
		},
	}
}

func send(t *testing.T, s mail.Sender, m *mail.Message) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Send(ctx, m); err != nil {
		t.Fatalf("Send: %v", err)
	}
}

// parts decodes the body of a received message into content type → text.
func parts(t *testing.T, data []byte) map[string]string {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse message: %v", err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type: %v", err)
	}
	out := map[string]string{}
	if !strings.HasPrefix(mediaType, "multipart/") {
		out[mediaType] = readAll(t, msg.Body)
		return out
	}
	out[mediaType] = ""
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("next part: %v", err)
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		out[ct] = readAll(t, p)
	}
}

func readAll(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(b)
}

func newDebugLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
