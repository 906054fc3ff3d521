package mail

import (
	"bufio"
	"bytes"
	"time"
)

// data sends the message body; the final "." waits for gate (see
// Receipt), and gets its own deadline, since the server may take its time
// to queue the message. A gate that fails leaves the data unfinished and
// the connection to be dropped, so the server discards the message.
//
// A message of CRLF lines (all that this package renders) is dot-stuffed
// here a line-run at a time and written straight to the connection's
// buffer, through the textproto.Conn that go-mail's client exports for
// extensions; textproto's general writer looks at every byte to normalise
// line ends, which costs more than the rest of a send. Anything else takes
// that general path.
func (c *conn) data(timeout time.Duration, raw []byte, gate func() error) error {
	if !crlfLines(raw) {
		return c.dataGeneral(timeout, raw, gate)
	}
	text := c.c.Text
	id, err := text.Cmd("DATA")
	if err != nil {
		return err
	}
	text.StartResponse(id)
	_, _, err = text.ReadResponse(354)
	text.EndResponse(id)
	if err != nil {
		return err
	}
	writeDotStuffed(text.W, raw)
	if err := text.W.Flush(); err != nil {
		return err
	}
	if err := gate(); err != nil {
		return err
	}
	if err := c.c.UpdateDeadline(timeout); err != nil {
		return err
	}
	if _, err := text.W.WriteString(".\r\n"); err != nil {
		return err
	}
	if err := text.W.Flush(); err != nil {
		return err
	}
	if err := c.c.UpdateDeadline(timeout); err != nil {
		return err
	}
	_, _, err = text.ReadResponse(250)
	return err
}

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
// bare CR or LF anywhere.
func crlfLines(raw []byte) bool {
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		return false
	}
	return bytes.Count(raw, []byte("\n")) == bytes.Count(raw, []byte("\r\n")) &&
		bytes.Count(raw, []byte("\r")) == bytes.Count(raw, []byte("\r\n"))
}

// writeDotStuffed writes CRLF lines, doubling a dot that starts a line
// (RFC 5321 §4.5.2). Errors stick in w and surface at Flush.
func writeDotStuffed(w *bufio.Writer, raw []byte) {
	if len(raw) > 0 && raw[0] == '.' {
		w.WriteByte('.')
	}
	for {
		i := bytes.Index(raw, []byte("\r\n."))
		if i < 0 {
			w.Write(raw)
			return
		}
		w.Write(raw[:i+3])
		w.WriteByte('.')
		raw = raw[i+3:]
	}
}
