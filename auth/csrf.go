package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"

	"flashback"
)

// CSRFField is the name of the hidden form field that carries the token.
const CSRFField = "csrf"

// anonCookie holds the random value that anonymous visitors' tokens are
// bound to.
const anonCookie = "fb_csrf"

// CSRF makes and checks synchronizer tokens: an HMAC of a binding value
// under a server key. Signed-in editors' tokens are bound to their session;
// anonymous visitors' to a random cookie, so a token lifted from one
// browser is worthless in another, and no state is kept on the server.
type CSRF struct {
	Key    []byte // at least 32 random bytes, shared by all instances
	Secure bool   // set the Secure flag on the cookie (HTTPS sites)
}

// Token returns the token for binding.
func (c *CSRF) Token(binding string) string {
	m := hmac.New(sha256.New, c.Key)
	m.Write([]byte("flashback csrf\x00"))
	m.Write([]byte(binding))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Valid reports whether token was made for binding.
func (c *CSRF) Valid(binding, token string) bool {
	if binding == "" || token == "" {
		return false
	}
	return hmac.Equal([]byte(c.Token(binding)), []byte(token))
}

// AnonToken returns a token for an anonymous form, setting the binding
// cookie if the visitor has none yet.
func (c *CSRF) AnonToken(w http.ResponseWriter, r *http.Request) string {
	if ck, err := r.Cookie(anonCookie); err == nil && len(ck.Value) >= 22 {
		return c.Token(ck.Value)
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	v := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{
		Name: anonCookie, Value: v, Path: "/", HttpOnly: true,
		Secure: c.Secure, SameSite: http.SameSiteLaxMode,
	})
	return c.Token(v)
}

// CheckAnon returns EFORBIDDEN unless the request's form carries the token
// bound to its cookie. The form must have been parsed or be parsable.
func (c *CSRF) CheckAnon(r *http.Request) error {
	ck, err := r.Cookie(anonCookie)
	if err != nil || !c.Valid(ck.Value, r.PostFormValue(CSRFField)) {
		return errExpiredForm()
	}
	return nil
}

// errExpiredForm is what a reader sees for a missing or wrong token: most
// often a form left open across a restart of their browser.
func errExpiredForm() error {
	return flashback.Errorf(flashback.EFORBIDDEN,
		"This form has expired or was not sent from our site. Please reload the page and try again.")
}
