package feed

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"flashback"
	"flashback/ical"
	"flashback/site"
)

// calendarFrom is the first year of a recurring anniversary whose event is
// older: a leap year, so that 29 February can start there, and late enough
// that apps do not expand centuries nobody scrolls to.
const calendarFrom = 2000

// roundYears is how many years from today's a calendar marks round
// anniversaries in; subscribers fetch it again daily, so the window moves.
const roundYears = 2

// calendarPerDay is the most anniversaries a calendar holds for one day of
// the year: a site of a million events would otherwise send a calendar of
// a million, which took a server 5 GB of memory and a minute to build and
// which no calendar app loads. Those with a round anniversary in the
// window come first, then those with an article, then the rest in the
// day page's order; the day's page lists them all.
const calendarPerDay = 10

// roundYearsBack is how far back a calendar looks for round anniversaries
// to put first: every year the site could hold an event of.
const roundYearsBack = 12_000

func (h *Handler) calendar(w http.ResponseWriter, r *http.Request) {
	h.serve(w, r, "text/calendar; charset=utf-8", h.anniversaries)
}

// anniversaries is the calendar of the published events remembered on a
// day of the year, in cat (nil: all), calendarPerDay of each day at most.
func (h *Handler) anniversaries(ctx context.Context, cat *flashback.Category, today flashback.CivilDate) ([]byte, error) {
	f := flashback.EventFilter{
		PerDay: calendarPerDay,
		Prefer: flashback.RoundAnniversaryYears(today.Year, today.Year+roundYears-1, roundYearsBack),
	}
	cal := &ical.Calendar{
		ProdID: "-//Flashback//Anniversaries//EN", Name: "Flashback", Refresh: 24 * time.Hour,
		Description: "Anniversaries of what happened on each day in history, " + strconv.Itoa(calendarPerDay) +
			" a day at most: round anniversaries first, then the stories with an article.",
	}
	if cat != nil {
		f.Category = cat.Slug
		cal.Name = "Flashback: " + cat.Name
	}
	events, _, err := h.Events.FindEvents(ctx, f)
	if err != nil {
		return nil, err
	}
	cats, err := h.Events.Categories(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, c := range cats {
		names[c.Slug] = c.Name
	}
	for _, e := range events {
		if e.Published && e.Date.OnDatePages() {
			cal.Events = append(cal.Events, h.yearly(e, names[e.Category], today)...)
		}
	}
	return cal.Encode(), nil
}

// yearly is e's anniversary every year, and each round anniversary within
// roundYears as an event of its own, left out of the yearly one. A 29
// February event recurs on the last day of February, as date pages
// remember it on 28 February in common years.
func (h *Handler) yearly(e *flashback.Event, category string, today flashback.CivilDate) []ical.Event {
	url := h.URLs.Abs(site.Event(e))
	desc := url
	if flashback.SummaryAdds(e) {
		desc = e.Summary + "\n\n" + url
	}
	rule, start := "FREQ=YEARLY", flashback.CivilDate{Year: calendarFrom, Month: e.Date.Month, Day: e.Date.Day}
	if e.Date.Month == time.February && e.Date.Day == 29 {
		rule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
	}
	summary := e.Headline
	if e.Date.HasYear() {
		summary += " (" + flashback.FormatYear(e.Date.Year) + ")"
		start.Year = max(calendarFrom, e.Date.Year)
	}
	stamp := e.UpdatedAt
	if stamp.IsZero() {
		stamp = h.Now()
	}
	base := ical.Event{
		UID: "event-" + strconv.FormatInt(e.ID, 10) + "@" + h.host, Stamp: stamp, Start: start, RRule: rule,
		Summary: summary, Description: desc, URL: url, Categories: []string{category},
	}
	out := []ical.Event{base}
	for y := today.Year; e.Date.HasYear() && y < today.Year+roundYears; y++ {
		n := y - e.Date.Year
		if !flashback.IsRoundAnniversary(n) || y < start.Year {
			continue
		}
		day := anniversaryIn(e.Date, y)
		out[0].Except = append(out[0].Except, day)
		round := base
		round.UID = "event-" + strconv.FormatInt(e.ID, 10) + "-" + strconv.Itoa(n) + "@" + h.host
		round.Start, round.RRule, round.Except = day, "", nil
		round.Summary = flashback.Ordinal(n) + " anniversary: " + summary
		out = append(out, round)
	}
	return out
}

// anniversaryIn is the day e is remembered on in year: its own month and
// day, or 28 February for a 29 February event in a common year.
func anniversaryIn(d flashback.HistDate, year int) flashback.CivilDate {
	c := flashback.CivilDate{Year: year, Month: d.Month, Day: d.Day}
	if !c.Valid() {
		c.Day = flashback.DaysIn(year, d.Month, flashback.Gregorian)
	}
	return c
}
