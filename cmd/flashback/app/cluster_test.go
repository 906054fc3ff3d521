package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"flashback"
	"flashback/cmd/flashback/app"
	"flashback/corpus/wikisync/fakeapi"
	"flashback/http/api"
)

// logBuffer is a log destination a test reads while the program writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) count(s string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Count(b.buf.String(), s)
}

// instance is one serve of a cluster, with its log.
type instance struct {
	*app.Main
	log *logBuffer
}

// openCluster starts n instances in-process, each with a data directory
// of its own and all on the one database, as n machines behind a load
// balancer would be; now is their clock (nil: the system's) and edit may
// change the configuration they share. They
// start one after another, so that only the first imports the corpus.
func openCluster(t *testing.T, n int, now flashback.Clock, edit func(*app.Config)) []instance {
	t.Helper()
	db := filepath.Join(t.TempDir(), "shared.db")
	var out []instance
	for range n {
		cfg := app.DefaultConfig()
		cfg.Addr = "127.0.0.1:0"
		cfg.DataDir = t.TempDir()
		cfg.DatabaseURL = db
		if edit != nil {
			edit(&cfg)
		}
		log := &logBuffer{}
		m := openMainLogged(t, cfg, now, slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug})))
		out = append(out, instance{m, log})
	}
	return out
}

// total counts s in the logs of every instance.
func total(insts []instance, s string) int {
	n := 0
	for _, in := range insts {
		n += in.log.count(s)
	}
	return n
}

// waitUntil polls cond until it holds or the deadline passes.
func waitUntil(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > within {
			t.Fatalf("%s: not within %v", what, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestClusterJobsRunOnce: two instances on one database purge once and
// sync Wikipedia's coming week once between them, not once each.
func TestClusterJobsRunOnce(t *testing.T) {
	api := fakeapi.New(10)
	srv := httptest.NewServer(api)
	defer srv.Close()
	insts := openCluster(t, 2, nil, func(c *app.Config) {
		c.WikimediaAPI, c.WikimediaContact, c.WikimediaSync = srv.URL, "ops@example.org", "en"
	})
	jobs := []struct {
		name, lease, done string
	}{
		{"RetentionPurge", "job=retention-purge", "retention: nothing to purge"},
		{"WikipediaSync", "job=wikimedia-sync:en", "msg=\"wikipedia sync\""},
	}
	for _, j := range jobs {
		t.Run(j.name, func(t *testing.T) {
			// Each instance tries at start: one does the work, the other
			// finds it running or done.
			waitUntil(t, 30*time.Second, "one run and one refusal", func() bool {
				return total(insts, j.done) >= 1 && total(insts, "running elsewhere\" "+j.lease) >= 1
			})
			if n := total(insts, j.done); n != 1 {
				t.Errorf("ran %d times on two instances, want once", n)
			}
		})
	}
	if days := api.Requests.Load() - api.Images.Load(); days != 8 {
		t.Errorf("%d feed requests, want the 8 days of one sync", days)
	}
}

// TestEditReachesEveryInstance: an editor's change saved on one instance
// shows on another instance's pages, API and feeds within two seconds,
// though each had the old content cached: the caches follow the content
// version in the shared database, not the writer's memory.
func TestEditReachesEveryInstance(t *testing.T) {
	insts := openCluster(t, 2, nil, nil)
	a, b := insts[0], insts[1]
	ctx := context.Background()
	today := time.Now().UTC()
	md := flashback.MonthDay{Month: today.Month(), Day: today.Day()}
	events, _, err := a.Stores.Events.FindEvents(ctx, flashback.EventFilter{On: []flashback.MonthDay{md}, Limit: 1})
	if err != nil || len(events) == 0 {
		t.Fatalf("no event today to edit: %v", err)
	}
	ev := events[0]
	day := fmt.Sprintf("%02d/%02d", md.Month, md.Day)
	surfaces := []struct{ name, path string }{
		{"DatePage", fmt.Sprintf("/on/%s/%d", flashback.MonthSlug(md.Month), md.Day)},
		{"Article", fmt.Sprintf("/events/%d", ev.ID)},
		{"APIEdition", "/api/v1/onthisday/all/" + day},
		{"APIEvent", fmt.Sprintf("/api/v1/events/%d", ev.ID)},
		{"RSS", "/rss.xml"},
	}
	for _, s := range surfaces {
		if body := get(t, b.HTTP.URL()+s.path); !shows(body, ev.Headline) {
			t.Fatalf("%s on B does not show %q before the edit", s.path, ev.Headline)
		}
	}
	ev.Headline = "Zebrafish " + ev.Headline
	if err := a.Stores.Edits.EditEvent(ctx, flashback.EventEdit{Event: ev, Note: "edited on instance A"}); err != nil {
		t.Fatal(err)
	}
	edited := time.Now()
	for _, s := range surfaces {
		t.Run(s.name, func(t *testing.T) {
			waitUntil(t, 2*time.Second-time.Since(edited), s.path+" on B shows the edit", func() bool {
				return strings.Contains(get(t, b.HTTP.URL()+s.path), "Zebrafish ")
			})
			t.Logf("%s on B shows the edit %v after it was saved on A", s.path, time.Since(edited).Round(time.Millisecond))
		})
	}
}

// shows says whether body shows text as a reader sees it: pages and feed
// items escape it as HTML ("Fraunce&#39;s Tavern"), the API as JSON ("A
// \u0026 B"). Today's event decides which characters a headline holds.
func shows(body, text string) bool {
	j, err := json.Marshal(text)
	if err != nil {
		panic(err)
	}
	return strings.Contains(html.UnescapeString(body), text) || strings.Contains(body, string(j[1:len(j)-1]))
}

func TestShows(t *testing.T) {
	const headline = `Washington takes leave at Fraunce's Tavern & dines`
	tests := []struct {
		name, body string
		want       bool
	}{
		{"Plain", "<p>" + headline + "</p>", true},
		{"EscapedAsHTML", "<p>Washington takes leave at Fraunce&#39;s Tavern &amp; dines</p>", true},
		{"EscapedAsJSON", `{"text":"Washington takes leave at Fraunce's Tavern \u0026 dines"}`, true},
		{"Absent", "<p>Washington takes leave</p>", false},
		{"EscapedTwice", "<p>Washington takes leave at Fraunce&amp;#39;s Tavern &amp;amp; dines</p>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shows(tt.body, headline); got != tt.want {
				t.Errorf("shows(%q) = %v, want %v", tt.body, got, tt.want)
			}
		})
	}
}

// TestLimitsAreShared: a client's budget is one for the whole cluster, so
// the same requests split between two instances meet as many refusals as
// sent to one. The clock stands still, so no bucket refills meanwhile.
func TestLimitsAreShared(t *testing.T) {
	clock := func() time.Time { return time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC) }
	limits := []struct {
		name string
		n    int // requests, more than the burst
		// slack is how many more the second instance may refuse: the
		// API's limit takes tokens from the store a chunk at a time, and
		// tokens one instance holds are not the other's to give.
		slack int
		send  func(t *testing.T, base string, i int) int
	}{
		{"API", 305, 2 * (&flashback.Limiter{Chunk: api.LimitChunk}).MostHeld(), func(t *testing.T, base string, _ int) int {
			return getStatus(t, "GET", base+"/api/v1/categories")
		}},
		{"SignIn", 8, 0, func(t *testing.T, base string, _ int) int { return postSignIn(t, base) }},
		{"SignUp", 8, 0, func(t *testing.T, base string, i int) int {
			return postStatus(t, base+"/subscribe", url.Values{"email": {fmt.Sprintf("reader%d@example.org", i)},
				"tz": {"Europe/Vienna"}, "hour": {"07:00"}})
		}},
		{"ContactForm", 8, 0, func(t *testing.T, base string, i int) int {
			return postForm(t, base, "/contact", "/contact", url.Values{"name": {"Ann"}, "email": {"ann@example.org"},
				"subject": {"Hello"}, "message": {fmt.Sprintf("Message number %d about the site.", i)}})
		}},
	}
	refusals := func(t *testing.T, l int, insts []instance) int {
		n := 0
		for i := range limits[l].n {
			if limits[l].send(t, insts[i%len(insts)].HTTP.URL(), i) == http.StatusTooManyRequests {
				n++
			}
		}
		return n
	}
	for l, lim := range limits {
		t.Run(lim.name, func(t *testing.T) {
			one := refusals(t, l, openCluster(t, 1, clock, nil))
			two := refusals(t, l, openCluster(t, 2, clock, nil))
			t.Logf("%d requests: %d refused by one instance, %d by two", lim.n, one, two)
			// Never more allowed with two instances than with one: adding
			// instances does not multiply the limit.
			if one == 0 || two < one || two > one+lim.slack {
				t.Errorf("%d requests: %d refused by one instance, %d by two; want more than none, and from %d to %d by two",
					lim.n, one, two, one, one+lim.slack)
			}
		})
	}
}

// postStatus posts form without a browser's cookies and returns the status.
func postStatus(t *testing.T, target string, form url.Values) int {
	t.Helper()
	res, err := http.PostForm(target, form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}
