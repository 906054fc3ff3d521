package web_test

import (
	"flashback"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The reader's today decides the page, not the server's: around midnight
// the two differ.
func TestToday_ReadersTimeZone(t *testing.T) {
	la := mustLoad(t, "America/Los_Angeles")
	kiri := mustLoad(t, "Pacific/Kiritimati")
	// 23:30 on 30 January in Los Angeles is 07:30 on 31 January UTC.
	laNight := time.Date(2026, time.January, 30, 23, 30, 0, 0, la)
	// 23:30 UTC on 30 January is already 13:30 on 31 January in Kiritimati (UTC+14).
	utcNight := time.Date(2026, time.January, 30, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		name    string
		now     time.Time
		def     *time.Location
		path    string
		headers []string
		want    string
		zone    string
	}{
		{"SiteDefaultUTC", laNight, time.UTC, "/", nil, "Flashback to January 31", "UTC"},
		{"SiteDefaultLA", laNight, la, "/", nil, "Flashback to January 30", "America/Los_Angeles"},
		{"QueryLA", laNight, time.UTC, "/?tz=America/Los_Angeles", nil, "Flashback to January 30", "America/Los_Angeles"},
		{"CookieLA", laNight, time.UTC, "/", []string{"Cookie", "tz=America%2FLos_Angeles"}, "Flashback to January 30", "America/Los_Angeles"},
		{"QueryBeatsCookie", laNight, time.UTC, "/?tz=UTC", []string{"Cookie", "tz=America%2FLos_Angeles"}, "Flashback to January 31", "UTC"},
		{"ServerUTC", utcNight, time.UTC, "/", nil, "Flashback to January 30", "UTC"},
		{"QueryKiritimati", utcNight, time.UTC, "/?tz=Pacific/Kiritimati", nil, "Flashback to January 31", "Pacific/Kiritimati"},
		{"CookieKiritimati", utcNight, la, "/", []string{"Cookie", "tz=Pacific%2FKiritimati"}, "Flashback to January 31", "Pacific/Kiritimati"},
		{"BadCookieIgnored", utcNight, kiri, "/", []string{"Cookie", "tz=Mars%2FOlympus"}, "Flashback to January 31", "Pacific/Kiritimati"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, tc.now, tc.def)
			s.add(eventOn(30, "Thirtieth"))
			s.add(eventOn(31, "Thirty-first"))
			body := s.mustGet(tc.path, http.StatusOK, tc.headers...)
			if got := heading(t, body); got != tc.want {
				t.Errorf("heading %q, want %q", got, tc.want)
			}
			mustContain(t, body, `<strong class="zone-name">`+tc.zone+"</strong>")
			// The list agrees with the heading.
			onDay := strings.TrimPrefix(tc.want, "Flashback to January ")
			other := map[string]string{"30": "Thirty-first", "31": "Thirtieth"}[onDay]
			mustNotContain(t, body, ">"+other+"<")
		})
	}
}

func eventOn(d int, headline string) flashback.Event {
	return flashback.Event{Date: day(1950, time.January, d), Headline: headline}
}

func TestToday_ZoneChoiceSticks(t *testing.T) {
	s := newSite(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	w := s.get("/?tz=Europe/Paris")
	if w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	var found bool
	for _, c := range w.Result().Cookies() {
		if c.Name == "tz" {
			v, _ := url.PathUnescape(c.Value)
			found = v == "Europe/Paris" && c.Path == "/" && c.MaxAge > 0
		}
	}
	if !found {
		t.Fatalf("no tz cookie for the chosen zone: %v", w.Header()["Set-Cookie"])
	}
	if w := s.get("/"); len(w.Result().Cookies()) != 0 {
		t.Error("cookie set without a choice")
	}
}

// A cookie that names no zone is ignored and deleted, so the page script
// can detect the browser's zone again instead of being stuck on the default.
func TestToday_BadZoneCookieIsDeleted(t *testing.T) {
	s := newSite(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	for _, value := range []string{"Mars%2FOlympus", "%zz", "Factory"} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.AddCookie(&http.Cookie{Name: "tz", Value: value})
		w := record(s, r)
		if w.Code != http.StatusOK {
			t.Fatalf("cookie %q: status %d", value, w.Code)
		}
		deleted := false
		for _, c := range w.Result().Cookies() {
			deleted = deleted || (c.Name == "tz" && c.MaxAge < 0)
		}
		if !deleted {
			t.Errorf("cookie %q was not deleted: %v", value, w.Header()["Set-Cookie"])
		}
	}
}

func TestToday_BadZone(t *testing.T) {
	s := newSite(t, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	tests := []struct{ name, tz string }{
		{"Unknown", "Mars/Olympus_Mons"},
		{"Script", `<script>alert("x")</script>`},
		{"Path", "../../etc/passwd"},
		{"Absolute", "/etc/localtime"},
		{"Local", "Local"},
		{"Long", strings.Repeat("A", 300)},
		{"LegacyFactory", "Factory"},
		{"LegacyPosixRules", "posixrules"},
		{"LegacyNoArea", "EST5EDT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := s.mustGet("/?tz="+url.QueryEscape(tc.tz), http.StatusBadRequest)
			mustContain(t, body, "is not a time zone we know")
			mustNotContain(t, body, "<script>alert", `"x")`, "Set-Cookie")
		})
	}
}
