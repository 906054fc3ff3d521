package auth

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"flashback"
)

func testCSRF() *CSRF { return &CSRF{Key: []byte("0123456789abcdef0123456789abcdef")} }

func TestCSRFToken(t *testing.T) {
	c := testCSRF()
	tok := c.Token("session:abc")
	cases := []struct {
		name           string
		binding, token string
		want           bool
	}{
		{"Matching", "session:abc", tok, true},
		{"OtherBinding", "session:abd", tok, false},
		{"Empty", "session:abc", "", false},
		{"EmptyBinding", "", c.Token(""), false},
		{"Tampered", "session:abc", tok[:len(tok)-1] + "A", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.Valid(tc.binding, tc.token); got != tc.want {
				t.Errorf("Valid = %v, want %v", got, tc.want)
			}
		})
	}
	other := &CSRF{Key: []byte("another key another key another k")}
	if other.Valid("session:abc", tok) {
		t.Error("a token made under one key passed under another")
	}
}

func TestAnonCSRF(t *testing.T) {
	c := testCSRF()
	rec := httptest.NewRecorder()
	tok := c.AnonToken(rec, httptest.NewRequest("GET", "/contact", nil))
	cookies := rec.Result().Cookies()
	if len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteLaxMode {
		t.Fatalf("cookies = %+v, want one HttpOnly SameSite=Lax cookie", cookies)
	}
	post := func(token string, withCookie bool) error {
		form := url.Values{CSRFField: {token}}
		r := httptest.NewRequest("POST", "/contact", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if withCookie {
			r.AddCookie(cookies[0])
		}
		return c.CheckAnon(r)
	}
	if err := post(tok, true); err != nil {
		t.Errorf("valid token refused: %v", err)
	}
	if err := post(tok, false); flashback.ErrorCode(err) != flashback.EFORBIDDEN {
		t.Errorf("token without its cookie: %v, want forbidden", err)
	}
	if err := post("", true); flashback.ErrorCode(err) != flashback.EFORBIDDEN {
		t.Errorf("missing token: %v, want forbidden", err)
	}
	// A second form in the same browser reuses the cookie.
	r := httptest.NewRequest("GET", "/contact", nil)
	r.AddCookie(cookies[0])
	rec2 := httptest.NewRecorder()
	if tok2 := c.AnonToken(rec2, r); tok2 != tok || len(rec2.Result().Cookies()) != 0 {
		t.Errorf("second token %q (cookies %v), want %q and no new cookie", tok2, rec2.Result().Cookies(), tok)
	}
}
