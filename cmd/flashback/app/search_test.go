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
	if res.Total == 0 || len(res.Hits) == 0 || !strings.Contains(page, `href="`+res.Hits[0].URL+`"`) {
		t.Errorf("API found %+v, not the page's first hit", res)
	}
	if home := get(t, m.HTTP.URL()+"/"); !strings.Contains(home, `action="/search"`) {
		t.Error("the home page has no search box")
	}
}
