// Package smtpsink is a real SMTP server that keeps what it receives, for
// tests and benchmarks of the mail package. It speaks SMTP through
// github.com/emersion/go-smtp, so the client under test talks to a genuine
// protocol peer on the loopback interface rather than to a mock.
package smtpsink

import (
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/mail"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Options configures a Sink. The zero value is a plain SMTP server on a
// free loopback port that keeps every message.
type Options struct {
	// Addr to listen on; "127.0.0.1:0" when empty.
	Addr string
	// CountOnly discards message bodies and only counts messages and bytes,
	// so that long benchmarks do not grow the heap.
	CountOnly bool
	// CountRecipients keeps how many messages each recipient got and the
	// Message-ID of their first, so that Stats can tell repeats from first
	// deliveries and a repeat of the same message from a second message
	// (a benchmark's check that no digest went out twice and none was
	// lost). Counts answers for given recipients.
	CountRecipients bool
	// STARTTLS offers STARTTLS with a freshly generated self-signed
	// certificate; ClientTLSConfig returns a configuration that trusts it.
	STARTTLS bool
	// ImplicitTLS serves TLS from the first byte (smtps).
	ImplicitTLS bool
	// Username and Password, when set, make AUTH PLAIN mandatory before MAIL.
	Username, Password string
	// ErrorLog receives go-smtp's connection errors; discarded when nil.
	ErrorLog io.Writer
}

// Received is one message as the sink accepted it.
type Received struct {
	From   string
	To     []string
	Data   []byte
	Header mail.Header
	TLS    bool // the message arrived over TLS (STARTTLS or implicit)
	// Helo is the name the client gave in its EHLO or HELO.
	Helo string
	// messageID is read from the header when the body is not kept.
	messageID string
}

// Stats are running totals, kept even in CountOnly mode.
type Stats struct {
	Connections int64 // SMTP sessions (one per connection that said EHLO/HELO)
	Messages    int64 // messages accepted
	Bytes       int64 // bytes of accepted messages
	Rejected    int64 // commands refused by the Reject hook
	// With Options.CountRecipients: the distinct recipients, and the
	// messages to a recipient that had already got one; NewIDs counts the
	// repeats whose Message-ID differs from the recipient's first message.
	Recipients, Repeats, NewIDs int64
}

// RejectFunc decides whether a recipient is refused. It is called for each
// RCPT TO with the envelope sender and the recipients so far, the new one
// last; a non-nil error is sent to the client as the reply.
type RejectFunc func(from string, to []string) *smtp.SMTPError

// Sink is a running SMTP server.
type Sink struct {
	opts      Options
	srv       *smtp.Server
	ln        net.Listener
	clientTLS *tls.Config
	served    chan struct{}

	connections, messages, bytes, rejected atomic.Int64

	mu      sync.Mutex
	msgs    []Received
	changed chan struct{}        // closed and replaced whenever msgs grows
	perRcpt map[string]rcptCount // with CountRecipients
	reject  RejectFunc
	delay   time.Duration
	closed  chan struct{}
}

// Start listens and serves until Close.
func Start(opts Options) (*Sink, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	s := &Sink{
		opts:    opts,
		served:  make(chan struct{}),
		changed: make(chan struct{}),
		closed:  make(chan struct{}),
		perRcpt: map[string]rcptCount{},
	}
	s.srv = s.newServer()
	if opts.STARTTLS || opts.ImplicitTLS {
		server, client, err := selfSignedTLS()
		if err != nil {
			return nil, err
		}
		s.srv.TLSConfig, s.clientTLS = server, client
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("smtpsink: listen: %w", err)
	}
	if opts.ImplicitTLS {
		ln = tls.NewListener(ln, s.srv.TLSConfig)
	}
	s.ln = ln
	go func() {
		defer close(s.served)
		_ = s.srv.Serve(ln) // returns once Close stops the listener
	}()
	return s, nil
}

// StartT starts a sink for a test or benchmark and closes it when tb ends.
func StartT(tb testing.TB, opts Options) *Sink {
	tb.Helper()
	s, err := Start(opts)
	if err != nil {
		tb.Fatalf("smtpsink: %v", err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

func (s *Sink) newServer() *smtp.Server {
	srv := smtp.NewServer(smtp.BackendFunc(s.newSession))
	srv.Domain = "sink.localhost"
	srv.AllowInsecureAuth = true // loopback only: credentials never leave the machine
	srv.MaxMessageBytes = 32 << 20
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	w := s.opts.ErrorLog
	if w == nil {
		w = io.Discard
	}
	srv.ErrorLog = log.New(w, "smtpsink ", log.LstdFlags)
	return srv
}

// Addr is the host:port the sink listens on.
func (s *Sink) Addr() string { return s.ln.Addr().String() }

// URL is an address for mail.New: smtp:// or smtps://, with the
// credentials when the sink requires them.
func (s *Sink) URL() string {
	u := url.URL{Scheme: "smtp", Host: s.Addr()}
	if s.opts.ImplicitTLS {
		u.Scheme = "smtps"
	}
	if s.opts.Username != "" {
		u.User = url.UserPassword(s.opts.Username, s.opts.Password)
	}
	return u.String()
}

// ClientTLSConfig trusts the sink's certificate; nil without TLS.
func (s *Sink) ClientTLSConfig() *tls.Config {
	if s.clientTLS == nil {
		return nil
	}
	return s.clientTLS.Clone()
}

// Messages returns a copy of what has been accepted so far.
func (s *Sink) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// WaitFor waits until at least n messages have been accepted.
func (s *Sink) WaitFor(n int, timeout time.Duration) ([]Received, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		got, changed := len(s.msgs), s.changed
		if got >= n {
			msgs := append([]Received(nil), s.msgs...)
			s.mu.Unlock()
			return msgs, nil
		}
		s.mu.Unlock()
		select {
		case <-changed:
		case <-timer.C:
			return s.Messages(), fmt.Errorf("smtpsink: %d of %d messages after %v", got, n, timeout)
		}
	}
}

// Reject installs (or, with nil, removes) a hook that refuses recipients.
func (s *Sink) Reject(fn RejectFunc) {
	s.mu.Lock()
	s.reject = fn
	s.mu.Unlock()
}

// SetDelay holds the reply to the end of DATA for d, to simulate a server
// that stalls mid-transaction.
func (s *Sink) SetDelay(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

// Stats returns the running totals.
func (s *Sink) Stats() Stats {
	st := Stats{
		Connections: s.connections.Load(),
		Messages:    s.messages.Load(),
		Bytes:       s.bytes.Load(),
		Rejected:    s.rejected.Load(),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.perRcpt {
		st.Recipients++
		st.Repeats += int64(c.n - 1)
		st.NewIDs += int64(c.newIDs)
	}
	return st
}

// Counts returns how many messages each of to got, with CountRecipients.
func (s *Sink) Counts(to []string) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]int, len(to))
	for i, addr := range to {
		out[i] = int(s.perRcpt[addr].n)
	}
	return out
}

// Repeated returns, with CountRecipients, every recipient that got more
// than one message and who sent each of them, in the order they arrived:
// the EHLO name of each one's connection. A sender that names each of its
// runs in its EHLO can so tell which run sent a copy that came again.
func (s *Sink) Repeated() map[string][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][]string{}
	for addr, c := range s.perRcpt {
		if c.n > 1 {
			out[addr] = slices.Clone(c.senders)
		}
	}
	return out
}

// rcptCount is what the sink keeps of one recipient with CountRecipients.
type rcptCount struct {
	n, newIDs int32
	firstID   string
	senders   []string // each message's Received.Helo, as they arrived
}

// Close stops listening, drops open connections and waits for the server.
func (s *Sink) Close() error {
	s.mu.Lock()
	select {
	case <-s.closed:
		s.mu.Unlock()
		return nil
	default:
		close(s.closed)
	}
	s.mu.Unlock()
	err := s.srv.Close()
	// Serve may not have registered the listener yet, in which case
	// srv.Close missed it: close it here too so that Serve returns.
	_ = s.ln.Close()
	<-s.served
	if errors.Is(err, smtp.ErrServerClosed) || errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// accept records a message that a session finished receiving.
func (s *Sink) accept(rec Received, size int64) error {
	if !s.opts.CountOnly {
		msg, err := mail.ReadMessage(bytes.NewReader(rec.Data))
		if err != nil {
			// Malformed output is a bug in the sender under test: say so loudly.
			return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0},
				Message: "malformed message: " + err.Error()}
		}
		rec.Header = msg.Header
	}
	s.messages.Add(1)
	s.bytes.Add(size)
	if s.opts.CountRecipients {
		id := rec.messageID
		if rec.Header != nil {
			id = rec.Header.Get("Message-Id")
		}
		s.count(rec.To, id, rec.Helo)
	}
	if s.opts.CountOnly {
		return nil
	}
	s.mu.Lock()
	s.msgs = append(s.msgs, rec)
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
	return nil
}

func (s *Sink) count(to []string, messageID, helo string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, addr := range to {
		c := s.perRcpt[addr]
		switch {
		case c.n == 0:
			c.firstID = messageID
		case messageID != c.firstID:
			c.newIDs++
		}
		c.n++
		c.senders = append(c.senders, helo)
		s.perRcpt[addr] = c
	}
}

func (s *Sink) rejectHook() RejectFunc {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reject
}

// stall waits out the configured delay, or less if the sink closes.
func (s *Sink) stall() {
	s.mu.Lock()
	d := s.delay
	s.mu.Unlock()
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.closed:
	}
}
