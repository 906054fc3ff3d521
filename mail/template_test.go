package mail_test

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/mail"
	"flashback/mail/smtpsink"
)

const (
	slotManage = "https://slot.invalid/manage"
	slotUnsub  = "https://slot.invalid/unsubscribe"
)

// templateMessage is a digest with non-ASCII text, slots in mid-line, at
// a line's end, after a space and inside an HTML attribute, and lines long
// enough that quoted-printable must break them.
func templateMessage() *mail.Message {
	long := strings.Repeat("Ünïcödé “history” — ", 6)
	return &mail.Message{
		From:    "Flashback Désk <digest@flashback.example>",
		Subject: "Flashback to 31 January: Ünïcödé “history” and a subject long enough to be folded over lines",
		Text: "On this day: " + long + "\n=== Section ===\n.leading dot\n" +
			"Manage: " + slotManage + "\nUnsubscribe " + slotUnsub + " now " + long + slotManage,
		HTML: "<p>" + long + "</p>\n<a href=\"" + slotManage + "\">manage</a> " +
			"<a href=\"" + slotUnsub + "\">unsubscribe</a>\n",
		Headers: map[string]string{
			"List-Id":               "Flashback daily <daily.flashback.example>",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
	}
}

// copyFor is the copy for subscriber i, and the Message it must equal.
func copyFor(base *mail.Message, i int) (*mail.Copy, *mail.Message) {
	manage := fmt.Sprintf("https://flashback.example/subscription/%d-%s", i, strings.Repeat("Ab=_-", i*9))
	unsub := fmt.Sprintf("https://flashback.example/unsubscribe/%d?x=1&y=ü", i)
	esc := func(s string) string { return strings.ReplaceAll(s, "&", "&amp;") }
	c := &mail.Copy{
		To:        fmt.Sprintf("Reader Nº%d <reader%d@example.org>", i, i),
		MessageID: fmt.Sprintf("<digest-%d-2026-01-31@flashback.example>", i),
		Date:      time.Date(2026, 1, 31, 6, i, 0, 0, time.UTC),
		Headers:   []mail.Field{{Name: "List-Unsubscribe", Value: "<" + unsub + ">, <mailto:u@flashback.example>"}},
		Text:      []string{manage, unsub},
		HTML:      []string{esc(manage), esc(unsub)},
	}
	m := *base
	m.To, m.MessageID, m.Date = c.To, c.MessageID, c.Date
	m.Headers = map[string]string{"List-Unsubscribe": c.Headers[0].Value}
	for k, v := range base.Headers {
		m.Headers[k] = v
	}
	r := strings.NewReplacer(slotManage, manage, slotUnsub, unsub)
	m.Text = r.Replace(base.Text)
	m.HTML = strings.NewReplacer(slotManage, esc(manage), slotUnsub, esc(unsub)).Replace(base.HTML)
	if base.Text == "" {
		m.Text = ""
	}
	if base.HTML == "" {
		m.HTML = ""
	}
	return c, &m
}

// TestTemplateCopiesEqualMessages: a copy decodes to exactly what the same
// message built field by field decodes to, for several recipients and for
// multipart, text-only and HTML-only templates.
func TestTemplateCopiesEqualMessages(t *testing.T) {
	variants := map[string]func(m *mail.Message){
		"Multipart": func(*mail.Message) {},
		"TextOnly":  func(m *mail.Message) { m.HTML = "" },
		"HTMLOnly":  func(m *mail.Message) { m.Text = "" },
	}
	for name, change := range variants {
		t.Run(name, func(t *testing.T) {
			base := templateMessage()
			change(base)
			tmpl, err := mail.NewTemplate(base, slotManage, slotUnsub)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 5 {
				c, want := copyFor(base, i)
				raw, err := tmpl.Render(c)
				if err != nil {
					t.Fatal(err)
				}
				wantRaw, err := mail.Render(want)
				if err != nil {
					t.Fatal(err)
				}
				checkSameMessage(t, raw, wantRaw)
				checkLines(t, raw)
				// Line breaks are CRLF on the wire, so also once decoded.
				got := decodedParts(t, raw)
				text := strings.ReplaceAll(got["text/plain"], "\r\n", "\n")
				html := strings.ReplaceAll(got["text/html"], "\r\n", "\n")
				if want.Text != "" && text != want.Text {
					t.Errorf("copy %d text:\n%q\nwant\n%q", i, text, want.Text)
				}
				if want.HTML != "" && html != want.HTML {
					t.Errorf("copy %d HTML:\n%q\nwant\n%q", i, html, want.HTML)
				}
			}
		})
	}
}

// checkSameMessage compares decoded header fields and body parts.
func checkSameMessage(t *testing.T, got, want []byte) {
	t.Helper()
	g, err := netmail.ReadMessage(bytes.NewReader(got))
	if err != nil {
		t.Fatalf("copy does not parse: %v\n%s", err, got)
	}
	w, err := netmail.ReadMessage(bytes.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	var dec mime.WordDecoder
	for _, f := range []string{"From", "To", "Subject", "Date", "Message-ID", "List-Id",
		"List-Unsubscribe", "List-Unsubscribe-Post", "MIME-Version"} {
		gv, _ := dec.DecodeHeader(g.Header.Get(f))
		wv, _ := dec.DecodeHeader(w.Header.Get(f))
		if gv != wv || gv == "" {
			t.Errorf("%s: %q, want %q", f, gv, wv)
		}
	}
	gp, wp := decodedParts(t, got), decodedParts(t, want)
	if len(gp) != len(wp) {
		t.Errorf("parts %v, want %v", keys(gp), keys(wp))
	}
	for ct, body := range wp {
		if gp[ct] != body {
			t.Errorf("%s part differs:\n%q\nwant\n%q", ct, gp[ct], body)
		}
	}
}

// decodedParts is parts, also decoding a single quoted-printable body.
func decodedParts(t *testing.T, raw []byte) map[string]string {
	t.Helper()
	out := parts(t, raw)
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		ct, _, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
		out[ct] = readAll(t, quotedprintable.NewReader(msg.Body))
	}
	return out
}

// checkLines enforces CRLF line ends and RFC 5321/2045 line lengths.
func checkLines(t *testing.T, raw []byte) {
	t.Helper()
	if bytes.Count(raw, []byte("\r\n")) != bytes.Count(raw, []byte("\n")) {
		t.Error("a line does not end in CRLF")
	}
	_, body, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for line := range bytes.SplitSeq(body, []byte("\r\n")) {
		if len(line) > 76 {
			t.Errorf("body line of %d characters: %q", len(line), line)
		}
	}
}

func TestTemplateRejectsInvalid(t *testing.T) {
	tmpl, err := mail.NewTemplate(templateMessage(), slotManage, slotUnsub)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(c *mail.Copy)
	}{
		{"BadTo", func(c *mail.Copy) { c.To = "not an address" }},
		{"ToInjection", func(c *mail.Copy) { c.To = "a@example.org\r\nBcc: victim@example.org" }},
		{"HeaderInjection", func(c *mail.Copy) { c.Headers[0].Value = "x\nBcc: victim@example.org" }},
		{"ReservedHeader", func(c *mail.Copy) { c.Headers[0].Name = "Content-Type" }},
		{"MalformedMessageID", func(c *mail.Copy) { c.MessageID = "<no-domain>" }},
		{"MissingFill", func(c *mail.Copy) { c.HTML = c.HTML[:1] }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := copyFor(templateMessage(), 1)
			tc.change(c)
			if _, err := tmpl.Render(c); flashback.ErrorCode(err) != flashback.EINVALID {
				t.Fatalf("Render = %v, want EINVALID", err)
			}
		})
	}
	t.Run("BadTemplate", func(t *testing.T) {
		m := templateMessage()
		m.Headers["List-Id"] = "two\r\nlines"
		if _, err := mail.NewTemplate(m); flashback.ErrorCode(err) != flashback.EINVALID {
			t.Fatalf("NewTemplate = %v, want EINVALID", err)
		}
	})
}

// TestSendCopy sends copies over SMTP, signed, and to the outbox.
func TestSendCopy(t *testing.T) {
	pemBytes, txt := dkimKey(t, "ed25519")
	sink := smtpsink.StartT(t, smtpsink.Options{})
	s := newSender(t, sink, mail.Options{DKIM: &mail.DKIMOptions{
		Domain: "flashback.example", Selector: "fb2026", PrivateKeyPEM: pemBytes,
	}})
	base := templateMessage()
	tmpl, err := mail.NewTemplate(base, slotManage, slotUnsub)
	if err != nil {
		t.Fatal(err)
	}
	ts, ok := s.(mail.TemplateSender)
	if !ok {
		t.Fatal("the SMTP sender does not send templates")
	}
	var wants []*mail.Message
	for i := range 3 {
		c, want := copyFor(base, i)
		c.MessageID, c.Date = "", time.Time{}
		if err := ts.SendCopy(context.Background(), tmpl, c); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(c.MessageID, "@flashback.example>") || c.Date.IsZero() {
			t.Errorf("identity not written back: %q %v", c.MessageID, c.Date)
		}
		wants = append(wants, want)
	}
	got, err := sink.WaitFor(3, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range got {
		vs, err := verifyDKIM(r.Data, txt)
		if err != nil || len(vs) != 1 || vs[0].Err != nil {
			t.Fatalf("copy %d: verification = %v, %v; want one valid signature", i, vs, err)
		}
		if p := decodedParts(t, r.Data); strings.ReplaceAll(p["text/html"], "\r\n", "\n") != wants[i].HTML {
			t.Errorf("copy %d HTML differs", i)
		}
		if r.From != "digest@flashback.example" || strings.Join(r.To, ",") != fmt.Sprintf("reader%d@example.org", i) {
			t.Errorf("envelope %s → %v", r.From, r.To)
		}
	}

	outbox, err := mail.New("outbox:"+t.TempDir(), mail.Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := copyFor(base, 1)
	if err := outbox.(mail.TemplateSender).SendCopy(context.Background(), tmpl, c); err != nil {
		t.Fatal(err)
	}
}

// TestSendCopy_BufferReused: unsigned copies are rendered in buffers the
// sender reuses; copies that shrink and grow in turn each arrive exactly
// as Render gives them, with nothing of the one before.
func TestSendCopy_BufferReused(t *testing.T) {
	sink := smtpsink.StartT(t, smtpsink.Options{})
	s := newSender(t, sink, mail.Options{})
	base := templateMessage()
	tmpl, err := mail.NewTemplate(base, slotManage, slotUnsub)
	if err != nil {
		t.Fatal(err)
	}
	var want [][]byte
	for _, i := range []int{9, 1, 5, 0} { // the manage link grows with i
		c, _ := copyFor(base, i)
		raw, err := tmpl.Render(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.(mail.TemplateSender).SendCopy(context.Background(), tmpl, c); err != nil {
			t.Fatal(err)
		}
		want = append(want, raw)
	}
	got, err := sink.WaitFor(len(want), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range got {
		if !bytes.Equal(r.Data, want[i]) {
			t.Errorf("copy %d arrived as\n%s\nwant\n%s", i, r.Data, want[i])
		}
	}
}

// TestSendDotLines: lines that start with a dot, or are one, arrive intact
// (the SMTP sender dot-stuffs them and the server removes the stuffing).
func TestSendDotLines(t *testing.T) {
	sink := smtpsink.StartT(t, smtpsink.Options{})
	s := newSender(t, sink, mail.Options{})
	m := digest("")
	m.Text = ".first\n.\n..two dots\nend.\n"
	m.HTML = ""
	send(t, s, m)
	got, err := sink.WaitFor(1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := mail.Render(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got[0].Data, raw) {
		t.Errorf("received\n%q\nwant\n%q", got[0].Data, raw)
	}
	if text := decodedParts(t, got[0].Data)["text/plain"]; strings.ReplaceAll(text, "\r\n", "\n") != m.Text {
		t.Errorf("text %q, want %q", text, m.Text)
	}
}
