package mail

import (
	"bytes"
	"errors"
	"net/textproto"
	"strings"
	"time"
)

// envelope opens a transaction for a message of CRLF lines: MAIL, RCPT
// and DATA, up to the server's 354. Over a server that offers PIPELINING
// (RFC 2920) the three commands go out in one write and their replies are
// read after it, one round trip instead of three; every reply is read even
// after a refusal, so the session stays in step. It returns the stage of
// the first refusal.
func (c *conn) envelope(timeout time.Duration, env envelope) (stage, error) {
	mail, err := c.mailCommand(env.from)
	if err != nil {
		return stageMail, err
	}
	if err := validLine(env.to); err != nil {
		return stageRcpt, err
	}
	steps := [...]struct {
		st   stage
		line string
		want int
	}{{stageMail, mail, 250}, {stageRcpt, "RCPT TO:" + bracket(env.to) + "\r\n", 25}, {stageData, "DATA\r\n", 354}}
	if ok, _ := c.c.Extension("PIPELINING"); !ok {
		for _, s := range steps {
			if err := c.roundTrip(timeout, s.line, s.want); err != nil {
				return s.st, err
			}
		}
		return stageData, nil
	}
	text := c.c.Text
	if err := c.c.UpdateDeadline(timeout); err != nil {
		return stageMail, err
	}
	for _, s := range steps {
		text.W.WriteString(s.line)
	}
	if err := text.W.Flush(); err != nil {
		return stageMail, err
	}
	var (
		refused   error
		refusedAt stage
	)
	for _, s := range steps {
		if err := c.c.UpdateDeadline(timeout); err != nil {
			return s.st, err
		}
		_, _, err := text.ReadResponse(s.want)
		var reply *textproto.Error
		switch {
		case err == nil:
		case errors.As(err, &reply):
			if refused == nil {
				refused, refusedAt = err, s.st
			}
			continue
		default:
			return s.st, err // the session is lost
		}
		if s.st == stageData && refused != nil {
			// A server that says 354 after refusing the sender or the
			// recipient gets an empty message, which it must refuse.
			if err := c.roundTrip(timeout, ".\r\n", 0); err != nil && !errors.As(err, &reply) {
				return stageData, err
			}
		}
	}
	if refused != nil {
		return refusedAt, refused
	}
	return stageData, nil
}

// mailCommand is the MAIL line go-mail's client would send: with
// BODY=8BITMIME and SMTPUTF8 when the server offers them.
func (c *conn) mailCommand(from string) (string, error) {
	if err := validLine(from); err != nil {
		return "", err
	}
	cmd := "MAIL FROM:" + bracket(from)
	if ok, _ := c.c.Extension("8BITMIME"); ok {
		cmd += " BODY=8BITMIME"
	}
	if ok, _ := c.c.Extension("SMTPUTF8"); ok {
		cmd += " SMTPUTF8"
	}
	return cmd + "\r\n", nil
}

// validLine refuses what would end a command line early.
func validLine(s string) error {
	if strings.ContainsAny(s, "\r\n") {
		return errors.New("smtp: a command line must not contain CR or LF")
	}
	return nil
}

// roundTrip writes one command line and reads its reply; want 0 accepts
// any code.
func (c *conn) roundTrip(timeout time.Duration, line string, want int) error {
	if err := c.c.UpdateDeadline(timeout); err != nil {
		return err
	}
	text := c.c.Text
	text.W.WriteString(line)
	if err := text.W.Flush(); err != nil {
		return err
	}
	_, _, err := text.ReadResponse(want)
	return err
}

// body sends the message after DATA's 354. The final "." waits for gate
// (see Receipt) and gets its own deadline, since the server may take its
// time to queue the message. When the previous message on the connection
// is recorded already (ready), the "." goes out in the same write as the
// body. A gate that fails leaves the data unfinished and the connection to
// be dropped, so the server discards the message.
//
// The message (CRLF lines, all that this package renders) is dot-stuffed
// into the connection's own buffer and written with one call, straight
// through the textproto.Conn that go-mail's client exports for
// extensions; textproto's general writer looks at every byte to normalise
// line ends, which costs more than the rest of a send.
func (c *conn) body(timeout time.Duration, raw []byte, ready func() bool, gate func() error) error {
	text := c.c.Text
	c.buf = appendDotStuffed(c.buf[:0], raw)
	end := ready()
	if end {
		if err := gate(); err != nil {
			return err
		}
		c.buf = append(c.buf, ".\r\n"...)
	}
	text.W.Write(c.buf)
	if cap(c.buf) > maxKeptBuffer {
		c.buf = nil
	}
	if err := text.W.Flush(); err != nil {
		return err
	}
	if !end {
		if err := gate(); err != nil {
			return err
		}
		if err := c.c.UpdateDeadline(timeout); err != nil {
			return err
		}
		text.W.WriteString(".\r\n")
		if err := text.W.Flush(); err != nil {
			return err
		}
	}
	if err := c.c.UpdateDeadline(timeout); err != nil {
		return err
	}
	_, _, err := text.ReadResponse(250)
	return err
}

// maxKeptBuffer bounds the buffer a connection keeps between messages: a
// rare large message should not pin its size for the connection's life.
const maxKeptBuffer = 1 << 20

func (c *conn) dataGeneral(timeout time.Duration, raw []byte, gate func() error) error {
	w, err := c.c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(raw); err != nil {
		_ = w.Close()
		return err
	}
	// Without the final "." (which Close writes) the server keeps nothing.
	if err := gate(); err != nil {
		return err
	}
	if err := c.c.UpdateDeadline(timeout); err != nil {
		return err
	}
	return w.Close()
}

// crlfLines reports whether raw is lines that each end in CRLF, with no
// bare CR or LF anywhere: every LF follows a CR, and there are no more CRs
// than LFs. One walk from LF to LF and one count, since every message
// passes here.
func crlfLines(raw []byte) bool {
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		return false
	}
	lines := 0
	for rest, at := raw, 0; ; lines++ {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		if at+i == 0 || raw[at+i-1] != '\r' {
			return false
		}
		rest, at = rest[i+1:], at+i+1
	}
	return bytes.Count(raw, []byte("\r")) == lines
}

// appendDotStuffed appends CRLF lines to dst, doubling a dot that starts
// a line (RFC 5321 §4.5.2).
func appendDotStuffed(dst, raw []byte) []byte {
	if len(raw) > 0 && raw[0] == '.' {
		dst = append(dst, '.')
	}
	for {
		i := bytes.Index(raw, []byte("\r\n."))
		if i < 0 {
			return append(dst, raw...)
		}
		dst = append(dst, raw[:i+3]...)
		dst = append(dst, '.')
		raw = raw[i+3:]
	}
}
