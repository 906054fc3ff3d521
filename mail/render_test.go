package mail_test

import (
	"bytes"
	"context"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/mail"
)

func TestRenderFillsDefaults(t *testing.T) {
	m := digest("")
	before := time.Now().Truncate(time.Second)
	raw, err := mail.Render(m)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("Render output does not parse: %v", err)
	}
	if !strings.HasPrefix(m.MessageID, "<") || !strings.HasSuffix(m.MessageID, "@flashback.example>") {
		t.Errorf("generated Message-ID %q, want <random@flashback.example>", m.MessageID)
	}
	if got := msg.Header.Get("Message-ID"); got != m.MessageID {
		t.Errorf("header Message-ID %q, written back %q", got, m.MessageID)
	}
	if m.Date.Before(before) {
		t.Errorf("Date = %v, want now", m.Date)
	}
	if !bytes.Contains(raw, []byte("\r\n\r\n")) || bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("lines must end in CRLF")
	}

	// A second render of the same message keeps the identity it was given.
	id := m.MessageID
	if _, err := mail.Render(m); err != nil || m.MessageID != id {
		t.Errorf("re-render changed Message-ID %q → %q (%v)", id, m.MessageID, err)
	}
}

func TestRenderKeepsGivenIdentity(t *testing.T) {
	m := digest("")
	m.MessageID = "<digest-2026-01-31-42@flashback.example>"
	m.Date = time.Date(2026, 1, 31, 6, 0, 0, 0, time.UTC)
	raw, err := mail.Render(m)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := netmail.ReadMessage(bytes.NewReader(raw))
	if got := msg.Header.Get("Message-ID"); got != m.MessageID {
		t.Errorf("Message-ID = %q, want %q", got, m.MessageID)
	}
	if got := msg.Header.Get("Date"); got != "Sat, 31 Jan 2026 06:00:00 +0000" {
		t.Errorf("Date = %q", got)
	}
}

func TestRenderRejectsInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *mail.Message)
	}{
		{"MissingFrom", func(m *mail.Message) { m.From = "" }},
		{"BadTo", func(m *mail.Message) { m.To = "not an address" }},
		{"NoBody", func(m *mail.Message) { m.Text, m.HTML = "", "" }},
		{"HeaderValueInjection", func(m *mail.Message) { m.Headers["List-Id"] = "x\nBcc: victim@example.org" }},
		{"HeaderNameWithColon", func(m *mail.Message) { m.Headers["X-Bad:"] = "v" }},
		{"ReservedHeader", func(m *mail.Message) { m.Headers["content-type"] = "text/evil" }},
		{"MalformedMessageID", func(m *mail.Message) { m.MessageID = "<no-domain>" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := digest("")
			tc.change(m)
			_, err := mail.Render(m)
			if flashback.ErrorCode(err) != flashback.EINVALID {
				t.Fatalf("Render = %v, want EINVALID", err)
			}
			if mail.IsTemporary(err) || mail.IsPermanent(err) {
				t.Errorf("an invalid message is neither a bounce nor worth a retry: %v", err)
			}
		})
	}
}

func TestOutbox(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox")
	var logs syncBuffer
	s, err := mail.New("outbox:"+dir, mail.Options{Logger: newDebugLogger(&logs)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	first, second := digest(""), digest("grace@example.org")
	for _, m := range []*mail.Message{first, second} {
		if err := s.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".eml") || strings.HasPrefix(e.Name(), ".tmp") {
			t.Errorf("unexpected file %s (temporary files must be renamed away)", e.Name())
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		msg, err := netmail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s does not parse: %v", e.Name(), err)
		}
		ids[msg.Header.Get("Message-ID")] = true
		if !strings.Contains(logs.String(), "file="+filepath.Join(dir, e.Name())) {
			t.Errorf("no log line names %s:\n%s", e.Name(), logs.String())
		}
	}
	if len(entries) != 2 || !ids[first.MessageID] || !ids[second.MessageID] {
		t.Errorf("outbox holds %d files with ids %v, want both messages", len(entries), ids)
	}
	if !strings.Contains(logs.String(), "to=grace@example.org") || !strings.Contains(logs.String(), "subject=") {
		t.Errorf("log lacks recipient or subject:\n%s", logs.String())
	}
	// Above debug, no address: what the privacy page promises of the log.
	for _, line := range strings.Split(logs.String(), "\n") {
		if !strings.Contains(line, "level=DEBUG") && strings.Contains(line, "@example.org") {
			t.Errorf("a log line above debug names an address: %s", line)
		}
	}
}

func TestEmptyURLUsesOutboxDir(t *testing.T) {
	dir := t.TempDir()
	s, err := mail.New("", mail.Options{OutboxDir: dir, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), digest("")); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.eml")); len(files) != 1 {
		t.Errorf("files in outbox = %v, want one .eml", files)
	}
}
