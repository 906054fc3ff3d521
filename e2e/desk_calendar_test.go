package e2e

import (
	"fmt"
	"strings"
	"testing"

	"flashback"
)

// An editor signs in through the form, opens the editorial calendar,
// changes tomorrow's featured story with one click and a form, and finds
// the pick on the calendar, in the event's history and on tomorrow's page
// of a reader whose zone is already there. Every page is kept as a
// screenshot at a desktop's and a phone's width.
func TestDesk_CalendarPick(t *testing.T) {
	site := StartSite(t, deskClock(t))
	site.AddEditor(t, "ed@example.org", "Ed Itor", flashback.RoleEditor)
	tomorrow := flashback.CivilDateOf(site.Clock.Now(), Zone(t, defaultZone)).AddDays(1)
	chosen := site.AddEvent(t, &flashback.Event{Date: flashback.HistDate{Year: 1901, Month: tomorrow.Month, Day: tomorrow.Day},
		Category: flashback.CategoryHistory, Headline: "The story the editors choose", Published: true})

	p := OpenPage(t, site)
	p.SyncClock(site.Clock.Now())
	if status := p.SignIn("ed@example.org", editorPassword); status != 200 {
		t.Fatalf("sign-in: status %d", status)
	}
	p.Open("/admin/calendar")
	if got := p.Text(selHeading); got != "Editorial calendar" {
		t.Fatalf("heading %q", got)
	}
	if n := p.Count("table.calendar tbody tr"); n != 60 {
		t.Errorf("the calendar shows %d days, want 60", n)
	}
	shotAtWidths(p, "calendar")

	day := "/admin/calendar/" + tomorrow.String()
	if status := p.Follow(`table.calendar a[href="` + day + `"]`); status != 200 {
		t.Fatalf("change link: status %d", status)
	}
	shotAtWidths(p, "change-pick")
	p.Click(fmt.Sprintf("#pick-%d", chosen.ID))
	p.Fill("#note", "A quiet anniversary worth a lead.")
	if status := p.Follow(`main form[action="` + day + `"] button[type=submit]`); status != 200 {
		t.Fatalf("saving the pick: status %d", status)
	}
	row := p.Text(`table.calendar tbody tr:nth-child(2)`)
	containsAll(t, "tomorrow's row", row, chosen.Headline, "chosen by the editors", "no article yet")

	revs := site.Revisions(t, chosen.ID)
	if len(revs) != 1 || revs[0].Note != "A quiet anniversary worth a lead." || len(revs[0].Changes) != 1 ||
		revs[0].Changes[0].Field != flashback.FieldFeatured {
		t.Errorf("the event's history after the pick: %+v", revs)
	}

	p.Open(fmt.Sprintf("/admin/events/%d", chosen.ID))
	shotAtWidths(p, "article-editor")

	reader := OpenPage(t, site)
	reader.SyncClock(site.Clock.Now())
	// 23:30 in Los Angeles is already the next afternoon in Tokyo.
	reader.Open("/?tz=Asia/Tokyo")
	reader.WaitText(selHeading, "Flashback to "+tomorrow.MonthDay().String())
	if got := reader.Text(selLeadHeadline); got != chosen.Headline {
		t.Errorf("tomorrow's lead is %q, want the editors' pick", got)
	}
	if got := reader.Text(selLeadReason); !strings.HasPrefix(strings.ToLower(got), "editors’ choice") {
		t.Errorf("the lead's reason %q", got)
	}
}

// shotAtWidths keeps screenshots of the page at 1280 and 390 pixels, and
// fails the test if the page is wider than the narrow window.
func shotAtWidths(p *Page, name string) {
	p.t.Helper()
	for _, w := range []int64{1280, 390} {
		p.SetViewport(w, 900)
		p.Shot(fmt.Sprintf("%s-%d", name, w))
	}
	if over := Eval[int](p, `document.documentElement.scrollWidth - window.innerWidth`); over > 0 {
		p.t.Errorf("%s overflows a 390-pixel window by %d pixels", name, over)
	}
	p.SetViewport(1280, 900)
}
