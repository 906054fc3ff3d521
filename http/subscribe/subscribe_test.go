package subscribe_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"net/textproto"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"flashback"
	fhttp "flashback/http"
	"flashback/http/render"
	"flashback/http/subscribe"
	"flashback/mail"
	"flashback/mail/smtpsink"
	"flashback/newsletter"
	"flashback/sqlite"
)

// site is the subscription pages served over real HTTP, backed by a real
// SQLite file and a real SMTP sink, at a settable clock.
type site struct {
	srv   *httptest.Server
	sink  *smtpsink.Sink
	svc   *newsletter.Service
	db    *sqlite.DB
	mu    sync.Mutex
	now   time.Time
	subs  *sqlite.SubscriberStore
	sched newsletter.Scheduler
}

const baseURL = "https://flashback.example"

// jan31 is 07:00 in Vienna.
var jan31 = time.Date(2026, time.January, 31, 6, 0, 0, 0, time.UTC)

func (s *site) clock() time.Time    { s.mu.Lock(); defer s.mu.Unlock(); return s.now }
func (s *site) set(t time.Time)     { s.mu.Lock(); s.now = t; s.mu.Unlock() }
func (s *site) url(p string) string { return s.srv.URL + p }

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{now: jan31.Add(-12 * time.Hour)}
	s.db = sqlite.NewDB(filepath.Join(t.TempDir(), "flashback.db"))
	s.db.Now = s.clock
	if err := s.db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.db.Close() })
	s.sink = smtpsink.StartT(t, smtpsink.Options{})
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	sender, err := mail.New(s.sink.URL(), mail.Options{Timeout: 5 * time.Second, Logger: quiet, HELO: "test.local"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sender.Close() })
	events := sqlite.NewEventStore(s.db)
	ev := &flashback.Event{Date: flashback.HistDate{Year: 1929, Month: time.January, Day: 31},
		Category: flashback.CategoryHistory, Headline: "Trotsky exiled", Published: true}
	if err := events.CreateEvent(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	s.subs = sqlite.NewSubscriberStore(s.db)
	s.svc, err = newsletter.New(context.Background(), newsletter.Deps{
		Subscribers: s.subs, Deliveries: sqlite.NewDeliveryStore(s.db), Events: events, Secrets: sqlite.NewSecretStore(s.db),
		Mail: sender, Clock: s.clock, Logger: quiet,
		SignUps: &flashback.Limiter{Store: sqlite.NewLimitStore(s.db), Secret: []byte("test"), Name: "sign-up",
			Rate: newsletter.DefaultSignUpRate()},
	}, newsletter.Config{BaseURL: baseURL, From: "Flashback <digest@flashback.example>"})
	if err != nil {
		t.Fatal(err)
	}
	s.sched = newsletter.Scheduler{Service: s.svc, Workers: 2}
	rend, err := render.New(subscribe.Templates())
	if err != nil {
		t.Fatal(err)
	}
	server := fhttp.NewServer("127.0.0.1:0", rend, quiet)
	h := &subscribe.Handler{Service: s.svc, Render: rend, Errors: server.Errors, DefaultZone: "UTC", BaseURL: baseURL}
	h.Register(server.Mux)
	s.srv = httptest.NewServer(server.Handler())
	t.Cleanup(s.srv.Close)
	return s
}

// noRedirect is a client without cookies that shows redirects as they are.
var client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func post(t *testing.T, u string, form url.Values) (int, string) {
	t.Helper()
	resp, err := client.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (s *site) status(t *testing.T, id int64) flashback.SubscriberStatus {
	t.Helper()
	sub, err := s.subs.FindSubscriberByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return sub.Status
}

// textOf decodes the text/plain part of a received message.
func textOf(t *testing.T, m smtpsink.Received) string {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	var out string
	var walk func(h textproto.MIMEHeader, body io.Reader)
	walk = func(h textproto.MIMEHeader, body io.Reader) {
		mt, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
		if strings.HasPrefix(mt, "multipart/") {
			r := multipart.NewReader(body, params["boundary"])
			for p, err := r.NextRawPart(); err == nil; p, err = r.NextRawPart() {
				walk(p.Header, p)
			}
			return
		}
		switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			body = quotedprintable.NewReader(body)
		case "base64":
			body = base64.NewDecoder(base64.StdEncoding, body)
		}
		if mt == "text/plain" {
			b, _ := io.ReadAll(body)
			out += string(b)
		}
	}
	walk(textproto.MIMEHeader(msg.Header), msg.Body)
	return out
}

func find(t *testing.T, re, s string) string {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %s in:\n%s", re, s)
	}
	return m[1]
}
