package mail

import (
	"bytes"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"time"

	"flashback"
)

// Render returns the copy exactly as an unsigned Sender would transmit it.
// Like Send, it fills in c.MessageID and c.Date when they are empty.
func (t *Template) Render(c *Copy) ([]byte, error) {
	raw, _, err := t.render(c)
	return raw, err
}

func (t *Template) render(c *Copy) ([]byte, envelope, error) {
	var b bytes.Buffer
	env, err := t.renderInto(&b, c)
	if err != nil {
		return nil, envelope{}, err
	}
	return b.Bytes(), env, nil
}

// renderInto renders the copy into b, after what b holds, so that a
// sender can reuse one buffer for many copies.
func (t *Template) renderInto(b *bytes.Buffer, c *Copy) (envelope, error) {
	to, err := c.validate(t)
	if err != nil {
		return envelope{}, err
	}
	if c.MessageID == "" || c.Date.IsZero() {
		m := Message{MessageID: c.MessageID, Date: c.Date}
		m.fillDefaults(t.from)
		c.MessageID, c.Date = m.MessageID, m.Date
	}
	b.Grow(len(t.head) + t.size + 1024)
	writeField(b, "Date", c.Date.Format(time.RFC1123Z))
	writeField(b, "Message-ID", c.MessageID)
	writeField(b, "To", to.String())
	for _, f := range c.Headers {
		writeField(b, f.Name, f.Value)
	}
	b.Write(t.head)
	b.WriteString("\r\n")
	if len(t.bodies) == 1 {
		t.bodies[0].write(b, c.fills(&t.bodies[0]))
		return envelope{from: t.from.Address, to: to.Address}, nil
	}
	for i, body := range t.bodies {
		if i > 0 {
			b.WriteString("\r\n")
		}
		b.WriteString("--" + t.boundary + "\r\n" + body.header + "\r\n")
		start := b.Len()
		body.write(b, c.fills(&body))
		if bytes.Contains(b.Bytes()[start:], []byte(t.boundary)) {
			// Only a fill can bring it in, with odds of 16^-48.
			return envelope{}, flashback.Errorf(flashback.EINVALID, "mail: copy contains the MIME boundary")
		}
	}
	b.WriteString("\r\n--" + t.boundary + "--\r\n")
	return envelope{from: t.from.Address, to: to.Address}, nil
}

func (c *Copy) fills(tb *templateBody) []string {
	if tb.html {
		return c.HTML
	}
	return c.Text
}

// fillsFit reports whether the copy fills every slot of every body.
func (c *Copy) fillsFit(t *Template) bool {
	for i := range t.bodies {
		if len(c.fills(&t.bodies[i])) != t.slots {
			return false
		}
	}
	return true
}

func (tb *templateBody) write(b *bytes.Buffer, fills []string) {
	for i, p := range tb.pieces {
		b.Write(p)
		if i < len(tb.links) {
			writeQP(b, fills[tb.links[i]])
		}
	}
}

// writeQP writes s as quoted-printable, ending at a line break like every
// template piece.
func writeQP(b *bytes.Buffer, s string) {
	if s == "" {
		return
	}
	w := quotedprintable.NewWriter(b)
	_, _ = w.Write([]byte(s)) // a bytes.Buffer does not fail
	_ = w.Close()
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("=\r\n")
	}
}

// validate checks what a copy adds to its template, like Message.validate.
func (c *Copy) validate(t *Template) (*netmail.Address, error) {
	to, err := parseAddress("To", c.To)
	if err != nil {
		return nil, err
	}
	if c.MessageID != "" && (hasLineBreak(c.MessageID) || strings.ContainsAny(c.MessageID, " \t") ||
		!strings.Contains(c.MessageID, "@")) {
		return nil, flashback.Errorf(flashback.EINVALID, "mail: malformed Message-ID %q", c.MessageID)
	}
	for _, f := range c.Headers {
		if err := validateHeader(f.Name, f.Value); err != nil {
			return nil, err
		}
	}
	if !c.fillsFit(t) {
		return nil, flashback.Errorf(flashback.EINVALID, "mail: copy has %d text and %d HTML fills for %d slots",
			len(c.Text), len(c.HTML), t.slots)
	}
	return to, nil
}
