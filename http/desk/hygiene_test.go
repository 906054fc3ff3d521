package desk_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"flashback"
	fhttp "flashback/http"
)

// What readers send is cleaned before it is stored or mailed: the subject
// and name lose line breaks and bidi controls, the message keeps its lines.
func TestContactFormCleansText(t *testing.T) {
	s := newSite(t, flashback.Rate{}, nil)
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
	s := newSite(t, flashback.Rate{}, nil)
	for _, page := range []string{"99999999999999999999", "9223372036854775807", "-1", "x"} {
		t.Run(page, func(t *testing.T) {
			res, body := s.browser().do(http.MethodGet, "/corrections?page="+page, nil)
			wantStatus(t, res, body, http.StatusBadRequest)
			wantContains(t, body, "The page number must be a whole number from 1 to 1,000,000,000.")
		})
	}
}

// A contact message sent chunked and over the body limit is a 413 that
// says so, not "this form has expired" (its CSRF token was cut off).
func TestContactFormChunkedOverLimit(t *testing.T) {
	s := newSite(t, flashback.Rate{}, nil)
	b := s.browser()
	_, page := b.do(http.MethodGet, "/contact", nil)
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token on /contact")
	}
	form := url.Values{"name": {"Ann"}, "email": {"ann@example.org"}, "subject": {"Long"},
		"message": {strings.Repeat("x", fhttp.DefaultMaxBodyBytes)}, "csrf": {m[1]}}
	// Wrapped so that the client cannot know the length: it sends chunks.
	body := struct{ io.Reader }{strings.NewReader(form.Encode())}
	req, err := http.NewRequest(http.MethodPost, s.srv.URL+"/contact", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	page2, _ := io.ReadAll(res.Body)
	wantStatus(t, res, string(page2), http.StatusRequestEntityTooLarge)
	wantContains(t, string(page2), "larger than the 1024 KB")
}
