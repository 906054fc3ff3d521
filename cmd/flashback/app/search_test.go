package app_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The running program answers searches of the bundled corpus on the page
// and in the API, and every page carries the search box.
func TestSearch_BundledCorpus(t *testing.T) {
	m := MustOpenMain(t, time.Date(2026, time.June, 17, 12, 0, 0, 0, time.UTC), "UTC")
	page := get(t, m.HTTP.URL()+"/search?q=armstrong+moon")
	if !strings.Contains(page, "<mark>moon</mark>") || !strings.Contains(page, `href="/events/`) {
		t.Errorf("search page shows no marked hit linking to an article:\n%s", page)
	}
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			URL string `json:"url"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(get(t, m.HTTP.URL()+"/api/v1/search?q=armstrong+moon")), &res); err != nil {
		t.Fatal(err)
	}
	// The API's link is absolute, under the site's public address; the
	// page's is the same path.
	if res.Total == 0 || len(res.Hits) == 0 {
		t.Fatalf("API found %+v", res)
	}
	path, ok := strings.CutPrefix(res.Hits[0].URL, strings.TrimRight(m.Config.BaseURL, "/")+"/")
	if !ok || !strings.Contains(page, `href="/`+path+`"`) {
		t.Errorf("API found %+v, not the page's first hit under %s", res, m.Config.BaseURL)
	}
	if home := get(t, m.HTTP.URL()+"/"); !strings.Contains(home, `action="/search"`) {
		t.Error("the home page has no search box")
	}
}
