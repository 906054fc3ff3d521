package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"flashback"
)

// The editor's form cleans what it saves: one-line fields lose their line
// breaks and bidi controls; invalid UTF-8 is refused with the form kept.
func TestEventFormCleansText(t *testing.T) {
	s := newSite(t)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	form := func(headline, summary string) url.Values {
		return url.Values{"headline": {headline}, "category": {flashback.CategoryHistory}, "summary": {summary},
			"year": {"1969"}, "month": {"7"}, "day": {"20"}, "precision": {"day"}, "calendar": {"gregorian"},
			"body": {"First line.\r\nSecond line."}, "sources": {"NASA\u202e | https://example.org/a | note\u2028more"},
			"action": {"save"}}
	}
	t.Run("LineBreaksFolded", func(t *testing.T) {
		res, body := b.send("/admin/events/new", "/admin/events/new", form("Apollo 11\r\nlands\u2028on the\u202e Moon", "kept"))
		wantStatus(t, res, body, http.StatusSeeOther)
		events, _, _ := s.events.FindEvents(t.Context(), flashback.EventFilter{IncludeDrafts: true})
		if len(events) != 1 {
			t.Fatalf("events = %+v", events)
		}
		e := events[0]
		if e.Headline != "Apollo 11 lands on the Moon" || e.Body != "First line.\nSecond line." {
			t.Errorf("saved headline %q, body %q", e.Headline, e.Body)
		}
		if src := e.Sources[0]; src.Title != "NASA" || src.Note != "note more" {
			t.Errorf("saved source %+v", src)
		}
	})
	t.Run("InvalidUTF8KeepsForm", func(t *testing.T) {
		res, body := b.send("/admin/events/new", "/admin/events/new", form("Caf\xe9 opens", "kept summary"))
		wantStatus(t, res, body, http.StatusBadRequest)
		wantContains(t, body, "The headline contains characters that are not valid text", "kept summary")
	})
	for _, tc := range []struct{ year, want string }{
		{"99999999999999999999", "The year must lie between 10000 BC and 9999."},
		{"9223372036854775807 BC", "The year must lie between 10000 BC and 9999."},
		// A signed year is refused before its size matters.
		{"-9223372036854775808", "Write the year with its era and no sign"},
	} {
		year := tc.year
		t.Run("AbsurdYear"+year, func(t *testing.T) {
			f := form("A headline", "kept summary")
			f.Set("year", year)
			res, body := b.send("/admin/events/new", "/admin/events/new", f)
			wantStatus(t, res, body, http.StatusBadRequest)
			wantContains(t, body, tc.want, "kept summary")
			if strings.Contains(body, "9223372036854775807") && !strings.Contains(year, "9223372036854775807") {
				t.Error("the page shows an overflowed year")
			}
		})
	}
}

func TestEventListAbsurdYear(t *testing.T) {
	s := newSite(t)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	for _, year := range []string{"99999999999999999999", "-9223372036854775808", "10000"} {
		t.Run(year, func(t *testing.T) {
			res, body := b.get("/admin/events?year=" + url.QueryEscape(year))
			wantStatus(t, res, body, http.StatusBadRequest)
			wantContains(t, body, "The year must lie between")
			if strings.Contains(body, "9223372036854775807") {
				t.Error("the page shows an overflowed year")
			}
		})
	}
	t.Run("AbsurdPageIsFirst", func(t *testing.T) {
		res, body := b.get("/admin/events?page=9223372036854775807")
		wantStatus(t, res, body, http.StatusOK)
	})
}

// A search for bytes that are not text, or for query syntax, is a list
// (maybe empty), never an internal error.
func TestEventListOddQueries(t *testing.T) {
	s := newSite(t)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	for _, q := range []string{"caf\xe9", "\u202e", "\"unbalanced", "a AND OR NOT", "*", "NEAR("} {
		t.Run(url.QueryEscape(q), func(t *testing.T) {
			res, body := b.get("/admin/events?q=" + url.QueryEscape(q))
			if res.StatusCode >= 500 {
				t.Errorf("status %d: %s", res.StatusCode, body)
			}
		})
	}
}
