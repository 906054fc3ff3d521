package app_test

import (
	"context"
	"time"

	"flashback/cmd/flashback/app"
	"net/http/httptest"
	"strings"
	"testing"

	"flashback/corpus/wikisync/fakeapi"
)

// fetchCLI runs `flashback import wikimedia -fetch` against a local
// stand-in for the Wikimedia API (the real one is not reachable here).
func fetchCLI(t *testing.T, base, dataDir, contact string, args ...string) (string, string, error) {
	t.Helper()
	all := append([]string{"import", "wikimedia", "-fetch", "-wikimedia-api", base, "-rate", "100"}, args...)
	if contact != "" {
		all = append(all, "-wikimedia-contact", contact)
	}
	return runCLI(t, dataDir, "", all...)
}

func TestCLI_FetchTwiceThenOnly304s(t *testing.T) {
	api := fakeapi.New(20)
	srv := httptest.NewServer(api)
	defer srv.Close()
	dir := t.TempDir()
	out, errOut, err := fetchCLI(t, srv.URL, dir, "ops@example.org", "-from", "02-27", "-to", "03-01", "-images")
	if err != nil {
		t.Fatalf("first fetch: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "4 of 4 days done") || strings.Contains(out, "added 0,") || strings.Contains(out, " 0 pictures") {
		t.Errorf("first fetch said %q", out)
	}
	// Not a terminal: plain lines, never carriage returns.
	if strings.Contains(errOut, "\r") {
		t.Errorf("progress on a pipe redraws in place: %q", errOut)
	}
	out, _, err = fetchCLI(t, srv.URL, dir, "ops@example.org", "-from", "02-27", "-to", "03-01")
	if err != nil || !strings.Contains(out, "(0 resumed, 4 unchanged), 4 requests: added 0, updated 0") {
		t.Errorf("second fetch said %q (%v)", out, err)
	}
}

func TestCLI_FetchFlagsAreChecked(t *testing.T) {
	api := fakeapi.New(10)
	srv := httptest.NewServer(api)
	defer srv.Close()
	dir := t.TempDir()
	tests := []struct {
		name    string
		contact string
		args    []string
		want    string
	}{
		{"NoContact", "", nil, "FLASHBACK_WIKIMEDIA_CONTACT"},
		{"ContactBreaksUserAgent", "me (x)", nil, "parentheses"},
		{"BadFrom", "ops@example.org", []string{"-from", "2-1"}, "-from \"2-1\": use MM-DD"},
		{"ImpossibleTo", "ops@example.org", []string{"-to", "02-30"}, "not a day of the year"},
		{"BadLang", "ops@example.org", []string{"-lang", "EN;x"}, "-lang"},
		{"BadType", "ops@example.org", []string{"-type", "wars"}, "-type"},
		{"BadRate", "ops@example.org", []string{"-rate", "0"}, "-rate"},
		{"FetchWithFile", "ops@example.org", []string{"feed.json"}, "-fetch goes with"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := fetchCLI(t, srv.URL, dir, tt.contact, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
	if n := api.Requests.Load(); n != 0 {
		t.Errorf("bad flags still sent %d requests", n)
	}
}

func TestCLI_FetchWrapsOverTheYearEnd(t *testing.T) {
	api := fakeapi.New(10)
	srv := httptest.NewServer(api)
	defer srv.Close()
	out, errOut, err := fetchCLI(t, srv.URL, t.TempDir(), "ops@example.org", "-from", "12-30", "-to", "01-02", "-review")
	if err != nil || !strings.Contains(out, "4 of 4 days done") {
		t.Errorf("wrap-around fetch: %q %v\n%s", out, err, errOut)
	}
}

// With FLASHBACK_WIKIMEDIA_SYNC set, the server fetches the coming week
// on its own once it starts.
func TestServe_WikipediaSyncFetchesTheComingWeek(t *testing.T) {
	api := fakeapi.New(10)
	srv := httptest.NewServer(api)
	defer srv.Close()
	cfg := app.DefaultConfig()
	cfg.Addr, cfg.DataDir = "127.0.0.1:0", t.TempDir()
	cfg.WikimediaAPI, cfg.WikimediaContact, cfg.WikimediaSync = srv.URL, "ops@example.org", "en"
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	m := app.NewMain(cfg, nil)
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	deadline := time.Now().Add(20 * time.Second)
	for api.Requests.Load() < 8 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := api.Requests.Load(); n < 8 {
		t.Errorf("the server asked %d days, want the 8 of the coming week", n)
	}
}

func TestConfig_WikimediaSyncNeedsAContact(t *testing.T) {
	cfg := app.DefaultConfig()
	cfg.WikimediaSync = "en"
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "FLASHBACK_WIKIMEDIA_CONTACT") {
		t.Errorf("Validate = %v", err)
	}
}
