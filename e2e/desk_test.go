package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"flashback"
)

// TestDesk_ReportAcceptAndMove is the accuracy desk's whole loop, as the
// seed page needed it: a reader reports that an article dated 17 June
// speaks of 31 January; an editor accepts the report and fixes the date;
// the article carries a public correction, the event moves to its right
// date page, and the reader is told.
func TestDesk_ReportAcceptAndMove(t *testing.T) { reportAcceptAndMove(t) }

// TestDesk_ReportAcceptAndMove_Postgres is the same loop with the site's
// data in PostgreSQL.
func TestDesk_ReportAcceptAndMove_Postgres(t *testing.T) { reportAcceptAndMove(t, OnPostgres(t)) }

func reportAcceptAndMove(t *testing.T, opts ...SiteOption) {
	site := StartSite(t, append([]SiteOption{deskClock(t)}, opts...)...)
	today := site.Clock.Now().Format("2 January 2006") // in the site's zone
	e := site.AddEvent(t, trotskyEvent())
	site.AddEditor(t, "ed@example.org", "Ed Itor", flashback.RoleEditor)
	b := StartBrowser(t)
	article := fmt.Sprintf("/events/%d/%s", e.ID, e.Slug)
	june17, jan31 := flashback.MonthDay{Month: time.June, Day: 17}, flashback.MonthDay{Month: time.January, Day: 31}

	reader := b.NewPage(t, site.URL)
	// The wrong date page shows the event first; seen now, it must also
	// drop out of any cache once the date is fixed.
	reader.Open("/on/june/17")
	if !hasLinkTo(reader, e.ID) {
		t.Fatalf("/on/june/17 does not list event %d before the fix", e.ID)
	}
	reader.Open(article)
	if got := reader.Text(selDateLine); !strings.HasPrefix(got, wantDateLine(e)) {
		t.Fatalf("date line before the fix = %q", got)
	}
	reportAsReader(t, reader, e)

	reps := site.Reports(t, e.ID)
	if len(reps) != 1 || reps[0].Status != flashback.ReportOpen || reps[0].Email != "reader@example.org" {
		t.Fatalf("stored reports = %+v, want one open report from reader@example.org", reps)
	}
	rep := reps[0]

	editor := b.NewPage(t, site.URL)
	acceptAsEditor(t, editor, rep)

	fixed := site.Event(t, e.ID)
	if fixed.Date.MonthDay() != jan31 || fixed.Date.Year != 1929 {
		t.Fatalf("stored date after the fix = %s, want 31 January 1929", fixed.Date)
	}
	if got := site.Reports(t, e.ID)[0]; got.Status != flashback.ReportAccepted || got.Note != "Thank you: fixed." {
		t.Errorf("report after the decision = %+v", got)
	}

	const correction = "The date was given as 17 June 1929; it is 31 January 1929."
	t.Run("ArticleShowsCorrection", func(t *testing.T) {
		reader.Open(article)
		if got, want := reader.Text(selDateLine), wantDateLine(fixed); !strings.HasPrefix(got, want) {
			t.Errorf("date line = %q, want it to start with %q", got, want)
		}
		notes := reader.Texts(selCorrections)
		if len(notes) != 1 || notes[0] != "Corrected on "+today+": "+correction {
			t.Errorf("corrections on the article = %q", notes)
		}
		reader.Shot("4-article-corrected")
	})
	t.Run("EventMovedToItsDate", func(t *testing.T) {
		reader.Open("/on/january/31")
		checkCardsAreOn(t, site, reader, jan31)
		if !hasLinkTo(reader, e.ID) {
			t.Errorf("/on/january/31 does not list the corrected event")
		}
		reader.Shot("5-january-31")
		reader.Open("/on/june/17")
		if hasLinkTo(reader, e.ID) {
			t.Errorf("/on/june/17 still lists the corrected event")
		}
		for _, ev := range site.EventsOn(t, june17) {
			if ev.ID == e.ID {
				t.Errorf("the store still remembers the event on 17 June")
			}
		}
	})
	t.Run("CorrectionsPageListsIt", func(t *testing.T) {
		reader.Open("/corrections")
		// The bundled corpus's errata are corrections too; the editor's,
		// the newest, comes first.
		cards := reader.Texts("main article.card")
		if len(cards) == 0 {
			t.Fatalf("/corrections shows no corrections")
		}
		containsAll(t, "/corrections", cards[0], e.Headline, correction)
		if links := reader.Attrs("main article.card h2 a", "href"); len(links) == 0 || links[0] != article {
			t.Errorf("/corrections links first to %q, want %q", links, article)
		}
		reader.Shot("6-corrections")
	})
	t.Run("CorrectionDateAgreesEverywhere", func(t *testing.T) {
		// The article dates the correction in the site's zone; the list
		// must not give the same correction another day.
		reader.Open("/corrections")
		if got := reader.Text("main article.card .meta"); got != "Corrected on "+today {
			t.Errorf("/corrections says %q; the article says \"Corrected on %s\"", got, today)
		}
	})
	t.Run("ReporterIsTold", func(t *testing.T) {
		var mails []string
		for _, m := range site.Outbox(t) {
			if strings.Contains(m, "To: <reader@example.org>") || strings.Contains(m, "To: reader@example.org") {
				mails = append(mails, m)
			}
		}
		if len(mails) != 1 {
			t.Fatalf("the outbox holds %d e-mails to the reporter, want 1", len(mails))
		}
		containsAll(t, "the e-mail to the reporter", mails[0], "You were right", "31 January 1929", "Thank you: fixed.")
	})
}

// reportAsReader follows "Report an inaccuracy" from the article and sends
// the form.
func reportAsReader(t *testing.T, p *Page, e *flashback.Event) {
	t.Helper()
	p.Follow(selReportLink)
	if want := fmt.Sprintf("/events/%d/report", e.ID); p.Path() != want {
		t.Fatalf("the report link leads to %s, want %s", p.Path(), want)
	}
	p.Type("#problem", "The article says January 31, 1929, but the page shows it under June 17.")
	p.Type("#correction", "Trotsky was expelled on 31 January 1929 (he left Alma-Ata in February).")
	p.Fill("#source", "Isaac Deutscher, The Prophet Outcast, chapter 1")
	p.Fill("#email", "reader@example.org")
	p.Shot("1-report-form")
	if st := p.Follow(selReportSend); st != 200 {
		t.Fatalf("sending the report: status %d", st)
	}
	if got := p.Text("main h1"); got != "Thank you" {
		t.Fatalf("after sending the report the page says %q, want the thank-you page", got)
	}
	p.Shot("2-report-thanks")
}

// acceptAsEditor signs in, finds the report in the queue, fixes the date
// to 31 January in the acceptance form and saves.
func acceptAsEditor(t *testing.T, p *Page, rep *flashback.Report) {
	t.Helper()
	if st := p.SignIn("ed@example.org", editorPassword); st != 200 || p.Path() != "/admin" {
		t.Fatalf("sign-in landed on %s with status %d", p.Path(), st)
	}
	p.FollowText("Reports")
	queue := fmt.Sprintf(`main td a[href="/admin/reports/%d"]`, rep.ID)
	if got := p.Text(queue); !strings.Contains(got, "January 31, 1929") {
		t.Fatalf("the queue shows the report as %q", got)
	}
	p.Follow(queue)
	// The linter already flags the article against the stored date.
	if got := strings.Join(p.Texts(selFindings), "\n"); !strings.Contains(got, "date-mismatch") {
		t.Errorf("the report page's findings = %q, want a date-mismatch", got)
	}
	p.Fill("#day", "31")
	p.Select("#month", "1")
	p.Type("#reply", "Thank you: fixed.")
	p.Shot("3-accept-form")
	if st := p.Follow(selAcceptButton); st != 200 {
		t.Fatalf("accepting the report: status %d; page says %q", st, strings.Join(p.Texts(selAlert), " "))
	}
	if got := p.Text(selFlash); got != "Report accepted." {
		t.Errorf("after accepting, the desk says %q", got)
	}
}

// hasLinkTo reports whether the page links to event id's article.
func hasLinkTo(p *Page, id int64) bool {
	prefix := fmt.Sprintf("/events/%d/", id)
	for _, href := range p.Attrs(selEventLink, "href") {
		if strings.Contains(href, prefix) {
			return true
		}
	}
	return false
}
