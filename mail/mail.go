// Package mail sends Flashback's e-mail: confirmation messages and the daily
// digest. A Sender is either a pooled SMTP client (smtp:// or smtps://) or
// an outbox that writes .eml files, for machines without a mail server.
//
// Messages are built with github.com/wneessen/go-mail, whose SMTP client
// also dials, negotiates STARTTLS and authenticates. DKIM signatures come
// from github.com/emersion/go-msgauth: go-mail v0.8.1's signer hard-wraps
// a long h= tag inside a header name, which relaxed canonicalization turns
// into a space, so its signatures over our eight fields do not verify. The mail
// transaction itself (MAIL, RCPT, DATA) is driven here on go-mail's
// smtp.Client, so that every step has its own deadline, a connection is
// reused without a NOOP before and a RSET after each message, and the
// server's reply reaches the caller as a classified SendError.
//
// Bulk mail has a faster path: a Template encodes a message's fields and
// bodies once, and SendCopy (TemplateSender) sends each recipient's Copy
// with only its address, identity and links filled in. Both paths sign
// with DKIM when configured.
package mail

import (
	"context"
	"crypto/tls"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"flashback"
)

// Message is one e-mail to one recipient.
type Message struct {
	From, To   string // addresses; either may carry a display name
	Subject    string
	Text, HTML string // multipart/alternative when both are set
	// MessageID is generated when empty, as <random@domain-of-From>, and
	// written back so that the caller can record it.
	MessageID string
	// Date is the send time when zero, and is written back too.
	Date time.Time
	// Receipt, when set, is settled by the caller once it has recorded
	// that the message went out; see Receipt. The outbox ignores it.
	Receipt *Receipt
	// Headers are extra fields: List-Id, List-Unsubscribe,
	// List-Unsubscribe-Post, Auto-Submitted, … They may not replace the
	// fields that the fields above produce.
	Headers map[string]string
}

// Sender delivers messages. Implementations are safe for concurrent use.
type Sender interface {
	Send(ctx context.Context, m *Message) error
	Close() error
}

// Options tunes a Sender; the zero value is usable.
type Options struct {
	// Timeout bounds each step: the dial (connect, greeting, EHLO,
	// STARTTLS, AUTH) and each command of a mail transaction. Default 30s.
	Timeout time.Duration
	// Pool is the number of SMTP connections kept open and reused, which
	// is also how many Sends run at once; more wait for a free connection.
	// Default 4.
	Pool int
	// Logger receives one line per message (debug for SMTP, info for the
	// outbox); slog.Default() when nil.
	Logger *slog.Logger
	// DKIM signs every message when set.
	DKIM *DKIMOptions
	// TLSConfig replaces the default for STARTTLS and smtps (tests pass
	// one that trusts their own certificate).
	TLSConfig *tls.Config
	// HELO is the name given in EHLO; the machine's host name when empty.
	HELO string
	// OutboxDir is where an empty URL writes messages; "outbox" when empty.
	OutboxDir string
	// Observer, when set, is told how long each SMTP delivery took.
	Observer SendObserver
}

// SendObserver is told of every message an SMTP sender tried to deliver:
// how long the SMTP exchange took (a dial when needed, MAIL, RCPT, DATA;
// not the wait for a free connection) and how it ended.
type SendObserver interface {
	ObserveSend(took time.Duration, err error)
}

// DKIMOptions are the signing domain, selector and private key (PEM, RSA
// PKCS#1/PKCS#8 or Ed25519 PKCS#8). The public key must be published at
// selector._domainkey.domain.
type DKIMOptions struct {
	Domain, Selector string
	PrivateKeyPEM    []byte
}

const (
	defaultTimeout = 30 * time.Second
	defaultPool    = 4
)

// New returns the Sender for rawURL:
//
//	smtp://[user:pass@]host[:port]   STARTTLS when offered (port 587 by default)
//	smtps://[user:pass@]host[:port]  TLS from the first byte (port 465 by default)
//	outbox:DIR, or ""                .eml files in DIR (Options.OutboxDir for "")
//
// Credentials are sent only over TLS, except to a loopback host.
func New(rawURL string, opts Options) (Sender, error) {
	opts = opts.withDefaults()
	r, err := newRenderer(opts.DKIM)
	if err != nil {
		return nil, err
	}
	switch {
	case rawURL == "":
		return newOutbox(opts.OutboxDir, r, opts.Logger)
	case strings.HasPrefix(rawURL, "outbox:"):
		return newOutbox(strings.TrimPrefix(rawURL, "outbox:"), r, opts.Logger)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Error repeats the whole URL, password included: keep only
		// the reason.
		reason := "malformed"
		if ue, ok := err.(*url.Error); ok {
			reason = ue.Err.Error()
		}
		return nil, flashback.Errorf(flashback.EINVALID, "mail: invalid SMTP URL: %s", reason)
	}
	return newSMTPSender(u, opts, r)
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = defaultTimeout
	}
	if o.Pool <= 0 {
		o.Pool = defaultPool
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.OutboxDir == "" {
		o.OutboxDir = "outbox"
	}
	return o
}
