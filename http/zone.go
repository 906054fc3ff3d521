package http

import (
	"net/http"
	"net/url"
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

// RememberZone sets the zone cookie for a year.
func RememberZone(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{
		Name:     ZoneCookie,
		Value:    url.PathEscape(name),
		Path:     "/",
		MaxAge:   365 * 24 * 3600,
		SameSite: http.SameSiteLaxMode,
	})
}

// ForgetZone deletes the zone cookie, so that the page script detects the
// browser's zone again (a cookie naming no zone would stop it for a year).
func ForgetZone(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: ZoneCookie, Value: "", Path: "/", MaxAge: -1, SameSite: http.SameSiteLaxMode})
}
