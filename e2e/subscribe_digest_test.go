package e2e

import (
	"context"
	"encoding/json"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"flashback"
)

// firstDigest runs delivery passes around Tokyo's 06:00 on 1 February.
func (f *subFlow) firstDigest(t *testing.T) {
	site := f.site
	site.Clock.Set(time.Date(2026, time.February, 1, 5, 30, 0, 0, f.tokyo))
	before := len(f.sink.Messages())
	site.deliveryPass(t)
	if n := len(f.sink.Messages()); n != before {
		t.Fatalf("a pass half an hour before the wake-up hour sent %d mails", n-before)
	}

	site.Clock.Set(time.Date(2026, time.February, 1, 6, 30, 0, 0, f.tokyo))
	// What makes the test worth running: the site's zone and UTC are still
	// on 31 January, so a digest of that day would be the server's date.
	for _, loc := range []*time.Location{Zone(t, defaultZone), time.UTC} {
		if d := flashback.CivilDateOf(site.Clock.Now(), loc); d.Day != 31 {
			t.Fatalf("set-up: it is %s in %s, want 31 January", d, loc)
		}
	}
	site.deliveryPass(t)
	waitMails(t, f.sink, before+2)
	for _, r := range []*reader{&f.alice, &f.bob} {
		ds := mailsTo(t, f.sink, r.email, true)
		if len(ds) != 1 {
			t.Fatalf("%d digests to %s, want 1", len(ds), r.email)
		}
		r.digest = ds[0]
	}
	feb1 := flashback.CivilDate{Year: 2026, Month: time.February, Day: 1}
	f.checkDigest(t, f.alice, feb1, "Sunday, 1 February 2026")
	f.checkDigest(t, f.bob, feb1, "Sunday, 1 February 2026")

	n := len(f.sink.Messages())
	if st := site.deliveryPass(t); st.Claimed != 0 || st.Sent != 0 || len(f.sink.Messages()) != n {
		t.Errorf("a second pass at the same time sent %d mails (%s), want none", len(f.sink.Messages())-n, st)
	}
}

// checkDigest checks r's digest: a list mail of the day's events with the
// reader's own links.
func (f *subFlow) checkDigest(t *testing.T, r reader, day flashback.CivilDate, dateLine string) {
	t.Helper()
	m, what := r.digest, "the digest to "+r.email
	if mt, _, _ := mime.ParseMediaType(m.Header.Get("Content-Type")); mt != "multipart/alternative" ||
		!slices.Equal(m.Parts, []string{"text/plain", "text/html"}) {
		t.Errorf("%s is %q with parts %v, want multipart/alternative of text and HTML", what, mt, m.Parts)
	}
	if got, want := m.Header.Get("Message-ID"), f.site.Main.Digest.MessageID(r.id, day); got != want {
		t.Errorf("%s: Message-ID %q, want %q", what, got, want)
	}
	if _, err := m.Header.Date(); err != nil {
		t.Errorf("%s: Date: %v", what, err)
	}
	if got := m.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("%s: List-Unsubscribe-Post %q", what, got)
	}
	if m.Header.Get("List-Id") == "" {
		t.Errorf("%s has no List-Id", what)
	}
	unsub := findIn(t, what+": List-Unsubscribe", `^<(`+regexp.QuoteMeta(f.site.URL)+`/unsubscribe/[A-Za-z0-9_-]+)>$`, m.Header.Get("List-Unsubscribe"))
	if sub := f.site.unsubscriber(t, strings.TrimPrefix(unsub, f.site.URL+"/unsubscribe/")); sub.ID != r.id {
		t.Errorf("%s: its unsubscribe link is subscriber %d's", what, sub.ID)
	}
	heading := "Flashback to " + day.MonthDay().String()
	if !strings.HasPrefix(m.Subject, heading) {
		t.Errorf("%s: subject %q, want it to begin %q", what, m.Subject, heading)
	}
	mustContain(t, what, m.Text, heading, dateLine, f.site.URL+"/subscription/"+r.manage)
	links := regexp.MustCompile(regexp.QuoteMeta(f.site.URL)+`/events/\d+/[^\s<>"]+`).FindAllString(m.Text, -1)
	if len(links) == 0 {
		t.Fatalf("%s links to no event:\n%s", what, m.Text)
	}
	for _, l := range links {
		if e := f.site.EventAt(t, l); e.Date.MonthDay() != day.MonthDay() {
			t.Errorf("%s lists %q of %s, not of %s", what, e.Headline, e.Date, day.MonthDay())
		}
	}
	mustContain(t, what+" (HTML)", m.HTML, `href="`+links[0]+`"`)
}

// changePreferences opens the manage link of the digest, saves a new
// zone, hour and categories, and checks that they stay.
func (f *subFlow) changePreferences(t *testing.T) {
	site, token := f.site, f.alice.manage
	link := findIn(t, "the digest's manage link", `(`+regexp.QuoteMeta(site.URL)+`/subscription/[A-Za-z0-9_-]+)`, f.alice.digest.Text)
	cats, err := site.Main.Stores.Events.Categories(context.Background())
	if err != nil || len(cats) < 3 {
		t.Fatalf("the corpus's categories: %d, %v; the test needs three or more", len(cats), err)
	}
	keep := []string{cats[0].Slug, cats[1].Slug}
	p := f.browser.NewPage(t, site.URL)
	p.SetTimezone("Asia/Tokyo")
	if status := p.openLink(link); status != http.StatusOK {
		t.Fatalf("manage page: status %d", status)
	}
	mustContain(t, "the manage page", p.Text("main"), f.alice.email, "next digest Monday, 2 February 2026")
	if zone, hour, n := p.Value("#sub-tz"), p.Value("#sub-hour"), len(p.checked("category")); zone != "Asia/Tokyo" || hour != "06:00" || n != len(cats) {
		t.Errorf("the manage page shows %s, %s, %d of %d categories; want Asia/Tokyo, 06:00, all", zone, hour, n, len(cats))
	}
	p.Retype("#sub-tz", "Europe/Vienna")
	p.Select("#sub-hour", "09:00")
	for _, c := range cats[2:] {
		p.Click(`input[name=category][value="` + c.Slug + `"]`)
	}
	p.Screenshot("5-manage-edited")
	if status := p.Follow(`main form[action="/subscription/` + token + `"] button[type=submit]`); status != http.StatusOK {
		t.Fatalf("saving answered %d", status)
	}
	if got := p.Text("[role=status]"); got != "Saved." {
		t.Errorf("after saving the page says %q", got)
	}

	p.Open("/subscription/" + token)
	f.checkPrefsShown(t, p, keep)
	p.Screenshot("6-manage-reloaded")
	sub := site.managed(t, token)
	if sub.TimeZone != "Europe/Vienna" || sub.WakeHour != 9 || !slices.Equal(sub.Categories, keep) {
		t.Errorf("stored preferences %+v, want Europe/Vienna, 9, %v", sub.Preferences, keep)
	}
	// 1 February is done; moving west must not bring it round again.
	if want := (flashback.CivilDate{Year: 2026, Month: time.February, Day: 2}); sub.NextDate != want {
		t.Errorf("next digest on %s after the change, want %s", sub.NextDate, want)
	}
	f.checkExport(t, p, keep)
}

func (f *subFlow) checkPrefsShown(t *testing.T, p *Page, keep []string) {
	t.Helper()
	if got := p.Value("#sub-tz"); got != "Europe/Vienna" {
		t.Errorf("after a reload the zone is %q, want Europe/Vienna", got)
	}
	if got := p.Value("#sub-hour"); got != "09:00" {
		t.Errorf("after a reload the hour is %q, want 09:00", got)
	}
	if got := p.checked("category"); !slices.Equal(got, keep) {
		t.Errorf("after a reload the ticked categories are %v, want %v", got, keep)
	}
	mustContain(t, "the manage page", p.Text("main"), "next digest Monday, 2 February 2026")
}

// subExport is the part of the JSON export the test reads.
type subExport struct {
	Email      string   `json:"email"`
	Status     string   `json:"status"`
	TimeZone   string   `json:"time_zone"`
	WakeHour   int      `json:"wake_hour"`
	Categories []string `json:"categories"`
	Consent    struct {
		Source string `json:"source"`
	} `json:"consent"`
	Deliveries []struct {
		Date      string `json:"local_date"`
		State     string `json:"state"`
		MessageID string `json:"message_id"`
	} `json:"deliveries"`
}

// checkExport downloads the data export from the manage page's link.
func (f *subFlow) checkExport(t *testing.T, p *Page, keep []string) {
	t.Helper()
	if n := p.Count(`main a[href$="/export"]`); n != 1 {
		t.Fatalf("the manage page has %d export links", n)
	}
	body := p.Download(`main a[href$="/export"]`)
	var x subExport
	if err := json.Unmarshal(body, &x); err != nil {
		t.Fatalf("the export is not JSON: %v\n%s", err, body)
	}
	if x.Email != f.alice.email || x.TimeZone != "Europe/Vienna" || x.WakeHour != 9 || !slices.Equal(x.Categories, keep) || x.Status != "confirmed" {
		t.Errorf("export %+v, want %s, Europe/Vienna, 9, %v, confirmed", x, f.alice.email, keep)
	}
	if x.Consent.Source == "" {
		t.Error("the export has no consent record")
	}
	msgID := f.alice.digest.Header.Get("Message-ID")
	if len(x.Deliveries) != 1 || x.Deliveries[0].Date != "2026-02-01" || x.Deliveries[0].State != "sent" || x.Deliveries[0].MessageID != msgID {
		t.Errorf("exported deliveries %+v, want the one sent on 2026-02-01 as %s", x.Deliveries, msgID)
	}
}
