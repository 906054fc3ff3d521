package mail_test

import (
	"bytes"
	"mime"
	netmail "net/mail"
	"testing"

	"flashback/mail"
)

// A subject is people's text: one with a line break (a headline stored
// before input was cleaned) is folded to one line, never refused and never
// a way to add a header. Both ways of building a mail fold it.
func TestSubjectIsFolded(t *testing.T) {
	const subject = "Your report about \u201cApollo\r\nBcc: victim@example.org\u202e\u201d"
	const want = "Your report about \u201cApollo Bcc: victim@example.org\u201d"
	check := func(t *testing.T, raw []byte) {
		t.Helper()
		msg, err := netmail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("mail does not parse: %v\n%s", err, raw)
		}
		var dec mime.WordDecoder
		got, err := dec.DecodeHeader(msg.Header.Get("Subject"))
		if err != nil || got != want {
			t.Errorf("Subject = %q, %v; want %q", got, err, want)
		}
		if b := msg.Header.Get("Bcc"); b != "" {
			t.Errorf("the subject added a Bcc header: %q", b)
		}
	}
	t.Run("Render", func(t *testing.T) {
		m := digest("")
		m.Subject = subject
		raw, err := mail.Render(m)
		if err != nil {
			t.Fatal(err)
		}
		check(t, raw)
	})
	t.Run("Template", func(t *testing.T) {
		m := templateMessage()
		m.Subject = subject
		tmpl, err := mail.NewTemplate(m, slotManage, slotUnsub)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := copyFor(m, 1)
		raw, err := tmpl.Render(c)
		if err != nil {
			t.Fatal(err)
		}
		check(t, raw)
	})
}
