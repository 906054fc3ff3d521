package flashback_test

import (
	"testing"

	"flashback"
)

func TestMessage_ValidateFoldsHeaderFields(t *testing.T) {
	m := &flashback.Message{Name: " Ada\r\nLovelace ", Email: "ada@example.org", Subject: "Hi\nBcc: victim@example.org", Body: "Line one\nline two"}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if m.Name != "Ada Lovelace" || m.Subject != "Hi Bcc: victim@example.org" {
		t.Errorf("name %q, subject %q: line breaks survived", m.Name, m.Subject)
	}
	if m.Body != "Line one\nline two" {
		t.Errorf("the body's lines were changed: %q", m.Body)
	}
}

// An address with a bidi override is refused, not quietly changed into
// another address; the message's text is cleaned.
func TestMessageValidate_InvisibleInAddress(t *testing.T) {
	m := &flashback.Message{Name: "Ann", Email: "a\u202eb@example.org", Subject: "Hi", Body: "Text"}
	if err := m.Validate(); flashback.ErrorCode(err) != flashback.EINVALID {
		t.Errorf("Validate = %v, want EINVALID", err)
	}
}
