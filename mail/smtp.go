package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	netmail "net/mail"
	"net/textproto"
	"net/url"
	"strconv"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"

	"flashback"
)

// ErrClosed is returned by Send after Close.
var ErrClosed = errors.New("mail: sender is closed")

var _ TemplateSender = (*smtpSender)(nil)

// smtpSender delivers through a pool of SMTP connections.
type smtpSender struct {
	client  *gomail.Client // holds the dial, TLS and AUTH settings; never Send through it
	addr    string
	timeout time.Duration
	log     *slog.Logger
	r       *renderer
	obs     SendObserver // may be nil

	implicitTLS bool
	tlsConfig   *tls.Config

	pool *pool
	// bufs are buffers to render copies in (*bytes.Buffer): a message is
	// done with once sent, and reusing its buffer spares the collector
	// most of what a send allocates.
	bufs sync.Pool
}

// rawConnKey carries a *net.Conn slot through go-mail's dial so that we
// learn the TCP connection it opened (see dialRaw).
type rawConnKey struct{}

func newSMTPSender(u *url.URL, opts Options, r *renderer) (*smtpSender, error) {
	s := &smtpSender{timeout: opts.Timeout, log: opts.Logger, r: r, obs: opts.Observer}
	port := 587
	switch u.Scheme {
	case "smtp":
	case "smtps":
		s.implicitTLS, port = true, 465
	default:
		return nil, flashback.Errorf(flashback.EINVALID,
			"mail: unsupported URL scheme %q (want smtp, smtps or outbox)", u.Scheme)
	}
	host := u.Hostname()
	if host == "" {
		return nil, flashback.Errorf(flashback.EINVALID, "mail: SMTP URL has no host")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, flashback.Errorf(flashback.EINVALID, "mail: SMTP URL has an invalid port")
		}
		port = n
	}
	s.addr = net.JoinHostPort(host, strconv.Itoa(port))
	s.tlsConfig = clientTLS(opts.TLSConfig, host)

	client, err := gomail.NewClient(host, s.clientOptions(u, port, opts)...)
	if err != nil {
		return nil, flashback.Errorf(flashback.EINVALID, "mail: SMTP client: %v", err)
	}
	s.client = client
	s.pool = newPool(opts.Pool)
	return s, nil
}

func (s *smtpSender) clientOptions(u *url.URL, port int, opts Options) []gomail.Option {
	o := []gomail.Option{
		gomail.WithPort(port),
		gomail.WithTimeout(opts.Timeout),
		// Explicit port, so not WithTLSPortPolicy: that one switches ports.
		gomail.WithTLSPolicy(gomail.TLSOpportunistic),
		gomail.WithTLSConfig(s.tlsConfig),
		gomail.WithDialContextFunc(s.dialRaw),
	}
	if opts.HELO != "" {
		o = append(o, gomail.WithHELO(opts.HELO))
	}
	if u.User != nil {
		pass, _ := u.User.Password()
		// go-mail's discovery refuses PLAIN and LOGIN without TLS; on
		// loopback the password never leaves the machine, so allow PLAIN.
		auth := gomail.SMTPAuthAutoDiscover
		if isLoopback(u.Hostname()) {
			auth = gomail.SMTPAuthPlainNoEnc
		}
		o = append(o, gomail.WithUsername(u.User.Username()), gomail.WithPassword(pass),
			gomail.WithSMTPAuth(auth))
	}
	return o
}

func clientTLS(base *tls.Config, host string) *tls.Config {
	c := &tls.Config{MinVersion: tls.VersionTLS12}
	if base != nil {
		c = base.Clone()
	}
	if c.ServerName == "" {
		c.ServerName = host
	}
	return c
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// dialRaw opens the TCP connection (and the TLS session for smtps) for
// go-mail, and hands the TCP connection back through the context: go-mail
// neither closes it when EHLO, STARTTLS or AUTH fail nor exposes it, and we
// need it to abort a transaction when the caller's context ends.
func (s *smtpSender) dialRaw(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	raw, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	conn := raw
	if s.implicitTLS {
		tc := tls.Client(raw, s.tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			_ = raw.Close()
			return nil, err
		}
		conn = tc
	}
	if slot, ok := ctx.Value(rawConnKey{}).(*net.Conn); ok {
		*slot = raw
	}
	return conn, nil
}

func (s *smtpSender) dial(ctx context.Context) (*conn, error) {
	var raw net.Conn
	client, err := s.client.DialToSMTPClientWithContext(context.WithValue(ctx, rawConnKey{}, &raw))
	if err != nil {
		if raw != nil {
			_ = raw.Close()
		}
		return nil, classify(stageDial, err)
	}
	_, encrypted := client.TLSConnectionState()
	s.log.Debug("smtp connected", "addr", s.addr, "tls", encrypted || s.implicitTLS)
	return &conn{c: client, raw: raw, lastUsed: time.Now()}, nil
}

// Send renders m and delivers it over a pooled connection.
func (s *smtpSender) Send(ctx context.Context, m *Message) error {
	if err := ctx.Err(); err != nil {
		// Checked first: a cancelled transaction would cost a pooled connection.
		return classify(stageDial, err)
	}
	raw, env, err := s.r.render(m)
	if err != nil {
		return err
	}
	return s.sendRaw(ctx, raw, env, m.MessageID, m.Receipt)
}

// SendCopy renders one copy of t and delivers it like Send.
func (s *smtpSender) SendCopy(ctx context.Context, t *Template, c *Copy) error {
	if err := ctx.Err(); err != nil {
		return classify(stageDial, err)
	}
	b, _ := s.bufs.Get().(*bytes.Buffer)
	if b == nil {
		b = new(bytes.Buffer)
	}
	defer func() {
		// As for a connection's buffer, a rare large message should not
		// stay pinned.
		if b.Cap() <= maxKeptBuffer {
			s.bufs.Put(b)
		}
	}()
	raw, env, err := s.r.renderCopy(b, t, c)
	if err != nil {
		return err
	}
	return s.sendRaw(ctx, raw, env, c.MessageID, c.Receipt)
}

func (s *smtpSender) sendRaw(ctx context.Context, raw []byte, env envelope, messageID string, r *Receipt) error {
	start := time.Now()
	sl, err := s.pool.acquire(ctx)
	if err != nil {
		return err
	}
	began := time.Now()
	err = s.deliver(ctx, sl, env, raw)
	if err == nil {
		// Accepted: the next message over this slot waits for r.
		sl.prev = r
	}
	s.pool.release(sl)
	if s.obs != nil {
		s.obs.ObserveSend(time.Since(began), err)
	}
	if err != nil {
		s.log.Debug("mail failed", "to", env.to, "message_id", messageID, "err", err)
		return err
	}
	s.log.Debug("mail sent", "to", env.to, "message_id", messageID,
		"bytes", len(raw), "duration", time.Since(start))
	return nil
}

// deliver sends over the slot's connection, or a new one when it has none.
// A pooled connection that the server has meanwhile dropped fails before
// it accepts anything, so that case alone is retried once on a fresh
// connection. The slot keeps only a connection fit for reuse.
func (s *smtpSender) deliver(ctx context.Context, sl *slot, env envelope, raw []byte) error {
	if sl.c != nil {
		retry, err := s.transact(ctx, sl, env, raw)
		if !sl.c.broken {
			return err
		}
		sl.c.abort()
		sl.c = nil
		if !retry {
			return err
		}
	}
	c, err := s.dial(ctx)
	if err != nil {
		return err
	}
	sl.c = c
	if _, err = s.transact(ctx, sl, env, raw); c.broken {
		c.abort()
		sl.c = nil
	}
	return err
}

// transact runs MAIL, RCPT and DATA over the slot's connection, each under
// its own deadline. retry reports a failure that left nothing half-done on
// the server.
func (s *smtpSender) transact(ctx context.Context, sl *slot, env envelope, raw []byte) (retry bool, err error) {
	c := sl.c
	// Closing the socket is the only way to interrupt a blocked read.
	stop := context.AfterFunc(ctx, func() { _ = c.raw.Close() })
	defer stop()

	gate := func() error { return sl.gate(ctx, s.timeout) }
	var st stage
	if crlfLines(raw) {
		st, err = c.envelope(s.timeout, env)
		if err == nil {
			err = c.body(s.timeout, raw, sl.settled, gate)
		}
	} else {
		st = stageMail
		err = c.step(s.timeout, func() error { return c.c.Mail(bracket(env.from)) })
		if err == nil {
			st = stageRcpt
			err = c.step(s.timeout, func() error { return c.c.Rcpt(bracket(env.to)) })
		}
		if err == nil {
			st = stageData
			err = c.step(s.timeout, func() error { return c.dataGeneral(s.timeout, raw, gate) })
		}
	}
	if err == nil {
		c.lastUsed = time.Now()
		return false, nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		c.broken = true
		return false, classify(st, ctxErr)
	}
	var te *textproto.Error
	replied := errors.As(err, &te)
	c.broken = !replied || te.Code == 421 // 421: the server is closing the channel
	if !c.broken {
		// The server refused but the session is intact: clear the
		// transaction so the connection can carry the next message.
		c.broken = c.step(s.timeout, c.c.Reset) != nil
	}
	return st == stageMail && c.broken, classify(st, err)
}

func bracket(addr string) string { return (&netmail.Address{Address: addr}).String() }
