package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"flashback"
	"flashback/http/render"
	"flashback/site"
)

// onDate serves /on/{month}/{day}. Other spellings of a valid date
// (/on/Jan/05, /on/1/5) redirect to the canonical one.
func (h *Handler) onDate(w http.ResponseWriter, r *http.Request) {
	md, ok := parseMonthDay(r.PathValue("month"), r.PathValue("day"))
	if !ok {
		h.noSuchDate(w, r, r.PathValue("month"), r.PathValue("day"))
		return
	}
	if p := site.Date(md); p != r.URL.Path {
		http.Redirect(w, r, p, http.StatusMovedPermanently)
		return
	}
	rc, err := h.sharedReader(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.serveCached(w, r, rc.cacheKey(make([]byte, 0, 128), r.URL.Path), shared, func(ctx context.Context) (*render.Page, string, error) {
		return h.dayPage(ctx, rc, md, false)
	})
}

// jump serves the jump-to-date form, /on?month=1&day=31, which works
// without script. The redirect target is built from the parsed date only,
// so nothing the reader sends can point it elsewhere.
func (h *Handler) jump(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("month") == "" && q.Get("day") == "" {
		http.Redirect(w, r, "/", http.StatusFound)
		return
	}
	md, ok := parseMonthDay(q.Get("month"), q.Get("day"))
	if !ok {
		h.noSuchDate(w, r, q.Get("month"), q.Get("day"))
		return
	}
	http.Redirect(w, r, site.Date(md), http.StatusSeeOther)
}

// parseMonthDay reads a month (name, abbreviation or number) and a day.
func parseMonthDay(month, day string) (flashback.MonthDay, bool) {
	m, err := flashback.ParseMonth(month)
	if err != nil {
		return flashback.MonthDay{}, false
	}
	d, err := strconv.Atoi(strings.TrimSpace(day))
	if err != nil {
		return flashback.MonthDay{}, false
	}
	md := flashback.MonthDay{Month: m, Day: d}
	return md, md.Valid()
}

// noSuchDate is a 404 that helps: it links to the real days nearest to
// what was asked for.
func (h *Handler) noSuchDate(w http.ResponseWriter, r *http.Request, month, day string) {
	var links []render.Link
	// The day as the reader would say it: "February 31", not "2 31".
	asked := strings.TrimSpace(truncate(month, 40) + " " + truncate(day, 40))
	if m, err := flashback.ParseMonth(month); err == nil {
		last := flashback.MonthDay{Month: m, Day: flashback.DaysIn(2000, m, flashback.Gregorian)}
		links = append(links, dateLink(flashback.MonthDay{Month: m, Day: 1}), dateLink(last), dateLink(last.Next()))
		asked = strings.TrimSpace(m.String() + " " + truncate(day, 40))
	} else {
		now := flashback.CivilDateOf(h.Now(), h.Location).MonthDay()
		links = append(links, dateLink(now), dateLink(flashback.MonthDay{Month: time.January, Day: 1}))
	}
	err := flashback.Errorf(flashback.ENOTFOUND,
		"There is no day %q in our calendar: dates run from January 1 to December 31, February 29 included.", asked)
	h.Errors.Error(w, r, err, links...)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
