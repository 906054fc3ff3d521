package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	netmail "net/mail"
	"net/textproto"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"flashback"
	"flashback/mail/smtpsink"
	"flashback/newsletter"
)

// inMail is a message the test SMTP sink accepted, decoded as a mail
// client would show it.
type inMail struct {
	smtpsink.Received
	Subject string
	// Parts lists the media types of the leaf parts, in order.
	Parts []string
	Text  string
	HTML  string
}

// decodeMail reads the sink's raw message: headers, subject (RFC 2047
// words decoded) and each text part with its transfer encoding undone.
func decodeMail(t testing.TB, r smtpsink.Received) inMail {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatalf("the sink holds a message that does not parse: %v\n%s", err, r.Data)
	}
	m := inMail{Received: r}
	if m.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("subject %q: %v", msg.Header.Get("Subject"), err)
	}
	m.walk(t, textproto.MIMEHeader(msg.Header), msg.Body)
	return m
}

func (m *inMail) walk(t testing.TB, h textproto.MIMEHeader, body io.Reader) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		mt = "text/plain" // RFC 2045's default for a part without a type
	}
	if strings.HasPrefix(mt, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("read a part of a %s message: %v", mt, err)
			}
			m.walk(t, p.Header, p)
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
		t.Fatalf("decode a %s part: %v", mt, err)
	}
	m.Parts = append(m.Parts, mt)
	switch mt {
	case "text/plain":
		m.Text += string(b)
	case "text/html":
		m.HTML += string(b)
	}
}

// isDigest tells a digest from the confirmation mails: only list mail
// carries List-Id.
func (m inMail) isDigest() bool { return m.Header.Get("List-Id") != "" }

// mailsTo returns the messages the sink accepted for addr, oldest first;
// digests only when digests is true, else only the other mails.
func mailsTo(t testing.TB, sink *smtpsink.Sink, addr string, digests bool) []inMail {
	t.Helper()
	var out []inMail
	for _, r := range sink.Messages() {
		if len(r.To) != 1 || !strings.EqualFold(r.To[0], addr) {
			continue
		}
		if m := decodeMail(t, r); m.isDigest() == digests {
			out = append(out, m)
		}
	}
	return out
}

// waitMails waits until the sink holds n messages in all and returns them.
func waitMails(t testing.TB, sink *smtpsink.Sink, n int) []smtpsink.Received {
	t.Helper()
	msgs, err := sink.WaitFor(n, 10*time.Second)
	if err != nil {
		t.Fatalf("mail: %v", err)
	}
	return msgs
}

// findIn returns the first submatch of pattern in s, failing the test with
// what was searched when there is none.
func findIn(t testing.TB, what, pattern, s string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("%s: nothing matches %s in:\n%s", what, pattern, s)
	}
	return m[1]
}

// mustContain fails the test for each of wants that s lacks.
func mustContain(t testing.TB, what, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q; it reads:\n%s", what, w, s)
		}
	}
}

// deliveryPass runs one delivery pass at the site's clock and returns
// what it did.
func (s *Site) deliveryPass(t testing.TB) newsletter.PassStats {
	t.Helper()
	stats, err := s.Main.Scheduler.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("delivery pass at %s: %v", s.Clock.Now().UTC().Format(time.RFC3339), err)
	}
	t.Logf("delivery pass at %s: %s", s.Clock.Now().UTC().Format(time.RFC3339), stats)
	return stats
}

// managed returns the subscriber a manage token belongs to, as the
// service sees it.
func (s *Site) managed(t testing.TB, token string) *flashback.Subscriber {
	t.Helper()
	sub, err := s.Main.Digest.Manage(context.Background(), token)
	if err != nil {
		t.Fatalf("the manage link's subscriber: %v", err)
	}
	return sub
}

// unsubscriber returns the subscriber an unsubscribe token belongs to.
func (s *Site) unsubscriber(t testing.TB, token string) *flashback.Subscriber {
	t.Helper()
	sub, err := s.Main.Digest.Unsubscriber(context.Background(), token)
	if err != nil {
		t.Fatalf("the unsubscribe link's subscriber: %v", err)
	}
	return sub
}

// oneClick sends the RFC 8058 request a mail client sends for a "one-click"
// List-Unsubscribe: a POST without cookies whose body is
// "List-Unsubscribe=One-Click". It returns the HTTP status.
func oneClick(t testing.TB, link string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, link, strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatalf("one-click request to %s: %v", link, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("one-click POST %s: %v", link, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// Download clicks the link matching sel, lets the browser save the file
// it answers with, and returns the file's content.
func (p *Page) Download(sel string) []byte {
	p.t.Helper()
	dir := p.t.TempDir()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	progress := chromedp.Events(ctx, browser.DownloadProgress) // subscribed before the click
	allow := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		yes := true
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir,
			BrowserContextID: chromedp.FromContext(ctx).BrowserContextID, EventsEnabled: &yes,
		})
		return err
	})
	if _, err := chromedp.Run(ctx, chromedp.Steps(allow, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))); err != nil {
		p.t.Fatalf("download %s: %v", sel, err)
	}
	for ev, err := range progress {
		if err != nil {
			p.t.Fatalf("download %s: %v", sel, err)
		}
		switch ev.State {
		case browser.DownloadProgressStateCanceled:
			p.t.Fatalf("download %s was canceled", sel)
		case browser.DownloadProgressStateCompleted:
			// allowAndName saves the file under the download's GUID.
			b, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				p.t.Fatalf("read the download: %v", err)
			}
			return b
		}
	}
	p.t.Fatalf("download %s: no completed download", sel)
	return nil
}

// checked returns the values of the ticked checkboxes named name.
func (p *Page) checked(name string) []string {
	p.t.Helper()
	return Eval[[]string](p, `Array.from(document.querySelectorAll(`+jsString("input[type=checkbox][name="+name+"]:checked")+`), e => e.value)`)
}

// openLink loads an absolute link, as a click in a mail client does, and
// returns the HTTP status of the page it ends on.
func (p *Page) openLink(link string) int64 {
	p.t.Helper()
	return p.navigateBy("open "+link, chromedp.Navigate(link))
}

// Retype replaces what a text field holds, as a reader selecting it all
// and typing would. Fill cannot do this for a field whose value a script
// or the reader already changed: it clears only the value attribute.
func (p *Page) Retype(sel, value string) {
	p.t.Helper()
	empty := chromedp.Evaluate[bool](`(() => { const e = document.querySelector(` + jsString(sel) + `);
		if (!e) return false; e.value = ""; return true; })()`)
	if !step(p, "empty "+sel, empty) {
		p.t.Fatalf("retype %s: no such field", sel)
	}
	p.do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), value, chromedp.NodeVisible))
}
