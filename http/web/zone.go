package web

import (
	"net/http"
	"strconv"
	"time"

	"flashback"
	fhttp "flashback/http"
)

// readerContext is what a page needs to know about the reader: their time
// zone and the civil date it is for them now.
type readerContext struct {
	zone      *time.Location
	zoneName  string
	today     flashback.CivilDate
	zoneSet   bool // the reader chose the zone with ?tz= on this request
	badCookie bool // the tz cookie names no zone: delete it
}

// reader works out the reader's zone: ?tz= first, then the tz cookie, then
// the site's default. A bad ?tz= is the reader's mistake and gets a 400; a
// bad cookie is ignored, so a stale cookie can never lock anyone out.
func (h *Handler) reader(r *http.Request) (readerContext, error) {
	loc, set, bad := h.Location, false, false
	if r.URL.RawQuery != "" {
		if name := r.URL.Query().Get("tz"); name != "" {
			l, err := h.zones.Load(name)
			if err != nil {
				return readerContext{}, err
			}
			loc, set = l, true
		}
	}
	if !set {
		if name := fhttp.ReaderZoneName(r); name != "" {
			if l, err := h.zones.Load(name); err == nil {
				loc = l
			} else {
				bad = true
			}
		} else if _, err := r.Cookie(fhttp.ZoneCookie); err == nil {
			bad = true // present but not even decodable
		}
	}
	return readerContext{zone: loc, zoneName: loc.String(), zoneSet: set, badCookie: bad,
		today: flashback.CivilDateOf(h.Now(), loc)}, nil
}

// sharedReader is the reader context of a page every reader shares (see
// shared): the site's zone and date, whoever asks. The reader's own
// parameters are still checked and remembered, so a bad ?tz= is a 400 and
// a chosen zone sticks for the today page.
func (h *Handler) sharedReader(w http.ResponseWriter, r *http.Request) (*readerContext, error) {
	rc, err := h.reader(r)
	if err != nil {
		return nil, err
	}
	rc.remember(w, h.secureCookies())
	return &readerContext{zone: h.Location, zoneName: h.Location.String(),
		today: flashback.CivilDateOf(h.Now(), h.Location)}, nil
}

// cacheKey is the key of a cached page: path and the query that matters,
// the reader's date and zone. It is built in buf, which a caller can keep
// on its stack: a lookup with it then allocates nothing.
func (rc *readerContext) cacheKey(buf []byte, path string) []byte {
	buf = append(buf, path...)
	buf = append(buf, '|')
	buf = appendISODate(buf, rc.today)
	buf = append(buf, '|')
	return append(buf, rc.zoneName...)
}

// remember sets the tz cookie when the reader picked a zone explicitly, so
// the choice sticks on the next visit, and deletes a cookie that names no
// zone, so the page script can detect the browser's zone again.
func (rc *readerContext) remember(w http.ResponseWriter, secure bool) {
	switch {
	case rc.zoneSet:
		fhttp.RememberZone(w, rc.zoneName, secure)
	case rc.badCookie:
		fhttp.ForgetZone(w, secure)
	}
}

// appendISODate writes 2026-01-31 without fmt, which matters on the hot
// path.
func appendISODate(b []byte, d flashback.CivilDate) []byte {
	b = strconv.AppendInt(b, int64(d.Year), 10)
	return append(b, '-', byte('0'+d.Month/10), byte('0'+d.Month%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
}

// secureCookies reports whether the cookies the pages set are Secure: on a
// site whose base URL is https. It is worked out once, in init: parsing
// the base URL on every request was a sixth of a cached page's cost.
func (h *Handler) secureCookies() bool { return h.secure }
