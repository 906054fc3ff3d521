package desk_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"flashback"
)

func TestContactForm(t *testing.T) {
	s := newSite(t, flashback.Rate{}, nil)
	b := s.browser()
	res, body := b.do(http.MethodGet, "/contact", nil)
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, `name="website"`, `aria-current="page"`)
	res, body = b.fill("/contact", url.Values{"name": {"Ann"}, "email": {"ann@example.org"},
		"subject": {"A question"}, "message": {"Where do your dates come from?"}})
	wantStatus(t, res, body, http.StatusSeeOther)
	ms, n, err := s.store.FindMessages(context.Background(), flashback.MessageFilter{})
	if err != nil || n != 1 || ms[0].Body != "Where do your dates come from?" {
		t.Fatalf("messages = %+v, %v", ms, err)
	}
	res, body = b.do(http.MethodGet, "/contact/thanks", nil)
	wantStatus(t, res, body, http.StatusOK)
	if mails := s.mails(); len(mails) != 1 || !strings.Contains(mails[0], "Where do your dates come from?") {
		t.Errorf("notification = %v", mails)
	}
	t.Run("MissingEmailKeepsText", func(t *testing.T) {
		res, body := b.fill("/contact", url.Values{"name": {"Bob"}, "subject": {"Hi"}, "message": {"kept message"}})
		wantStatus(t, res, body, http.StatusBadRequest)
		wantContains(t, body, `value="Bob"`, "kept message", "Please give an e-mail address")
	})
	t.Run("NoCSRF", func(t *testing.T) {
		res, body := s.browser().do(http.MethodPost, "/contact", url.Values{"name": {"x"}, "email": {"x@example.org"},
			"subject": {"x"}, "message": {"x"}})
		wantStatus(t, res, body, http.StatusForbidden)
	})
}

func TestCorrectionsPage(t *testing.T) {
	s := newSite(t, flashback.Rate{}, nil)
	e := s.event(true)
	fixed := *e
	fixed.Date = flashback.HistDate{Year: 1929, Month: time.February, Day: 10}
	text := flashback.SuggestCorrection(e, &fixed)
	if err := s.store.EditEvent(context.Background(), flashback.EventEdit{Event: &fixed, Correction: text}); err != nil {
		t.Fatal(err)
	}
	res, body := s.browser().do(http.MethodGet, "/corrections", nil)
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, "The date was given as 31 January 1929; it is 10 February 1929.",
		fmt.Sprintf(`href="/events/%d/%s"`, e.ID, e.Slug))
	res, body = s.browser().do(http.MethodGet, "/corrections?page=5", nil)
	wantStatus(t, res, body, http.StatusNotFound)
}

// A form carries a CSRF token, so it goes out uncompressed even to a
// browser that asks: a secret compressed beside text an attacker put into
// the same answer can be read from the answer's length (BREACH).
func TestFormsNotCompressed(t *testing.T) {
	s := newSite(t, flashback.Rate{}, nil)
	for _, path := range []string{"/contact", reportPath(s.event(true))} {
		t.Run(path, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Accept-Encoding", "gzip, deflate, br")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			wantStatus(t, res, string(body), http.StatusOK)
			if enc := res.Header.Get("Content-Encoding"); enc != "" {
				t.Errorf("Content-Encoding %q on a page with a CSRF token", enc)
			}
			if !csrfField.Match(body) {
				t.Error("no CSRF token on the page: the test checks nothing")
			}
		})
	}
}
