package smtpsink

import (
	"bufio"
	"bytes"
	"crypto/subtle"
	"io"
	"net/textproto"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// session is one SMTP connection's state.
type session struct {
	sink   *Sink
	conn   *smtp.Conn
	authed bool
	from   string
	to     []string
}

var _ smtp.AuthSession = (*session)(nil)

func (s *Sink) newSession(c *smtp.Conn) (smtp.Session, error) {
	s.connections.Add(1)
	return &session{sink: s, conn: c}, nil
}

func (ss *session) needsAuth() bool { return ss.sink.opts.Username != "" }

// AuthMechanisms offers PLAIN only when the sink was given credentials.
func (ss *session) AuthMechanisms() []string {
	if !ss.needsAuth() {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain || !ss.needsAuth() {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, user, pass string) error {
		okUser := subtle.ConstantTimeCompare([]byte(user), []byte(ss.sink.opts.Username)) == 1
		okPass := subtle.ConstantTimeCompare([]byte(pass), []byte(ss.sink.opts.Password)) == 1
		if !okUser || !okPass {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.needsAuth() && !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.from, ss.to = from, nil
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if fn := ss.sink.rejectHook(); fn != nil {
		candidate := append(append([]string(nil), ss.to...), to)
		if err := fn(ss.from, candidate); err != nil {
			ss.sink.rejected.Add(1)
			return err
		}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	var (
		data []byte
		size int64
		id   string
		err  error
	)
	switch opts := ss.sink.opts; {
	case opts.CountOnly && opts.CountRecipients:
		id, size, err = discardKeepingID(r)
	case opts.CountOnly:
		size, err = io.Copy(io.Discard, r)
	default:
		var buf bytes.Buffer
		size, err = buf.ReadFrom(r)
		data = buf.Bytes()
	}
	if err != nil {
		return err
	}
	ss.sink.stall()
	_, isTLS := ss.conn.TLSConnectionState()
	return ss.sink.accept(Received{From: ss.from, To: ss.to, Data: data, TLS: isTLS,
		Helo: ss.conn.Hostname(), messageID: id}, size)
}

// discardKeepingID reads a message to its end, keeping only its
// Message-ID, and returns its size. A header that does not parse has none.
func discardKeepingID(r io.Reader) (id string, size int64, err error) {
	cr := &countingReader{r: r}
	br := bufio.NewReader(cr)
	if h, herr := textproto.NewReader(br).ReadMIMEHeader(); herr == nil {
		id = h.Get("Message-Id")
	}
	if _, err = io.Copy(io.Discard, br); err != nil {
		return "", 0, err
	}
	return id, cr.n, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }

func (ss *session) Logout() error { return nil }
