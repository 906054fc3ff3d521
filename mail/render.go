package mail

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	"github.com/emersion/go-msgauth/dkim"
	gomail "github.com/wneessen/go-mail"

	"flashback"
)

// dkimHeaders are the fields the signature covers. Fields a message lacks
// are still listed, so that nobody can add them later without breaking the
// signature (RFC 6376 §5.4).
var dkimHeaders = []string{
	"From", "To", "Subject", "Date", "Message-ID",
	"List-Id", "List-Unsubscribe", "List-Unsubscribe-Post",
}

// reservedHeaders are produced from Message's own fields; Headers may not
// set them a second time.
var reservedHeaders = map[string]bool{
	"from": true, "to": true, "cc": true, "bcc": true, "subject": true,
	"date": true, "message-id": true, "mime-version": true,
	"content-type": true, "content-transfer-encoding": true, "dkim-signature": true,
}

// envelope is the SMTP envelope: bare addresses without display names.
type envelope struct{ from, to string }

// renderer turns Messages into RFC 5322 bytes, signing them if it has a key.
type renderer struct {
	dkim *dkimKey
}

type dkimKey struct {
	domain, selector string
	key              crypto.Signer
}

func newRenderer(o *DKIMOptions) (*renderer, error) {
	if o == nil {
		return &renderer{}, nil
	}
	if o.Domain == "" || o.Selector == "" {
		return nil, flashback.Errorf(flashback.EINVALID, "mail: DKIM needs a domain and a selector")
	}
	key, err := gomail.PrivKeyFromPEM(o.PrivateKeyPEM)
	if err != nil {
		return nil, flashback.Errorf(flashback.EINVALID, "mail: DKIM private key: %v", err)
	}
	return &renderer{dkim: &dkimKey{domain: o.Domain, selector: o.Selector, key: key}}, nil
}

// sign prefixes raw with a DKIM-Signature made by go-msgauth. Relaxed
// canonicalization keeps the signature valid when a relay re-folds
// headers or trims trailing space.
func (k *dkimKey) sign(raw []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(raw) + 1024)
	err := dkim.Sign(&out, bytes.NewReader(raw), &dkim.SignOptions{
		Domain:                 k.domain,
		Selector:               k.selector,
		Signer:                 k.key,
		HeaderCanonicalization: dkim.CanonicalizationRelaxed,
		BodyCanonicalization:   dkim.CanonicalizationRelaxed,
		HeaderKeys:             dkimHeaders,
	})
	if err != nil {
		return nil, fmt.Errorf("mail: DKIM: %w", err)
	}
	return out.Bytes(), nil
}

// Render returns the message exactly as an unsigned Sender would transmit
// it. Like Send, it fills in m.MessageID and m.Date when they are empty.
func Render(m *Message) ([]byte, error) {
	raw, _, err := (&renderer{}).render(m)
	return raw, err
}

// renderCopy renders a copy of t into b, which it empties first, signing
// it if r has a key. The message returned may be b's bytes: it is valid
// until b is used again.
func (r *renderer) renderCopy(b *bytes.Buffer, t *Template, c *Copy) ([]byte, envelope, error) {
	b.Reset()
	env, err := t.renderInto(b, c)
	raw := b.Bytes()
	if err == nil && r.dkim != nil {
		raw, err = r.dkim.sign(raw)
	}
	if err != nil {
		return nil, envelope{}, err
	}
	return raw, env, nil
}

func (r *renderer) render(m *Message) ([]byte, envelope, error) {
	from, to, err := m.validate()
	if err != nil {
		return nil, envelope{}, err
	}
	m.fillDefaults(from)

	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(from)
	msg.ToMailAddress(to)
	msg.Subject(m.Subject)
	msg.SetDateWithValue(m.Date)
	msg.SetMessageIDWithValue(strings.TrimSuffix(strings.TrimPrefix(m.MessageID, "<"), ">"))
	for name, value := range m.Headers {
		msg.SetGenHeader(gomail.Header(name), value)
	}
	switch {
	case m.Text != "" && m.HTML != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	case m.HTML != "":
		msg.SetBodyString(gomail.TypeTextHTML, m.HTML)
	default:
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	}
	var buf bytes.Buffer
	buf.Grow(len(m.Text) + len(m.HTML) + 2048)
	if _, err := msg.WriteTo(&buf); err != nil {
		return nil, envelope{}, fmt.Errorf("mail: render: %w", err)
	}
	raw := buf.Bytes()
	if r.dkim != nil {
		if raw, err = r.dkim.sign(raw); err != nil {
			return nil, envelope{}, err
		}
	}
	return raw, envelope{from: from.Address, to: to.Address}, nil
}

// validate parses the addresses, folds the subject to one line and refuses
// anything else that would let a field's value break out into new header
// lines.
func (m *Message) validate() (from, to *netmail.Address, err error) {
	if from, err = parseAddress("From", m.From); err != nil {
		return nil, nil, err
	}
	if to, err = parseAddress("To", m.To); err != nil {
		return nil, nil, err
	}
	if m.Text == "" && m.HTML == "" {
		return nil, nil, flashback.Errorf(flashback.EINVALID, "mail: message has no body")
	}
	// The subject is people's text (a headline, a reader's subject), not
	// the program's: a line break in it, even in data stored before input
	// was cleaned, is folded rather than costing the mail.
	m.Subject = flashback.FoldLine(m.Subject)
	if m.MessageID != "" && (hasLineBreak(m.MessageID) || strings.ContainsAny(m.MessageID, " \t") ||
		!strings.Contains(m.MessageID, "@")) {
		return nil, nil, flashback.Errorf(flashback.EINVALID, "mail: malformed Message-ID %q", m.MessageID)
	}
	for name, value := range m.Headers {
		if err := validateHeader(name, value); err != nil {
			return nil, nil, err
		}
	}
	return from, to, nil
}

func parseAddress(field, s string) (*netmail.Address, error) {
	if hasLineBreak(s) {
		return nil, flashback.Errorf(flashback.EINVALID, "mail: %s address contains a line break", field)
	}
	a, err := netmail.ParseAddress(s)
	if err != nil {
		return nil, flashback.Errorf(flashback.EINVALID, "mail: invalid %s address %q", field, s)
	}
	return a, nil
}

func validateHeader(name, value string) error {
	if name == "" {
		return flashback.Errorf(flashback.EINVALID, "mail: empty header name")
	}
	for _, c := range name {
		if c <= ' ' || c > '~' || c == ':' {
			return flashback.Errorf(flashback.EINVALID, "mail: invalid header name %q", name)
		}
	}
	if reservedHeaders[strings.ToLower(name)] {
		return flashback.Errorf(flashback.EINVALID, "mail: header %s is set from the message's own fields", name)
	}
	if hasLineBreak(value) {
		return flashback.Errorf(flashback.EINVALID, "mail: header %s contains a line break", name)
	}
	return nil
}

func hasLineBreak(s string) bool { return strings.ContainsAny(s, "\r\n\x00") }

func (m *Message) fillDefaults(from *netmail.Address) {
	if m.MessageID == "" {
		domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
		m.MessageID = "<" + strings.ToLower(rand.Text()) + "@" + domain + ">"
	}
	if m.Date.IsZero() {
		m.Date = time.Now()
	}
}
