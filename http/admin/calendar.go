package admin

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"flashback"
	"flashback/accuracy"
)

// calendarDays is how far ahead the editorial calendar looks.
const calendarDays = 60

// calendarRow is one day of the editorial calendar.
type calendarRow struct {
	Date     flashback.CivilDate
	Label    string // "Wed 17 Jun 2026"
	Event    *flashback.Event
	ByEditor bool
	SetAside string // why the editors' pick is not featured
	Article  string // "none", "lints clean", "2 errors"
	Clean    bool
	Reports  string // open reports on the day's events: "1 open report"; "" for none
	Choices  int    // events to choose from
	Drafts   []*flashback.Event
	// DraftCount says how many drafts wait for an editor: "2 drafts to
	// review"; "" for none.
	DraftCount string
}

// calendar serves /admin/calendar: the next 60 days and what leads each.
func (h *Handler) calendar(w http.ResponseWriter, r *http.Request, rq *request) {
	days, feats, err := h.Editions.Plan(r.Context(), h.today(), calendarDays)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	rows := make([]calendarRow, len(days))
	for i, f := range feats {
		rows[i] = newCalendarRow(days[i], f)
	}
	h.page(w, r, rq, "admin-calendar", "Editorial calendar", "calendar", rows)
}

func newCalendarRow(d flashback.FeatureDay, f flashback.Feature) calendarRow {
	row := calendarRow{Date: d.Date, Label: dayLabel(d.Date), ByEditor: f.ByEditor, SetAside: f.SetAside, Choices: len(d.Candidates),
		Drafts: d.Drafts}
	if n := len(d.Drafts); n > 0 {
		row.DraftCount = flashback.Plural(n, "draft", "drafts") + " to review"
	}
	// The featured event never has an open report (it would be set
	// aside), so the reports that matter are on the day's other events.
	reports := 0
	for _, c := range d.Candidates {
		reports += c.Issues.OpenReports
	}
	if reports > 0 {
		row.Reports = flashback.Plural(reports, "open report", "open reports")
	}
	if e := f.Candidate.Event; e != nil {
		row.Event = e
		row.Article, row.Clean = articleState(e)
	}
	return row
}

// articleState says whether e has an article and whether it lints clean.
func articleState(e *flashback.Event) (string, bool) {
	if strings.TrimSpace(e.Body) == "" {
		return "no article yet", false
	}
	n := accuracy.CountErrors(accuracy.LintEvent(e))
	if n == 0 {
		return "lints clean", true
	}
	return flashback.Plural(n, "linter error", "linter errors"), false
}

func dayLabel(d flashback.CivilDate) string {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format("Mon 2 Jan 2006")
}

// calendarDayView is the page to change one day's featured story.
type calendarDayView struct {
	Row        calendarRow
	Path       string
	Candidates []calendarChoice // this page's, best first
	Pager      pager
}

type calendarChoice struct {
	Event   *flashback.Event
	Year    string
	Current bool
	Article string
	Issues  string
}

// calendarDay serves /admin/calendar/{date}: the day's events to choose from.
func (h *Handler) calendarDay(w http.ResponseWriter, r *http.Request, rq *request) {
	date, err := calendarDate(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	days, feats, err := h.Editions.Plan(r.Context(), date, 1)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	// A day of a large site has thousands of candidates: they come best
	// first, a page at a time, and each page's form can pick any of its own.
	// The current lead heads the first page, checked, so that a form sent
	// with only a new scope or note keeps it.
	ranked := flashback.ByPreference(days[0])
	if cur := feats[0].Candidate.Event; cur != nil {
		if i := slices.IndexFunc(ranked, func(c flashback.Candidate) bool { return c.Event == cur }); i > 0 {
			lead := ranked[i]
			ranked = slices.Insert(slices.Delete(ranked, i, i+1), 0, lead)
		}
	}
	page := pageParam(r)
	v := calendarDayView{Row: newCalendarRow(days[0], feats[0]), Path: "/admin/calendar/" + date.String(),
		Pager: newPager(r, page, len(ranked))}
	if len(ranked) > 0 && page > v.Pager.Pages {
		h.Errors.Error(w, r, flashback.Errorf(flashback.ENOTFOUND, "%s has %d pages of candidates; there is no page %d.", date, v.Pager.Pages, page))
		return
	}
	for _, c := range ranked[min(len(ranked), (page-1)*perPage):min(len(ranked), page*perPage)] {
		ch := calendarChoice{Event: c.Event, Current: c.Event == feats[0].Candidate.Event}
		ch.Article, _ = articleState(c.Event)
		if c.Event.Date.HasYear() {
			ch.Year = flashback.FormatYear(c.Event.Date.Year)
		}
		ch.Issues = c.Issues.String()
		v.Candidates = append(v.Candidates, ch)
	}
	h.page(w, r, rq, "admin-calendar-day", "Featured story for "+v.Row.Label, "calendar", v)
}

// calendarPick saves the editors' choice for a date or its month-day; the
// store records it as a revision on the events concerned.
func (h *Handler) calendarPick(w http.ResponseWriter, r *http.Request, rq *request) {
	date, err := calendarDate(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	everyYear := r.PostFormValue("scope") == "every-year"
	id, err := h.pickedEvent(r, date, everyYear)
	if err == nil && id == 0 && !everyYear {
		err = h.autoUnderEveryYear(r, date)
	}
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	p := &flashback.FeaturePick{Year: date.Year, Month: date.Month, Day: date.Day, EventID: id,
		EditorID: rq.User.ID, Note: r.PostFormValue("note")}
	if everyYear {
		p.Year = 0
	}
	if err := h.Features.SetFeaturePick(r.Context(), p); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	redirect(w, r, "/admin/calendar", "picked")
}

// calendarDate reads the date of a calendar page. Year 0 parses, but a
// pick stored with it would mean "every year", so it is refused.
func calendarDate(r *http.Request) (flashback.CivilDate, error) {
	date, err := flashback.ParseCivilDate(r.PathValue("date"))
	if err == nil && date.Year < 1 {
		err = flashback.Errorf(flashback.EINVALID, "The calendar starts in the year 1.")
	}
	return date, err
}

// autoUnderEveryYear refuses the automatic choice for one date that has no
// pick of its own to take back and that an every-year pick leads: "automatic"
// for a date only removes the date's pick, so nothing would change while
// the page said saved.
func (h *Handler) autoUnderEveryYear(r *http.Request, date flashback.CivilDate) error {
	picks, err := h.Features.FeaturePicks(r.Context(), date, date)
	if err != nil {
		return err
	}
	everyYear := false
	for _, p := range picks {
		if p.Month != date.Month || p.Day != date.Day || p.EventID == 0 {
			continue
		}
		if p.Year == date.Year {
			return nil // the date's own pick, which automatic takes back
		}
		everyYear = everyYear || p.Year == 0
	}
	if everyYear {
		return flashback.Errorf(flashback.EINVALID, "Every year's pick for %s leads this date, which has no pick of "+
			"its own: choose another event for this date, or set every year's pick back to automatic.", date.MonthDay())
	}
	return nil
}

// pickedEvent reads the chosen event, 0 for the automatic choice. An event
// of another day could never lead this one, so it is refused rather than
// kept as a pick that is always set aside; so is, as every year's pick, a
// 29 February event on 28 February, which leap years set aside.
func (h *Handler) pickedEvent(r *http.Request, date flashback.CivilDate, everyYear bool) (int64, error) {
	v := r.PostFormValue("event")
	if v == "auto" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, flashback.Errorf(flashback.EINVALID, "Choose an event, or automatic.")
	}
	e, err := h.Events.FindEventByID(r.Context(), id)
	if err != nil {
		return 0, err
	}
	if !slices.Contains(flashback.ShownOn(date.MonthDay(), date.Year), e.Date.MonthDay()) {
		return 0, flashback.Errorf(flashback.EINVALID, "“%s” is not an event of %s.", e.Headline, date.MonthDay())
	}
	if everyYear && e.Date.MonthDay() != date.MonthDay() {
		return 0, flashback.Errorf(flashback.EINVALID, "“%s” is an event of %s, which leap years show on its own day: "+
			"pick it for this date only, or every year on %s.", e.Headline, e.Date.MonthDay(), e.Date.MonthDay())
	}
	return id, nil
}
