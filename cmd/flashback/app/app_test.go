package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/cmd/flashback/app"
)

// MustOpenMain starts the whole program in-process on a free port, with an
// empty data directory (so the bundled corpus is imported) and a fixed clock.
func MustOpenMain(t testing.TB, now time.Time, zone string) *app.Main {
	t.Helper()
	cfg := app.DefaultConfig()
	cfg.Timezone = zone
	return mustOpenMainWith(t, now, cfg)
}

// mustOpenMainWith is MustOpenMain with the caller's configuration.
func mustOpenMainWith(t testing.TB, now time.Time, cfg app.Config) *app.Main {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	return openMain(t, cfg, func() time.Time { return now })
}

// openMain starts the whole program in-process with cfg and the clock now,
// and closes it when the test ends.
func openMain(t testing.TB, cfg app.Config, now flashback.Clock) *app.Main {
	t.Helper()
	return openMainLogged(t, cfg, now, nil)
}

// openMainLogged is openMain logging to logger (nil: nowhere).
func openMainLogged(t testing.TB, cfg app.Config, now flashback.Clock, logger *slog.Logger) *app.Main {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	m := app.NewMain(cfg, logger)
	m.Now = now
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	return m
}

var (
	cardRE    = regexp.MustCompile(`<article class="card[^"]*" data-month-day="(\d\d-\d\d)"[^>]*>(?s:(.*?))</article>`)
	headingRE = regexp.MustCompile(`<h1>([^<]*)</h1>`)
)

// Every one of the 366 date pages over the real bundled corpus shows the
// date it was asked for, and only events remembered on that date (plus the
// marked 29 February events on 28 February in a common year), and all of
// them.
func TestDatePages_BundledCorpusIntegrity(t *testing.T) {
	const year = 2026 // a common year, so 28 February also carries 29 February
	m := MustOpenMain(t, time.Date(year, time.June, 17, 12, 0, 0, 0, time.UTC), "UTC")
	ctx := context.Background()
	shown, featured, promises := 0, 0, 0
	for _, md := range flashback.AllMonthDays() {
		body := get(t, m.HTTP.URL()+fmt.Sprintf("/on/%s/%d", flashback.MonthSlug(md.Month), md.Day))
		h := headingRE.FindStringSubmatch(body)
		if want := "Flashback to " + md.String(); h == nil || h[1] != want {
			t.Fatalf("%v: heading %v, want %q", md, h, want)
		}
		days := flashback.ShownOn(md, year)
		allowed := map[string]bool{}
		for _, d := range days {
			allowed[fmt.Sprintf("%02d-%02d", int(d.Month), d.Day)] = true
		}
		cards := cardRE.FindAllStringSubmatch(body, -1)
		for _, c := range cards {
			if !allowed[c[1]] {
				t.Errorf("%v page shows an event of %s", md, c[1])
			}
			if c[1] == "02-29" && md.Day == 28 && !strings.Contains(c[2], "Leap day") {
				t.Errorf("%v page shows a 29 February event without the leap-day mark", md)
			}
		}
		_, total, err := m.Stores.Events.FindEvents(ctx, flashback.EventFilter{On: days})
		if err != nil {
			t.Fatal(err)
		}
		if total > 0 {
			featured++
			if !strings.Contains(body, `<article class="card lead"`) {
				t.Errorf("%v page has events but no featured story", md)
			}
		}
		promises += checkNoFalsePromises(t, ctx, m, md, body)
		if len(cards) != total {
			t.Errorf("%v page shows %d events, the store has %d for it", md, len(cards), total)
		}
		shown += len(cards)
	}
	if shown < 2000 {
		t.Errorf("only %d events across all date pages; the bundled corpus has more", shown)
	}
	t.Logf("bundled corpus: %d of 366 days have a featured story; %d promises of unwritten articles", featured, promises)
}

var readMoreRE = regexp.MustCompile(`<a href="/events/(\d+)/[^"]*">Read more`)

// checkNoFalsePromises fails on a "Read more" that leads to an event
// without an article, and on text saying an article is missing; it returns
// how many it found.
func checkNoFalsePromises(t *testing.T, ctx context.Context, m *app.Main, md flashback.MonthDay, body string) int {
	t.Helper()
	n := 0
	for _, rm := range readMoreRE.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(rm[1], 10, 64)
		e, err := m.Stores.Events.FindEventByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(e.Body) == "" {
			n++
			t.Errorf("%v page promises the unwritten article of event %d", md, id)
		}
	}
	if strings.Contains(body, "not been written") {
		n++
		t.Errorf("%v page mentions an unwritten article", md)
	}
	return n
}

func get(t testing.TB, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	return string(b)
}

// The privacy page states the retention periods the janitor enforces: a
// change to either without the other fails here.
func TestPrivacyPageMatchesRetentionPolicy(t *testing.T) {
	m := MustOpenMain(t, time.Date(2026, time.June, 17, 12, 0, 0, 0, time.UTC), "UTC")
	page := get(t, m.HTTP.URL()+"/privacy")
	p := flashback.DefaultRetention()
	days := func(d time.Duration) int { return int(d / (24 * time.Hour)) }
	for _, want := range []string{
		fmt.Sprintf("never confirmed is deleted after %d days", days(p.PendingSubscribers)),
		fmt.Sprintf("for %d hours", int(p.ConfirmMails/time.Hour)),
		fmt.Sprintf("Delivery records are deleted after %d days", days(p.Deliveries)),
		fmt.Sprintf("%d days after mail to your address bounces permanently", days(p.SuppressedSubscribers)),
		fmt.Sprintf("%d days after you unsubscribe", days(p.UnsubscribedSubscribers)),
		fmt.Sprintf("erase it %d days after the report is closed", days(p.ReportEmails)),
		fmt.Sprintf("deleted %d days after they have been dealt with", days(p.HandledMessages)),
	} {
		if !strings.Contains(strings.Join(strings.Fields(page), " "), want) {
			t.Errorf("the privacy page does not say %q", want)
		}
	}
}

// /healthz fails once the database file is gone from under the server:
// writes would go to a file nobody can find after a restart.
func TestHealthz_DatabaseFileMoved(t *testing.T) {
	m := MustOpenMain(t, time.Date(2026, time.June, 17, 12, 0, 0, 0, time.UTC), "UTC")
	if resp, err := http.Get(m.HTTP.URL() + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz before: %v %v", resp, err)
	}
	path := m.Config.DSN() // a plain file path: the tests use SQLite
	if err := os.Rename(path, path+".moved"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(m.HTTP.URL() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("healthz after the file moved: %s, want 503", resp.Status)
	}
}

// The bundled data's BSD notice is reachable from the running site, and the
// source line of a bundled event links to it.
func TestLicences_ReachableFromArticles(t *testing.T) {
	m := MustOpenMain(t, time.Date(2026, time.January, 31, 12, 0, 0, 0, time.UTC), "UTC")
	page := get(t, m.HTTP.URL()+"/licences")
	for _, want := range []string{`id="bsd-calendar"`, "Redistribution and use in source and binary forms", `id="wikipedia"`} {
		if !strings.Contains(page, want) {
			t.Errorf("/licences lacks %q", want)
		}
	}
	day := get(t, m.HTTP.URL()+"/on/january/31")
	link := regexp.MustCompile(`<h4><a href="(/events/[^"]+)"`).FindStringSubmatch(day)
	if link == nil {
		t.Fatal("no article linked from January 31")
	}
	// Absolute, so that a printed article gives an address to follow.
	want := `href="` + strings.TrimRight(m.Config.BaseURL, "/") + `/licences#bsd-calendar"`
	if article := get(t, m.HTTP.URL()+link[1]); !strings.Contains(article, want) {
		t.Errorf("the article's source does not link to the licence with %s", want)
	}
}
