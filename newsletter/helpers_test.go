package newsletter_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"net/textproto"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"flashback"
	"flashback/mail"
	"flashback/mail/smtpsink"
	"flashback/newsletter"
	"flashback/sqlite"
)

// testClock is a settable clock shared by the DB and the service.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) Set(t time.Time)     { c.mu.Lock(); c.now = t; c.mu.Unlock() }
func (c *testClock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// env is a newsletter wired to a real SQLite file and a real SMTP sink.
type env struct {
	db      *sqlite.DB
	subs    *sqlite.SubscriberStore
	events  *sqlite.EventStore
	sink    *smtpsink.Sink
	sender  mail.Sender
	svc     *newsletter.Service
	clock   *testClock
	signUps int // distinct client addresses for helpers' sign-ups
}

const baseURL = "https://flashback.example"

// jan31 is 07:00 in Vienna on 31 January 2026 (a common year).
var jan31 = time.Date(2026, time.January, 31, 6, 0, 0, 0, time.UTC)

func newEnv(t *testing.T, path string) *env {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "flashback.db")
	}
	e := &env{clock: &testClock{now: jan31.Add(-12 * time.Hour)}}
	e.db = sqlite.NewDB(path)
	e.db.Now = e.clock.Now
	if err := e.db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.db.Close() })
	e.subs, e.events = sqlite.NewSubscriberStore(e.db), sqlite.NewEventStore(e.db)
	e.sink = smtpsink.StartT(t, smtpsink.Options{})
	var err error
	e.sender, err = mail.New(e.sink.URL(), mail.Options{Timeout: 5 * time.Second, Pool: 4,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), HELO: "test.local"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.sender.Close() })
	e.svc = e.service(t, newsletter.DefaultSignUpRate())
	return e
}

// service returns a Service over e's database whose sign-ups per client are
// limited to rate (counted in the database, so shared by every Service).
func (e *env) service(t *testing.T, rate flashback.Rate) *newsletter.Service {
	t.Helper()
	signUps := &flashback.Limiter{Store: sqlite.NewLimitStore(e.db), Secret: []byte("test"),
		Name: fmt.Sprintf("sign-up %v", rate), Rate: rate}
	svc, err := newsletter.New(context.Background(), newsletter.Deps{
		Subscribers: e.subs, Deliveries: sqlite.NewDeliveryStore(e.db), Events: e.events,
		Secrets: sqlite.NewSecretStore(e.db), Mail: e.sender, Clock: e.clock.Now, SignUps: signUps,
	}, newsletter.Config{BaseURL: baseURL, From: "Flashback <digest@flashback.example>",
		UnsubscribeMailto: "unsubscribe@flashback.example"})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func (e *env) addEvent(t *testing.T, headline, cat string, year int, month time.Month, day int) *flashback.Event {
	t.Helper()
	ev := &flashback.Event{
		Date:      flashback.HistDate{Year: year, Month: month, Day: day},
		Category:  cat,
		Headline:  headline,
		Summary:   "About " + headline + ".",
		Published: true,
	}
	if err := e.events.CreateEvent(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	return ev
}

// seedJan31 adds events on 31 January and one on another day.
func (e *env) seedJan31(t *testing.T) {
	e.addEvent(t, "Trotsky exiled", flashback.CategoryHistory, 1929, time.January, 31)
	e.addEvent(t, "Explorer 1 launched", flashback.CategoryScience, 1958, time.January, 31)
	e.addEvent(t, "Franz Schubert born", flashback.CategoryBirths, 1797, time.January, 31)
	e.addEvent(t, "Not today", flashback.CategoryHistory, 1900, time.February, 1)
}

// confirmed subscribes email and confirms it through the mailed link.
func (e *env) confirmed(t *testing.T, email, zone string, hour string, cats ...string) *flashback.Subscriber {
	t.Helper()
	before := len(e.sink.Messages())
	err := e.svc.Subscribe(context.Background(), newsletter.SignUp{Email: email, TimeZone: zone,
		Hour: hour, Categories: cats, IP: e.nextIP(), Source: "test"})
	if err != nil {
		t.Fatalf("Subscribe(%s): %v", email, err)
	}
	msgs, err := e.sink.WaitFor(before+1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	token := e.confirmToken(t, msgs[len(msgs)-1])
	sub, err := e.svc.Confirm(context.Background(), token, "192.0.2.11")
	if err != nil {
		t.Fatalf("Confirm(%s): %v", email, err)
	}
	return sub
}

var confirmLink = regexp.MustCompile(regexp.QuoteMeta(baseURL) + `/confirm/([A-Za-z0-9_-]+)`)

func (e *env) confirmToken(t *testing.T, m smtpsink.Received) string {
	t.Helper()
	text, html := parts(t, m)
	a, b := confirmLink.FindStringSubmatch(text), confirmLink.FindStringSubmatch(html)
	if a == nil || b == nil || a[1] != b[1] {
		t.Fatalf("no (or different) confirmation links in text %q and HTML %q", a, b)
	}
	return a[1]
}

// digestsTo returns the digests (by List-Id) the sink holds for each address.
func digestsTo(msgs []smtpsink.Received) map[string][]smtpsink.Received {
	out := map[string][]smtpsink.Received{}
	for _, m := range msgs {
		if m.Header.Get("List-Id") == "" {
			continue
		}
		out[strings.Join(m.To, ",")] = append(out[strings.Join(m.To, ",")], m)
	}
	return out
}

func runPass(t *testing.T, sc newsletter.Scheduler) newsletter.PassStats {
	t.Helper()
	stats, err := sc.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	return stats
}

// parts decodes a received message into its text and HTML bodies.
func parts(t *testing.T, m smtpsink.Received) (text, html string) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(h textproto.MIMEHeader, body io.Reader)
	walk = func(h textproto.MIMEHeader, body io.Reader) {
		mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
		if err != nil {
			mt = "text/plain"
		}
		if strings.HasPrefix(mt, "multipart/") {
			r := multipart.NewReader(body, params["boundary"])
			for {
				p, err := r.NextRawPart()
				if err != nil {
					return
				}
				walk(p.Header, p)
			}
		}
		switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			body = quotedprintable.NewReader(body)
		case "base64":
			body = base64.NewDecoder(base64.StdEncoding, body)
		}
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatalf("decode %s: %v", mt, err)
		}
		switch mt {
		case "text/plain":
			text += string(b)
		case "text/html":
			html += string(b)
		}
	}
	walk(textproto.MIMEHeader(msg.Header), msg.Body)
	return text, html
}

func (e *env) nextIP() string {
	e.signUps++
	return fmt.Sprintf("10.%d.%d.1", e.signUps/256, e.signUps%256)
}

// exported is the data download of the subscriber whose manage token is
// manage, decoded, and as sent.
func (e *env) exported(t *testing.T, manage string) (newsletter.Export, []byte) {
	t.Helper()
	raw, err := e.svc.ExportJSON(context.Background(), manage)
	if err != nil {
		t.Fatal(err)
	}
	var x newsletter.Export
	if err := json.Unmarshal(raw, &x); err != nil {
		t.Fatal(err)
	}
	return x, raw
}
