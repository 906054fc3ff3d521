package http

import (
	"net/http"
	"net/url"

	"flashback"
)

// ZoneCookie is the cookie holding the reader's IANA time zone name. The
// site's script sets it from the browser; the server sets it when the
// reader picks a zone. Its value is path-escaped ("Asia%2FTokyo").
const ZoneCookie = "tz"

// ReaderZoneName returns the zone name the reader's cookie holds, or "" when
// there is none. The caller still has to check that the name is a zone.
func ReaderZoneName(r *http.Request) string {
	c, err := r.Cookie(ZoneCookie)
	if err != nil {
		return ""
	}
	name, err := url.PathUnescape(c.Value)
	if err != nil {
		return ""
	}
	return name
}

// ReaderZoneOr returns the zone the reader's cookie names when it is a
// real zone, else fallback (the site's default), for pages that only
// pre-fill a form with it.
func ReaderZoneOr(r *http.Request, fallback string) string {
	if name := ReaderZoneName(r); name != "" {
		if _, err := flashback.LoadZone(name); err == nil {
			return name
		}
	}
	return fallback
}

// RememberZone sets the zone cookie for a year. secure marks it Secure, for
// a site served over HTTPS: a zone is not secret, but a cookie that plain
// HTTP can set or read is one an attacker on the path can tamper with.
func RememberZone(w http.ResponseWriter, name string, secure bool) {
	http.SetCookie(w, &http.Cookie{
		Name:     ZoneCookie,
		Value:    url.PathEscape(name),
		Path:     "/",
		MaxAge:   365 * 24 * 3600,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	})
}

// ForgetZone deletes the zone cookie, so that the page script detects the
// browser's zone again (a cookie naming no zone would stop it for a year).
func ForgetZone(w http.ResponseWriter, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: ZoneCookie, Value: "", Path: "/", MaxAge: -1, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// IsHTTPS reports whether the site's public base URL is https, which is
// what makes its cookies Secure and its responses carry HSTS. The site may
// still listen on plain HTTP behind a proxy that ends TLS, so the request
// itself cannot tell.
func IsHTTPS(baseURL string) bool {
	u, err := url.Parse(baseURL)
	return err == nil && u.Scheme == "https"
}
