package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"flashback"
)

type deliveryListView struct {
	Date  string // the chosen local date, "" for every date
	Today string
	// DatesNow are the local dates some reader lives now (readers east
	// of the site are a day ahead, west a day behind), each a digest
	// date that may be going out.
	DatesNow     []string
	State        string // "" for every state
	SubscriberID int64  // 0 for every subscriber
	States       []flashback.DeliveryState
	Counts       []statusCount // for Date; nil for every date or one subscriber
	Entries      []*flashback.DeliveryEntry
	Pager        pager
}

// deliveryList is the ledger, newest first. ?date= is a local date
// (YYYY-MM-DD) or "all"; without it the page shows today in the site's
// zone, or every date for one subscriber. ?state= and ?subscriber= narrow
// it further.
func (h *Handler) deliveryList(w http.ResponseWriter, r *http.Request, rq *request) {
	f, v, err := h.deliveryFilter(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	// The counts are the whole day's, so they are left out for one
	// subscriber, whose day has a single row.
	if !f.LocalDate.IsZero() && f.SubscriberID == 0 {
		counts, err := h.DeliveryList.CountDeliveries(r.Context(), f.LocalDate)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		v.Counts = deliveryCounts(counts, v)
	}
	page := pageParam(r)
	f.Limit, f.Offset = perPage, (page-1)*perPage
	if v.Entries, v.Pager.Total, err = h.DeliveryList.ListDeliveries(r.Context(), f); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v.Pager = newPager(r, page, v.Pager.Total)
	h.page(w, r, rq, "admin-deliveries", "Deliveries", "deliveries", v)
}

// deliveryFilter reads the query; bad values are EINVALID.
func (h *Handler) deliveryFilter(r *http.Request) (flashback.DeliveryFilter, *deliveryListView, error) {
	q := r.URL.Query()
	var f flashback.DeliveryFilter
	v := &deliveryListView{Today: h.today().String(), States: flashback.DeliveryStates()}
	for _, d := range flashback.DatesNow(h.now()) {
		v.DatesNow = append(v.DatesNow, d.String())
	}
	if s := q.Get("subscriber"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return f, nil, flashback.Errorf(flashback.EINVALID, "Unknown subscriber.")
		}
		f.SubscriberID, v.SubscriberID = id, id
	}
	switch date := q.Get("date"); {
	case date == "all", date == "" && f.SubscriberID != 0:
	case date == "":
		f.LocalDate = h.today()
	default:
		d, err := flashback.ParseCivilDate(date)
		if err != nil {
			return f, nil, err
		}
		f.LocalDate = d
	}
	if !f.LocalDate.IsZero() {
		v.Date = f.LocalDate.String()
	}
	f.State = flashback.DeliveryState(q.Get("state"))
	if f.State != "" && !f.State.Valid() {
		return f, nil, flashback.Errorf(flashback.EINVALID, "Unknown delivery state.")
	}
	v.State = string(f.State)
	return f, v, nil
}

// deliveryCounts are the links to every state on the chosen date.
func deliveryCounts(counts map[flashback.DeliveryState]int, v *deliveryListView) []statusCount {
	link := func(state string) string {
		q := url.Values{"date": {v.Date}}
		if state != "" {
			q.Set("state", state)
		}
		return "/admin/deliveries?" + q.Encode()
	}
	all := 0
	var out []statusCount
	for _, s := range flashback.DeliveryStates() {
		all += counts[s]
		out = append(out, statusCount{Label: string(s), N: counts[s], URL: link(string(s)), Current: v.State == string(s)})
	}
	return append([]statusCount{{Label: "all", N: all, URL: link(""), Current: v.State == ""}}, out...)
}

// now is the handler's clock's time.
func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return flashback.SystemClock()
}

// today is the current date in the site's zone.
func (h *Handler) today() flashback.CivilDate {
	loc := h.Location
	if loc == nil && h.Render != nil {
		loc = h.Render.Location
	}
	if loc == nil {
		loc = time.UTC
	}
	return flashback.CivilDateOf(h.now(), loc)
}
