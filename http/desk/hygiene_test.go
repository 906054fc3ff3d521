package desk_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"flashback"
)

// What readers send is cleaned before it is stored or mailed: the subject
// and name lose line breaks and bidi controls, the message keeps its lines.
func TestContactFormCleansText(t *testing.T) {
	s := newSite(t, nil)
	res, body := s.browser().fill("/contact", url.Values{"name": {"Ann\u202e\r\nLee"}, "email": {"ann@example.org"},
		"subject": {"Hi\r\nBcc: victim@example.org"}, "message": {"one\r\ntwo\u2066"}})
	wantStatus(t, res, body, http.StatusSeeOther)
	ms, _, err := s.store.FindMessages(context.Background(), flashback.MessageFilter{})
	if err != nil || len(ms) != 1 {
		t.Fatalf("messages = %+v, %v", ms, err)
	}
	if m := ms[0]; m.Name != "Ann Lee" || m.Subject != "Hi Bcc: victim@example.org" || m.Body != "one\ntwo" {
		t.Errorf("stored %q, %q, %q", m.Name, m.Subject, m.Body)
	}
	mails := s.mails()
	if len(mails) != 1 || !strings.Contains(mails[0], "Subject: Contact: Hi Bcc: victim@example.org\r\n") ||
		strings.Contains(mails[0], "\r\nBcc:") {
		t.Errorf("notification = %q", mails)
	}
	t.Run("InvalidUTF8KeepsText", func(t *testing.T) {
		res, body := s.browser().fill("/contact", url.Values{"name": {"Bob"}, "email": {"bob@example.org"},
			"subject": {"caf\xe9"}, "message": {"kept message"}})
		wantStatus(t, res, body, http.StatusBadRequest)
		wantContains(t, body, "The subject contains characters that are not valid text", `value="Bob"`, "kept message")
	})
}

func TestCorrectionsPageAbsurdPage(t *testing.T) {
	s := newSite(t, nil)
	for _, page := range []string{"99999999999999999999", "9223372036854775807", "-1", "x"} {
		t.Run(page, func(t *testing.T) {
			res, body := s.browser().do(http.MethodGet, "/corrections?page="+page, nil)
			wantStatus(t, res, body, http.StatusBadRequest)
			wantContains(t, body, "The page number must be a whole number from 1 up.")
		})
	}
}
