package mail_test

import (
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"flashback"
	"flashback/mail"
	"flashback/mail/smtpsink"
)

func TestRejections(t *testing.T) {
	greylist := &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "greylisted"}
	unknown := &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	tests := []struct {
		name          string
		reject        smtpsink.RejectFunc
		wantCode      int
		wantEnhanced  string
		wantTemporary bool
	}{
		{"TemporaryIsRetried", func(string, []string) *smtp.SMTPError { return greylist },
			451, "4.7.1", true},
		{"UnknownUserIsPermanent", func(_ string, to []string) *smtp.SMTPError {
			if to[len(to)-1] == "gone@example.org" {
				return unknown
			}
			return nil
		}, 550, "5.1.1", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sink := smtpsink.StartT(t, smtpsink.Options{})
			sink.Reject(tc.reject)
			s := newSender(t, sink, mail.Options{Pool: 1})

			err := s.Send(context.Background(), digest("gone@example.org"))
			var se *mail.SendError
			if !errors.As(err, &se) {
				t.Fatalf("Send = %v, want a *SendError", err)
			}
			if se.Code != tc.wantCode || se.Enhanced != tc.wantEnhanced || se.Temporary != tc.wantTemporary {
				t.Errorf("got code=%d enhanced=%q temporary=%v, want %d %q %v",
					se.Code, se.Enhanced, se.Temporary, tc.wantCode, tc.wantEnhanced, tc.wantTemporary)
			}
			if mail.IsTemporary(err) != tc.wantTemporary || mail.IsPermanent(err) == tc.wantTemporary {
				t.Errorf("IsTemporary=%v IsPermanent=%v for %v", mail.IsTemporary(err), mail.IsPermanent(err), err)
			}

			// A refusal leaves the session usable for the next message.
			sink.Reject(nil)
			send(t, s, digest(""))
			if st := sink.Stats(); st.Messages != 1 || st.Connections != 1 || st.Rejected != 1 {
				t.Errorf("stats = %+v, want 1 message, 1 connection, 1 rejection", st)
			}
		})
	}
}

// stallingServer accepts connections and never says a word: a server that
// hangs before its greeting. A bare listener is the real thing here; the
// sink always greets.
func stallingServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				_ = c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				<-done
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() { close(done); _ = ln.Close() })
	return "smtp://" + ln.Addr().String()
}

func TestTimeouts(t *testing.T) {
	const timeout = 300 * time.Millisecond
	t.Run("SilentServer", func(t *testing.T) {
		s := newSenderURL(t, stallingServer(t), nil, mail.Options{Timeout: timeout})
		checkTimeout(t, s, context.Background(), timeout, os.ErrDeadlineExceeded)
	})
	t.Run("StallAfterData", func(t *testing.T) {
		sink := smtpsink.StartT(t, smtpsink.Options{})
		sink.SetDelay(10 * time.Second)
		s := newSender(t, sink, mail.Options{Timeout: timeout})
		checkTimeout(t, s, context.Background(), timeout, os.ErrDeadlineExceeded)
	})
	t.Run("ContextDeadline", func(t *testing.T) {
		sink := smtpsink.StartT(t, smtpsink.Options{})
		sink.SetDelay(10 * time.Second)
		s := newSender(t, sink, mail.Options{Timeout: time.Minute})
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		checkTimeout(t, s, ctx, timeout, context.DeadlineExceeded)
	})
}

func checkTimeout(t *testing.T, s mail.Sender, ctx context.Context, limit time.Duration, want error) {
	t.Helper()
	start := time.Now()
	err := s.Send(ctx, digest(""))
	elapsed := time.Since(start)
	t.Logf("err after %v: %v", elapsed, err)
	if !errors.Is(err, want) {
		t.Errorf("Send = %v, want %v", err, want)
	}
	if !mail.IsTemporary(err) {
		t.Errorf("IsTemporary(%v) = false", err)
	}
	// One step may use the whole limit; allow slack for a busy machine.
	if elapsed > 3*limit+500*time.Millisecond {
		t.Errorf("Send took %v, want about %v", elapsed, limit)
	}
}

func TestSenderErrorsHidePassword(t *testing.T) {
	const secret = "s3cr3t-Pa55"
	sink := smtpsink.StartT(t, smtpsink.Options{Username: "digest", Password: "right-one"})
	tests := []struct {
		name string
		url  string
	}{
		{"WrongPassword", "smtp://digest:" + secret + "@" + sink.Addr()},
		{"ConnectionRefused", "smtp://digest:" + secret + "@127.0.0.1:1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var logs syncBuffer
			s := newSenderURL(t, tc.url, sink, mail.Options{
				Timeout: 2 * time.Second,
				Logger:  newDebugLogger(&logs),
			})
			err := s.Send(context.Background(), digest(""))
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if !mail.IsTemporary(err) || mail.IsPermanent(err) {
				t.Errorf("%v: want temporary (our configuration, not the recipient's fault)", err)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(logs.String(), secret) {
				t.Errorf("password leaked: err=%q logs=%q", err, logs.String())
			}
		})
	}
}

func TestNewRejectsBadURLs(t *testing.T) {
	const secret = "s3cr3t-Pa55"
	tests := []struct {
		name string
		url  string
	}{
		{"BadPort", "smtp://u:" + secret + "@mail.example:notaport"},
		{"PortOutOfRange", "smtp://u:" + secret + "@mail.example:70000"},
		{"UnknownScheme", "imap://u:" + secret + "@mail.example:143"},
		{"NoHost", "smtp://u:" + secret + "@:25"},
		{"ControlCharacter", "smtp://u:" + secret + "@mail.example:25/\x7f"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := mail.New(tc.url, mail.Options{Logger: quietLogger()})
			if flashback.ErrorCode(err) != flashback.EINVALID {
				t.Fatalf("New = %v, want EINVALID", err)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q contains the password", err)
			}
		})
	}
}
