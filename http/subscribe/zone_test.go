package subscribe_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// The browser's zone, as the site's script stores it (path-escaped), fills
// the sign-up form; the manage page shows the stored zone and never lets the
// script replace it.
func TestZoneField(t *testing.T) {
	s := newSite(t)
	req, _ := http.NewRequest(http.MethodGet, s.url("/subscribe"), nil)
	req.AddCookie(&http.Cookie{Name: "tz", Value: "Asia%2FTokyo"})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	form := string(b)
	if !strings.Contains(form, `id="sub-tz" name="tz" type="text" value="Asia/Tokyo" data-tz-fill`) {
		t.Errorf("sign-up form does not offer the cookie's zone for the script to refine:\n%s", form)
	}
	manage, _ := s.confirmedBy(t, "z@example.org")
	_, page := get(t, s.url(manage))
	field := regexp.MustCompile(`<input id="sub-tz"[^>]*>`).FindString(page)
	if field == "" || strings.Contains(field, "data-tz-fill") {
		t.Errorf("manage page lets the script overwrite the stored zone:\n%s", page)
	}
}
