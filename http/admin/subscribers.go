package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"flashback"
)

// registerSubscribers adds the subscriber and ledger pages when their
// stores are set. Half a configuration is a wiring mistake, caught at
// start-up rather than on an editor's click.
func (h *Handler) registerSubscribers(mux *http.ServeMux) {
	set := 0
	for _, ok := range []bool{h.Subscribers != nil, h.SubscriberList != nil, h.DeliveryList != nil} {
		if ok {
			set++
		}
	}
	switch set {
	case 0:
		return
	case 3:
	default:
		panic("admin: Subscribers, SubscriberList and DeliveryList must be set together")
	}
	mux.HandleFunc("GET /admin/subscribers", h.editor(h.subscriberList))
	mux.HandleFunc("GET /admin/subscribers/{id}", h.editor(h.subscriberShow))
	mux.HandleFunc("POST /admin/subscribers/{id}/suppress", h.editor(h.subscriberSuppress))
	mux.HandleFunc("GET /admin/deliveries", h.editor(h.deliveryList))
}

func (h *Handler) listsEnabled() bool { return h.SubscriberList != nil }

// maxSearch bounds the address search; no address is longer.
const maxSearch = 254

// statusCount is one "status (n)" link above a list.
type statusCount struct {
	Label   string
	N       int
	URL     string
	Current bool
}

type subscriberListView struct {
	Status      string // "" for every status
	Search      string
	Statuses    []flashback.SubscriberStatus // for the filter's options
	Counts      []statusCount
	Subscribers []*flashback.Subscriber
	Pager       pager
}

func (h *Handler) subscriberList(w http.ResponseWriter, r *http.Request, rq *request) {
	q := r.URL.Query()
	f := flashback.SubscriberFilter{Status: flashback.SubscriberStatus(q.Get("status")),
		Search: strings.TrimSpace(q.Get("q"))}
	if f.Status != "" && !f.Status.Valid() {
		h.Errors.Error(w, r, flashback.Errorf(flashback.EINVALID, "Unknown status."))
		return
	}
	if utf8.RuneCountInString(f.Search) > maxSearch {
		h.Errors.Error(w, r, flashback.Errorf(flashback.EINVALID, "The search is longer than any address."))
		return
	}
	counts, err := h.SubscriberList.CountSubscribers(r.Context())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page := pageParam(r)
	f.Limit, f.Offset = perPage, (page-1)*perPage
	subs, total, err := h.SubscriberList.ListSubscribers(r.Context(), f)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v := subscriberListView{Status: string(f.Status), Search: f.Search, Statuses: flashback.SubscriberStatuses(),
		Counts: subscriberCounts(counts, f), Subscribers: subs, Pager: newPager(r, page, total)}
	h.page(w, r, rq, "admin-subscribers", "Subscribers", "subscribers", v)
}

// subscriberCounts are the links to every status, each with its count; the
// search, if any, is kept in them.
func subscriberCounts(counts map[flashback.SubscriberStatus]int, f flashback.SubscriberFilter) []statusCount {
	link := func(status string) string {
		q := url.Values{}
		if status != "" {
			q.Set("status", status)
		}
		if f.Search != "" {
			q.Set("q", f.Search)
		}
		if len(q) == 0 {
			return "/admin/subscribers"
		}
		return "/admin/subscribers?" + q.Encode()
	}
	all := 0
	var out []statusCount
	for _, s := range flashback.SubscriberStatuses() {
		all += counts[s]
		out = append(out, statusCount{Label: string(s), N: counts[s], URL: link(string(s)), Current: f.Status == s})
	}
	return append([]statusCount{{Label: "all", N: all, URL: link(""), Current: f.Status == ""}}, out...)
}

// subscriberDeliveries is how many ledger rows the subscriber page shows.
const subscriberDeliveries = 30

type subscriberView struct {
	Sub        *flashback.Subscriber
	Deliveries []*flashback.DeliveryEntry
	// MoreDeliveries is the number of older rows not shown.
	MoreDeliveries int
	// ShowIPs: the network addresses of the consent record are shown to
	// administrators only; editors learn that they were recorded.
	ShowIPs bool
	CanAct  bool
	Reason  string // what the administrator typed, kept on an error
}

// loadSubscriber fills the subscriber page for the subscriber in the path.
func (h *Handler) loadSubscriber(r *http.Request, rq *request) (*subscriberView, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	sub, err := h.Subscribers.FindSubscriberByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	ds, total, err := h.DeliveryList.ListDeliveries(r.Context(),
		flashback.DeliveryFilter{SubscriberID: id, Limit: subscriberDeliveries})
	if err != nil {
		return nil, err
	}
	admin := rq.User.IsAdmin()
	return &subscriberView{Sub: sub, Deliveries: ds, MoreDeliveries: total - len(ds), ShowIPs: admin,
		CanAct: admin && sub.Status != flashback.SubscriberSuppressed}, nil
}

func (h *Handler) subscriberShow(w http.ResponseWriter, r *http.Request, rq *request) {
	v, err := h.loadSubscriber(r, rq)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.page(w, r, rq, "admin-subscriber", "Subscriber", "subscribers", v)
}

// maxReason bounds a suppression reason.
const maxReason = 500

// subscriberSuppress stops every mail to the subscriber's address, e.g.
// after a complaint. The reason is recorded with who gave it.
func (h *Handler) subscriberSuppress(w http.ResponseWriter, r *http.Request, rq *request) {
	if !rq.User.IsAdmin() {
		h.Errors.Error(w, r, flashback.Errorf(flashback.EFORBIDDEN, "Only administrators may suppress a subscriber."))
		return
	}
	v, err := h.loadSubscriber(r, rq)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v.Reason = strings.TrimSpace(r.PostFormValue("reason"))
	if err := checkSuppression(v); err != nil {
		h.formError(w, r, rq, "admin-subscriber", "Subscriber", "subscribers", v, err)
		return
	}
	reason := fmt.Sprintf("%s (by %s)", v.Reason, rq.User.Email)
	if err := h.Subscribers.SuppressSubscriber(r.Context(), v.Sub.ID, reason); err != nil {
		h.formError(w, r, rq, "admin-subscriber", "Subscriber", "subscribers", v, err)
		return
	}
	h.Logger.Info("admin: subscriber suppressed", "subscriber", v.Sub.ID, "by", rq.User.ID)
	redirect(w, r, fmt.Sprintf("/admin/subscribers/%d", v.Sub.ID), "suppress")
}

func checkSuppression(v *subscriberView) error {
	reason, err := flashback.CleanLine("The reason", v.Reason)
	if err != nil {
		return err // v keeps the reason as typed, for the form
	}
	v.Reason = reason
	switch {
	case v.Sub.Status == flashback.SubscriberSuppressed:
		return flashback.Errorf(flashback.ECONFLICT, "This subscriber is already suppressed.")
	case v.Reason == "":
		return flashback.Errorf(flashback.EINVALID, "Please say why (for example, the complaint received).")
	case utf8.RuneCountInString(v.Reason) > maxReason:
		return flashback.Errorf(flashback.EINVALID, "Please keep the reason under %d characters.", maxReason)
	}
	return nil
}
