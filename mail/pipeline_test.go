package mail_test

import (
	"bufio"
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"

	"flashback/mail"
)

// scriptedServer is a small SMTP server whose behaviour around
// PIPELINING (RFC 2920) the tests choose: whether it offers the
// extension, and whether it wrongly says 354 after refusing the only
// recipient. It notes when a command arrived while an earlier one was
// still unanswered, which a client may do only when the extension is
// offered. The sink (go-smtp) always offers it, hence this server.
type scriptedServer struct {
	pipelining  bool
	dataAnyway  bool   // 354 even with no accepted recipient
	refuseRcpt  string // a recipient refused with 550
	mu          sync.Mutex
	early       int // commands that came before the previous reply
	accepted    int // messages accepted
	transcripts []string
}

func (s *scriptedServer) start(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return "smtp://" + ln.Addr().String()
}

func (s *scriptedServer) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	w := bufio.NewWriter(c)
	reply := func(lines ...string) {
		for _, l := range lines {
			w.WriteString(l + "\r\n")
		}
		w.Flush()
	}
	reply("220 scripted ESMTP")
	rcpts := 0
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		s.mu.Lock()
		s.transcripts = append(s.transcripts, cmd)
		// Bytes already waiting behind a command mean the client did not
		// wait for this reply.
		if r.Buffered() > 0 {
			s.early++
		}
		s.mu.Unlock()
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			if s.pipelining {
				reply("250-scripted", "250-PIPELINING", "250 8BITMIME")
			} else {
				reply("250-scripted", "250 8BITMIME")
			}
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			rcpts = 0
			reply("250 2.1.0 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			if s.refuseRcpt != "" && strings.Contains(cmd, strings.ToUpper(s.refuseRcpt)) {
				reply("550 5.1.1 no such user")
				continue
			}
			rcpts++
			reply("250 2.1.5 ok")
		case cmd == "DATA":
			if rcpts == 0 && !s.dataAnyway {
				reply("554 5.5.1 no valid recipients")
				continue
			}
			reply("354 go ahead")
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
			}
			if rcpts == 0 {
				reply("554 5.5.1 no valid recipients")
				continue
			}
			s.mu.Lock()
			s.accepted++
			s.mu.Unlock()
			reply("250 2.0.0 queued")
		case cmd == "RSET":
			rcpts = 0
			reply("250 2.0.0 ok")
		case cmd == "QUIT":
			reply("221 2.0.0 bye")
			return
		default:
			reply("502 5.5.2 unknown command")
		}
	}
}

func (s *scriptedServer) counts() (early, accepted int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.early, s.accepted
}

func TestPipelining(t *testing.T) {
	tests := []struct {
		name       string
		server     *scriptedServer
		wantEarly  bool // the client pipelined
		refusedRcp bool // the first message goes to a refused recipient
	}{
		{name: "ServerWithoutPipeliningGetsOneCommandAtATime", server: &scriptedServer{}},
		{name: "ServerWithPipeliningGetsTheEnvelopeInOneWrite", server: &scriptedServer{pipelining: true}, wantEarly: true},
		{name: "RefusedRecipientKeepsTheSessionInStep",
			server:    &scriptedServer{pipelining: true, refuseRcpt: "gone@example.org"},
			wantEarly: true, refusedRcp: true},
		{name: "DataAcceptedAfterARefusalIsEndedEmpty",
			server:    &scriptedServer{pipelining: true, refuseRcpt: "gone@example.org", dataAnyway: true},
			wantEarly: true, refusedRcp: true},
		{name: "RefusalWithoutPipelining",
			server:     &scriptedServer{refuseRcpt: "gone@example.org"},
			refusedRcp: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := tc.server
			s := newSenderURL(t, srv.start(t), nil, mail.Options{Pool: 1})
			ctx := context.Background()
			want := 0
			if tc.refusedRcp {
				err := s.Send(ctx, digest("gone@example.org"))
				var se *mail.SendError
				if !errors.As(err, &se) || se.Code != 550 || !mail.IsPermanent(err) {
					t.Fatalf("Send to a refused recipient = %v, want a permanent 550", err)
				}
			}
			// Then messages that go through, over the same connection.
			for range 3 {
				if err := s.Send(ctx, digest("")); err != nil {
					t.Fatalf("Send: %v (server saw %q)", err, srv.transcripts)
				}
				want++
			}
			early, accepted := srv.counts()
			if accepted != want {
				t.Errorf("server accepted %d messages, want %d", accepted, want)
			}
			if tc.wantEarly && early == 0 {
				t.Errorf("no command arrived ahead of a reply: the client did not pipeline")
			}
			if !tc.wantEarly && early != 0 {
				t.Errorf("%d commands arrived ahead of their reply from a server without PIPELINING", early)
			}
		})
	}
}
