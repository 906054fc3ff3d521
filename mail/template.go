package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"slices"
	"strings"
	"time"

	"flashback"
)

// Template is a message prepared once for many recipients, such as one
// day's digest: its header fields and bodies are encoded when it is made,
// and each copy only adds its recipient, identity and per-recipient
// header fields, and fills the template's slots (its links) in both bodies.
// Building a copy is a few small appends instead of encoding kilobytes of
// quoted-printable per message. A Template is immutable and safe for
// concurrent use.
type Template struct {
	from     *netmail.Address
	subject  string // for the outbox's log
	head     []byte // From, Subject, common fields, MIME-Version, Content-Type
	boundary string
	slots    int
	bodies   []templateBody // text, then HTML; one of them when the other is empty
	size     int
}

// templateBody is one body part: its part header and the quoted-printable
// encoding of the text between slots. Each encoded piece ends at a line
// break (a soft one, "=\r\n", when the text did not), so the pieces and the
// separately encoded fills can be laid end to end at any column.
type templateBody struct {
	header string
	html   bool // filled from Copy.HTML, else from Copy.Text
	pieces [][]byte
	links  []int // after pieces[i] comes the fill for slot links[i]
}

// Copy is one recipient's copy of a Template.
type Copy struct {
	To string // address; may carry a display name
	// MessageID is generated when empty, as for Message, and written back.
	MessageID string
	// Date is the send time when zero, and is written back too.
	Date time.Time
	// Receipt, when set, is settled by the caller once it has recorded
	// that the message went out; see Receipt. The outbox ignores it.
	Receipt *Receipt
	// Headers are this copy's extra fields (List-Unsubscribe, …), written
	// before the template's own.
	Headers []Field
	// Text[i] and HTML[i] replace slot i in the text and the HTML body;
	// HTML fills must already be HTML-escaped.
	Text, HTML []string
}

// Field is one header field.
type Field struct{ Name, Value string }

// TemplateSender is a Sender that can also send copies of a Template. The
// Senders this package returns implement it.
type TemplateSender interface {
	Sender
	SendCopy(ctx context.Context, t *Template, c *Copy) error
}

// NewTemplate prepares m for many recipients. m.To, m.MessageID and m.Date
// are ignored (each Copy has its own); m.Headers are common to all copies.
// slots are placeholder strings in m.Text and m.HTML that each copy
// replaces with its own Text and HTML fills.
func NewTemplate(m *Message, slots ...string) (*Template, error) {
	probe := *m
	probe.To, probe.MessageID = "template@example.invalid", ""
	from, _, err := probe.validate()
	if err != nil {
		return nil, err
	}
	for _, s := range slots {
		if s == "" {
			return nil, flashback.Errorf(flashback.EINVALID, "mail: empty template slot")
		}
	}
	t := &Template{from: from, subject: probe.Subject, boundary: newBoundary(), slots: len(slots)}
	var ctype string
	switch {
	case m.Text != "" && m.HTML != "":
		ctype = "multipart/alternative;\r\n boundary=" + t.boundary
		t.bodies = []templateBody{newTemplateBody(textPlain, m.Text, slots), newTemplateBody(textHTML, m.HTML, slots)}
	case m.HTML != "":
		ctype, t.bodies = textHTML, []templateBody{newTemplateBody(textHTML, m.HTML, slots)}
	default:
		ctype, t.bodies = textPlain, []templateBody{newTemplateBody(textPlain, m.Text, slots)}
	}
	for _, b := range t.bodies {
		for _, p := range b.pieces {
			if bytes.Contains(p, []byte(t.boundary)) {
				return nil, flashback.Errorf(flashback.EINVALID, "mail: body contains the MIME boundary")
			}
			t.size += len(p)
		}
	}
	t.head = t.encodeHead(m, ctype)
	return t, nil
}

func (t *Template) encodeHead(m *Message, ctype string) []byte {
	var b bytes.Buffer
	writeField(&b, "From", t.from.String())
	writeField(&b, "Subject", mime.QEncoding.Encode("UTF-8", t.subject))
	names := make([]string, 0, len(m.Headers))
	for name := range m.Headers {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		writeField(&b, name, m.Headers[name])
	}
	b.WriteString("MIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: " + ctype + "\r\n")
	if len(t.bodies) == 1 {
		b.WriteString("Content-Transfer-Encoding: quoted-printable\r\n")
	}
	return b.Bytes()
}

const (
	textPlain = "text/plain; charset=UTF-8"
	textHTML  = "text/html; charset=UTF-8"
)

func newTemplateBody(ctype, body string, slots []string) templateBody {
	tb := templateBody{header: "Content-Type: " + ctype + "\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n", html: ctype == textHTML}
	for {
		at, slot := -1, -1
		for i, s := range slots {
			if j := strings.Index(body, s); j >= 0 && (at < 0 || j < at) {
				at, slot = j, i
			}
		}
		if at < 0 {
			tb.pieces = append(tb.pieces, encodeQP(nil, body))
			return tb
		}
		tb.pieces = append(tb.pieces, encodeQP(nil, body[:at]))
		tb.links = append(tb.links, slot)
		body = body[at+len(slots[slot]):]
	}
}

// encodeQP appends s as quoted-printable to dst, ending at a line break:
// a soft break decodes to nothing, so the next piece can start afresh.
func encodeQP(dst []byte, s string) []byte {
	if s == "" {
		return dst
	}
	b := bytes.NewBuffer(dst)
	w := quotedprintable.NewWriter(b)
	_, _ = w.Write([]byte(s)) // a bytes.Buffer does not fail
	_ = w.Close()
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("=\r\n")
	}
	return b.Bytes()
}

func newBoundary() string {
	var b [24]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// writeField writes "Name: value", folded before words that would take
// the line past 76 characters. Unfolding removes only the CRLF, so the
// value reads back unchanged.
func writeField(b *bytes.Buffer, name, value string) {
	b.WriteString(name)
	b.WriteString(":")
	col := len(name) + 1
	for i, word := range strings.Split(value, " ") {
		if i > 0 && word != "" && col+1+len(word) > 76 {
			b.WriteString("\r\n")
			col = 0
		}
		b.WriteString(" ")
		b.WriteString(word)
		col += 1 + len(word)
	}
	b.WriteString("\r\n")
}
