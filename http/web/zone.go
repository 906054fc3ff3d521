package web

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"flashback"
	fhttp "flashback/http"
)

// readerContext is what a page needs to know about the reader: their time
// zone and the civil date it is for them now.
type readerContext struct {
	zone     *time.Location
	zoneName string
	today    flashback.CivilDate
	zoneSet  bool // the reader chose the zone with ?tz= on this request
}

// reader works out the reader's zone: ?tz= first, then the tz cookie, then
// the site's default. A bad ?tz= is the reader's mistake and gets a 400; a
// bad cookie is ignored, so a stale cookie can never lock anyone out.
func (h *Handler) reader(r *http.Request) (readerContext, error) {
	loc, set := h.Location, false
	if r.URL.RawQuery != "" {
		if name := r.URL.Query().Get("tz"); name != "" {
			l, err := h.zones.load(name)
			if err != nil {
				return readerContext{}, err
			}
			loc, set = l, true
		}
	}
	if !set {
		if name := fhttp.ReaderZoneName(r); name != "" {
			if l, err := h.zones.load(name); err == nil {
				loc = l
			}
		}
	}
	return readerContext{zone: loc, zoneName: loc.String(), zoneSet: set, today: flashback.CivilDateOf(h.Now(), loc)}, nil
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
// the choice sticks on the next visit.
func (rc *readerContext) remember(w http.ResponseWriter) {
	if !rc.zoneSet {
		return
	}
	fhttp.RememberZone(w, rc.zoneName)
}

// appendISODate writes 2026-01-31 without fmt, which matters on the hot
// path.
func appendISODate(b []byte, d flashback.CivilDate) []byte {
	b = strconv.AppendInt(b, int64(d.Year), 10)
	return append(b, '-', byte('0'+d.Month/10), byte('0'+d.Month%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
}

// zoneCache remembers loaded time zones: time.LoadLocation reads a file
// each time. Only names that loaded are kept, and there are only a few
// hundred of those, so the map stays small.
type zoneCache struct {
	mu    sync.RWMutex
	zones map[string]*time.Location
}

func newZoneCache() *zoneCache { return &zoneCache{zones: map[string]*time.Location{}} }

func (z *zoneCache) load(name string) (*time.Location, error) {
	z.mu.RLock()
	loc, ok := z.zones[name]
	z.mu.RUnlock()
	if ok {
		return loc, nil
	}
	if !plausibleZone(name) {
		return nil, badZone(name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, badZone(name)
	}
	z.mu.Lock()
	z.zones[name] = loc
	z.mu.Unlock()
	return loc, nil
}

// plausibleZone rejects what cannot be an IANA zone name before it gets
// near the file system: "Local", paths, odd characters, long strings.
func plausibleZone(name string) bool {
	if name == "" || len(name) > 64 || name == "Local" || name[0] == '/' || name[0] == '.' {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '_' || c == '-' || c == '+'
		if !ok || (c == '/' && i > 0 && name[i-1] == '/') {
			return false
		}
	}
	return true
}

func badZone(name string) error {
	if len(name) > 64 {
		name = name[:64] + "…"
	}
	return flashback.Errorf(flashback.EINVALID,
		"%q is not a time zone we know. Use a name like Europe/Paris, America/New_York or UTC.", name)
}
