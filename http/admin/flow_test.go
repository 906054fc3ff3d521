package admin_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"flashback"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// seedEvent is the canonical case: dated 17 June, but it happened (and the
// article says) on 31 January 1929.
func seedEvent() *flashback.Event {
	return &flashback.Event{
		Date:      flashback.HistDate{Year: 1929, Month: time.June, Day: 17},
		Category:  flashback.CategoryHistory,
		Headline:  "Leon Trotsky is exiled from the Soviet Union",
		Summary:   "Trotsky is expelled from the USSR.",
		Body:      "On January 31, 1929, Leon Trotsky was exiled from the Soviet Union.",
		Published: true,
	}
}

// formOf is the editor's form for e, as the page would submit it.
func formOf(e *flashback.Event) url.Values {
	return url.Values{
		"headline": {e.Headline}, "category": {e.Category}, "summary": {e.Summary}, "body": {e.Body},
		"year": {strconv.Itoa(e.Date.Year)}, "month": {strconv.Itoa(int(e.Date.Month))},
		"day": {strconv.Itoa(e.Date.Day)}, "precision": {"day"}, "calendar": {"gregorian"},
	}
}

func TestReportAcceptWithDateFix(t *testing.T) {
	s := newSite(t)
	e := s.addEvent(seedEvent())
	rep := &flashback.Report{EventID: e.ID, Problem: "It happened on 31 January, not 17 June.",
		Email: "reader@example.org"}
	if err := s.desk.CreateReport(t.Context(), rep); err != nil {
		t.Fatal(err)
	}
	long := &flashback.Report{EventID: e.ID, Problem: "Long " + strings.Repeat("word ", 700) + "END"}
	if err := s.desk.CreateReport(t.Context(), long); err != nil {
		t.Fatal(err)
	}
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	// The queue shows each report's start; its page, the whole.
	res, body := b.get("/admin/reports")
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, "It happened on 31 January, not 17 June.", "Long word word")
	if strings.Contains(body, "END") || strings.Count(body, "word") > 40 {
		t.Error("the queue shows a long report whole")
	}
	if _, body := b.get("/admin/reports/" + itoa(long.ID)); !strings.Contains(body, "word END") {
		t.Error("the report's own page does not show it whole")
	}
	page := "/admin/reports/" + itoa(rep.ID)
	res, body = b.get(page)
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, "It happened on 31 January", "date-mismatch")

	form := formOf(e)
	form.Set("month", "1")
	form.Set("day", "31")
	form.Set("reply", "Thank you, fixed.")
	form.Set("action", "accept")
	res, body = b.send(page, page+"/accept", form)
	wantStatus(t, res, body, http.StatusSeeOther)

	onJan31, _, err := s.events.FindEvents(t.Context(), flashback.EventFilter{On: []flashback.MonthDay{{Month: time.January, Day: 31}}})
	if err != nil || len(onJan31) != 1 || onJan31[0].ID != e.ID {
		t.Fatalf("events on 31 January = %v, %v", onJan31, err)
	}
	onJun17, _, _ := s.events.FindEvents(t.Context(), flashback.EventFilter{On: []flashback.MonthDay{{Month: time.June, Day: 17}}})
	if len(onJun17) != 0 {
		t.Errorf("the event is still on 17 June")
	}
	cs, _, _ := s.desk.FindCorrections(t.Context(), flashback.CorrectionFilter{EventID: &e.ID})
	if len(cs) != 1 || cs[0].Text != "The date was given as 17 June 1929; it is 31 January 1929." {
		t.Fatalf("corrections = %+v", cs)
	}
	// The event's history says what readers were told, beside what changed.
	res, body = b.get("/admin/events/" + itoa(e.ID) + "/revisions")
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, "Public corrections", `<a href="/admin/reports/`+itoa(rep.ID)+`">report `+itoa(rep.ID)+`</a>: The date was given as 17 June 1929`)
	got, _ := s.desk.FindReportByID(t.Context(), rep.ID)
	if got.Status != flashback.ReportAccepted || got.Note != "Thank you, fixed." {
		t.Errorf("report = %+v", got)
	}
	revs, _ := s.desk.Revisions(t.Context(), e.ID)
	if len(revs) != 1 || !strings.Contains(revs[0].Note, "Report "+itoa(rep.ID)+" accepted") {
		t.Errorf("revisions = %+v", revs)
	}
	mails, _ := filepath.Glob(filepath.Join(s.outbox, "*"))
	if len(mails) != 1 {
		t.Fatalf("outbox holds %d messages, want 1", len(mails))
	}
	raw, _ := os.ReadFile(mails[0])
	for _, want := range []string{"reader@example.org", "You were right", "31 January 1929", "Thank you, fixed."} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("mail to reporter lacks %q", want)
		}
	}
	t.Run("SecondAcceptConflicts", func(t *testing.T) {
		res, _ := b.get(page)
		if res.StatusCode != http.StatusOK {
			t.Fatal(res.StatusCode)
		}
		form.Set("csrf", b.csrfFrom("/admin"))
		res, body := b.post(page+"/accept", form)
		wantStatus(t, res, body, http.StatusConflict)
	})
}

func TestReportDecline(t *testing.T) {
	s := newSite(t)
	e := s.addEvent(seedEvent())
	rep := &flashback.Report{EventID: e.ID, Problem: "Wrong?"}
	if err := s.desk.CreateReport(t.Context(), rep); err != nil {
		t.Fatal(err)
	}
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	page := "/admin/reports/" + itoa(rep.ID)
	res, body := b.send(page, page+"/decline", url.Values{"reply": {"Our sources agree."}})
	wantStatus(t, res, body, http.StatusSeeOther)
	got, _ := s.desk.FindReportByID(t.Context(), rep.ID)
	if got.Status != flashback.ReportDeclined || got.Note != "Our sources agree." {
		t.Errorf("report = %+v", got)
	}
	if mails, _ := filepath.Glob(filepath.Join(s.outbox, "*")); len(mails) != 0 {
		t.Errorf("mailed a reporter who left no address: %v", mails)
	}
}

func TestPublishBlockedByLintUnlessOverridden(t *testing.T) {
	s := newSite(t)
	draft := seedEvent()
	draft.Published = false
	e := s.addEvent(draft)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	page := "/admin/events/" + itoa(e.ID)

	form := formOf(e)
	form.Set("action", "publish")
	res, body := b.send(page, page, form)
	wantStatus(t, res, body, http.StatusUnprocessableEntity)
	wantContains(t, body, "found 1 error", `name="override"`, "date-mismatch")
	if got, _ := s.events.FindEventByID(t.Context(), e.ID); got.Published {
		t.Fatal("published despite a lint error")
	}

	res, body = b.send(page, page+"/publish", url.Values{})
	wantStatus(t, res, body, http.StatusUnprocessableEntity)

	form.Set("override", "The article quotes the date of the decree on purpose.")
	res, body = b.send(page, page, form)
	wantStatus(t, res, body, http.StatusSeeOther)
	if got, _ := s.events.FindEventByID(t.Context(), e.ID); !got.Published {
		t.Fatal("not published with an override reason")
	}
	revs, _ := s.desk.Revisions(t.Context(), e.ID)
	if len(revs) != 1 || !strings.Contains(revs[0].Note, "Lint override (1 error): The article quotes") {
		t.Errorf("revisions = %+v, want the override recorded", revs)
	}
	res, body = b.get(page + "/revisions")
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, "Lint override", "User ed@example.org", "published")
	// Refused saves are not counted; the one that went through is.
	if got, want := s.observed.String(), "lint errors=1 warnings=0 overridden=true"; got != want {
		t.Errorf("observed %q, want %q", got, want)
	}
}

func TestEventCreatePreviewAndEdit(t *testing.T) {
	s := newSite(t)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	form := url.Values{"headline": {"Ides of March"}, "category": {flashback.CategoryHistory},
		"year": {"44 BC"}, "month": {"3"}, "day": {"15"}, "precision": {"day"}, "calendar": {"julian"},
		"body": {"Caesar is *stabbed*.\n\n<script>alert(1)</script>"}, "sources": {"Suetonius | https://example.org/s | public domain"}}
	form.Set("action", "preview")
	res, body := b.send("/admin/events/new", "/admin/events/new", form)
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, "<em>stabbed</em>", `value="44 BC"`)
	if strings.Contains(body, "<script>alert(1)") {
		t.Error("preview lets a script through")
	}
	if _, n, _ := s.events.FindEvents(t.Context(), flashback.EventFilter{IncludeDrafts: true}); n != 0 {
		t.Fatal("preview saved the event")
	}
	form.Set("action", "save")
	res, body = b.send("/admin/events/new", "/admin/events/new", form)
	wantStatus(t, res, body, http.StatusSeeOther)
	events, _, _ := s.events.FindEvents(t.Context(), flashback.EventFilter{IncludeDrafts: true})
	if len(events) != 1 || events[0].Date.Year != -43 || events[0].Date.Calendar != flashback.Julian ||
		events[0].Published || len(events[0].Sources) != 1 || events[0].Provenance.Importer != "editor" {
		t.Fatalf("created = %+v", events)
	}
	t.Run("InvalidDateKeepsForm", func(t *testing.T) {
		bad := url.Values{"headline": {"Feb 30"}, "category": {flashback.CategoryHistory}, "year": {"1900"},
			"month": {"2"}, "day": {"30"}, "precision": {"day"}, "summary": {"kept text"}, "action": {"save"}}
		res, body := b.send("/admin/events/new", "/admin/events/new", bad)
		wantStatus(t, res, body, http.StatusBadRequest)
		wantContains(t, body, "has no day 30", "kept text")
	})
	t.Run("FutureDateRefused", func(t *testing.T) {
		// The desk's clock: 30 January 2026, 23:30 UTC, already 31
		// January east of UTC+1/2, and in Kiribati (UTC+14).
		for _, tc := range []struct {
			year, month, day string
			status           int
		}{
			{"3000", "3", "15", http.StatusBadRequest},
			{"2026", "2", "1", http.StatusBadRequest},
			{"2026", "1", "31", http.StatusSeeOther},
		} {
			f := url.Values{"headline": {"Dated " + tc.year + "-" + tc.month + "-" + tc.day}, "category": {flashback.CategoryHistory},
				"year": {tc.year}, "month": {tc.month}, "day": {tc.day}, "precision": {"day"}, "summary": {"kept text"}, "action": {"publish"}}
			res, body := b.send("/admin/events/new", "/admin/events/new", f)
			wantStatus(t, res, body, tc.status)
			if tc.status == http.StatusBadRequest {
				wantContains(t, body, "has not come yet", "kept text")
			}
		}
	})
	t.Run("NoCorrectionBeforePublication", func(t *testing.T) {
		// Readers never saw a draft or a new event wrong: a correction
		// posted with one (the form has no field for it) is ignored.
		f := url.Values{"headline": {"Fresh"}, "category": {flashback.CategoryHistory}, "year": {"1950"}, "month": {"5"},
			"day": {"1"}, "precision": {"day"}, "action": {"publish"}, "correction": {"Crafted correction"}}
		res, body := b.send("/admin/events/new", "/admin/events/new", f)
		wantStatus(t, res, body, http.StatusSeeOther)
		draft := url.Values{"headline": {"Draft"}, "category": {flashback.CategoryHistory}, "year": {"1950"}, "month": {"5"},
			"day": {"2"}, "precision": {"day"}, "action": {"save"}}
		res, body = b.send("/admin/events/new", "/admin/events/new", draft)
		wantStatus(t, res, body, http.StatusSeeOther)
		page := res.Header.Get("Location")
		page = page[:strings.IndexByte(page+"?", '?')]
		draft.Set("action", "publish")
		draft.Set("correction", "Crafted correction on publishing")
		res, body = b.send(page, page, draft)
		wantStatus(t, res, body, http.StatusSeeOther)
		if _, n, _ := s.desk.FindCorrections(t.Context(), flashback.CorrectionFilter{}); n != 0 {
			t.Errorf("%d corrections stored for events never published before", n)
		}
	})
	t.Run("ListAndSearch", func(t *testing.T) {
		res, body := b.get("/admin/events?q=ides&year=44+BC")
		wantStatus(t, res, body, http.StatusOK)
		wantContains(t, body, "Ides of March", "15 March 44 BC")
	})
}

func TestMessagesInbox(t *testing.T) {
	s := newSite(t)
	m := &flashback.Message{Name: "Ann", Email: "ann@example.org", Subject: "Hello", Body: "A question."}
	if err := s.desk.CreateMessage(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	res, body := b.get("/admin/messages")
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, "Hello", "Ann")
	page := "/admin/messages/" + itoa(m.ID)
	res, body = b.send(page, page, url.Values{"handled": {"1"}})
	wantStatus(t, res, body, http.StatusSeeOther)
	_, body = b.get("/admin/messages")
	if strings.Contains(body, "Hello") {
		t.Error("a handled message is still in the unhandled list")
	}
	_, body = b.get("/admin/messages?show=all")
	wantContains(t, body, "Hello", "handled")
}

func upload(t *testing.T, b *browser, format, name, content string, extra url.Values) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", b.csrfFrom("/admin/imports"))
	mw.WriteField("format", format)
	for k, vs := range extra {
		mw.WriteField(k, vs[0])
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	res, err := b.c.Post(b.site.srv.URL+"/admin/imports", mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	return res, readBody(t, res)
}

func TestImportSetsConflictsAside(t *testing.T) {
	s := newSite(t)
	e := seedEvent()
	e.Sources = []flashback.Source{{Title: "Times", URL: "https://example.org/times"},
		{Title: "Pasted", URL: "javascript:alert(1)"}}
	s.addEvent(e)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	csv := "date,headline,category\n" +
		"1929-01-31,Leon Trotsky is exiled from the Soviet Union,world-history\n" +
		"1969-07-20,Apollo 11 lands on the Moon,science-technology\n" +
		"1900-02-30,An impossible day,world-history\n"
	res, body := upload(t, b, "csv", "mine.csv", csv, nil)
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, "1 added", "1 skipped", "1 held back")
	cs, n, _ := s.desk.FindConflicts(t.Context(), flashback.ConflictFilter{Status: flashback.ConflictOpen})
	if n != 1 || cs[0].EventID != e.ID {
		t.Fatalf("conflicts = %+v", cs)
	}
	res, body = upload(t, b, "csv", "mine.csv", csv, nil)
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, "0 added", "(0 new)")
	if got, want := s.observed.String(), "import added=1 set-aside=1; import added=0 set-aside=1"; got != want {
		t.Errorf("observed %q, want %q", got, want)
	}

	page := "/admin/conflicts/" + itoa(cs[0].ID)
	res, body = b.get(page)
	wantStatus(t, res, body, http.StatusOK)
	wantContains(t, body, "17 June 1929", "31 January 1929", "mine.csv",
		`Times <a href="https://example.org/times" rel="nofollow noopener">`, "Pasted javascript:alert(1)")
	if strings.Contains(body, `href="javascript:`) || strings.Contains(body, "#ZgotmplZ") {
		t.Error("the conflict page links an unsafe source")
	}
	res, body = b.send(page, page, url.Values{"action": {"take"},
		"correction": {"The date was given as 17 June 1929; it is 31 January 1929."}})
	wantStatus(t, res, body, http.StatusSeeOther)
	got, _ := s.events.FindEventByID(t.Context(), e.ID)
	if got.Date.Month != time.January || got.Date.Day != 31 {
		t.Errorf("event date after take = %v", got.Date)
	}
	if _, n, _ := s.desk.FindCorrections(t.Context(), flashback.CorrectionFilter{EventID: &e.ID}); n != 1 {
		t.Errorf("corrections = %d, want 1", n)
	}
	t.Run("UnknownFormat", func(t *testing.T) {
		res, body := upload(t, b, "xml", "x.xml", "<x/>", nil)
		wantStatus(t, res, body, http.StatusBadRequest)
		wantContains(t, body, "Unknown import format")
	})
}

// An editor who gives an event the date an open conflict brings, by hand in
// the event's form, settles that conflict: left open it would keep the
// event from leading its day for nothing.
func TestEditSettlesConflictOfItsDate(t *testing.T) {
	s := newSite(t)
	e := s.addEvent(seedEvent()) // 17 June 1929
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	res, body := upload(t, b, "csv", "mine.csv", "date,headline,category\n"+
		"1929-01-31,Leon Trotsky is exiled from the Soviet Union,world-history\n", nil)
	wantStatus(t, res, body, http.StatusOK)
	open := func() int {
		_, n, err := s.desk.FindConflicts(t.Context(), flashback.ConflictFilter{EventID: &e.ID, Status: flashback.ConflictOpen})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if open() != 1 {
		t.Fatal("the import set no conflict aside")
	}
	page := "/admin/events/" + itoa(e.ID)
	f := formOf(e)
	f.Set("action", "save")
	f.Set("summary", "Another summary, the date unchanged.")
	f.Set("body", "Trotsky is expelled.") // no date in it for the linter to weigh
	res, body = b.send(page, page, f)
	wantStatus(t, res, body, http.StatusSeeOther)
	if open() != 1 {
		t.Error("an edit that kept the stored date settled the conflict")
	}
	f.Set("month", "1")
	f.Set("day", "31")
	res, body = b.send(page, page, f)
	wantStatus(t, res, body, http.StatusSeeOther)
	if n := open(); n != 0 {
		t.Errorf("%d conflicts still open after the edit gave the event their date", n)
	}
}
