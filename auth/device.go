package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"time"
)

// DeviceCookie marks a browser that has signed in to an account before, so
// that the sign-in throttle can tell the editor's own browsers from a
// stranger's (see Throttle). It holds a random id and a MAC binding it to
// the account; it grants nothing by itself.
const DeviceCookie = "fb_device"

// deviceTTL is how long a browser stays known without signing in again.
const deviceTTL = 365 * 24 * time.Hour

// knownDevice returns the id of r's device cookie when it was issued for
// account, and "" otherwise.
func (t *Throttle) knownDevice(r *http.Request, account string) string {
	c, err := r.Cookie(DeviceCookie)
	if err != nil {
		return ""
	}
	id, mac, ok := strings.Cut(c.Value, ".")
	if !ok || id == "" {
		return ""
	}
	got, err := base64.RawURLEncoding.DecodeString(mac)
	if err != nil || !hmac.Equal(got, t.deviceMAC(account, id)) {
		return ""
	}
	return id
}

// rememberDevice sets the device cookie for account, keeping the id the
// browser already has so that its bucket stays the same.
func (t *Throttle) rememberDevice(w http.ResponseWriter, r *http.Request, account string, secure bool) {
	id := t.knownDevice(r, account)
	if id == "" {
		id = randomToken()[:22] // 132 random bits
	}
	http.SetCookie(w, &http.Cookie{
		Name: DeviceCookie, Value: id + "." + base64.RawURLEncoding.EncodeToString(t.deviceMAC(account, id)),
		Path: "/admin", HttpOnly: true, Secure: secure, SameSite: http.SameSiteStrictMode,
		Expires: time.Now().Add(deviceTTL).UTC(),
	})
}

func (t *Throttle) deviceMAC(account, id string) []byte {
	m := hmac.New(sha256.New, t.Secret)
	m.Write([]byte("device\x00" + account + "\x00" + id))
	return m.Sum(nil)
}
