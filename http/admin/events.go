package admin

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"flashback"
	fhttp "flashback/http"
	"flashback/http/render"
)

type eventListView struct {
	Query, Category, Year, Shown string
	Categories                   []*flashback.Category
	Events                       []*flashback.Event
	Pager                        pager
}

func (h *Handler) eventList(w http.ResponseWriter, r *http.Request, rq *request) {
	q := r.URL.Query()
	v := eventListView{Query: q.Get("q"), Category: q.Get("category"), Year: q.Get("year"), Shown: q.Get("shown")}
	page := pageParam(r)
	f := flashback.EventFilter{
		Query: v.Query, Category: v.Category, IncludeDrafts: v.Shown != "published",
		Limit: perPage, Offset: (page - 1) * perPage,
	}
	if strings.TrimSpace(v.Year) != "" {
		y, err := flashback.ParseYear(v.Year)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		f.Year = &y
	}
	events, total, err := h.Events.FindEvents(r.Context(), f)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if v.Categories, err = h.Events.Categories(r.Context()); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v.Events, v.Pager = events, newPager(r, page, total)
	h.page(w, r, rq, "admin-events", "Events", "events", v)
}

// eventView is the event editor: the form, the stored event (nil when new),
// and what the linter and the preview say.
type eventView struct {
	Form       eventForm
	Event      *flashback.Event
	Action     string // where the form posts
	Categories []*flashback.Category
	Lint       lintView
	Preview    any // template.HTML of the body, when previewing
	// NeedOverride asks for a reason to publish despite lint errors.
	NeedOverride bool
	Report       *flashback.Report // set in the report-acceptance flow
	Reply        string            // the note to the reporter, as typed
}

// option is one choice of a select.
type option struct{ Value, Label string }

// Months are the month choices of the editor.
func (v *eventView) Months() []option {
	out := make([]option, 12)
	for i := range out {
		out[i] = option{strconv.Itoa(i + 1), time.Month(i + 1).String()}
	}
	return out
}

// Precisions are the precision choices of the editor.
func (v *eventView) Precisions() []option {
	return []option{
		{"day", "day (shown on date pages)"},
		{"monthday", "day and month, no year (observances)"},
		{"month", "month and year"},
		{"year", "year only"},
	}
}

func (h *Handler) eventNew(w http.ResponseWriter, r *http.Request, rq *request) {
	e := &flashback.Event{Category: flashback.CategoryHistory}
	v := &eventView{Form: formFromEvent(e), Action: "/admin/events/new"}
	v.Form.Year, v.Form.Month, v.Form.Day = "", "", ""
	h.renderEvent(w, r, rq, v, "", http.StatusOK)
}

func (h *Handler) eventEdit(w http.ResponseWriter, r *http.Request, rq *request) {
	e, err := h.loadEvent(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v := &eventView{Form: formFromEvent(e), Event: e, Action: eventPath(e.ID)}
	v.Lint = newLintView(lintEvent(e))
	h.renderEvent(w, r, rq, v, "", http.StatusOK)
}

func (h *Handler) loadEvent(r *http.Request) (*flashback.Event, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return h.Events.FindEventByID(r.Context(), id)
}

func eventPath(id int64) string { return "/admin/events/" + strconv.FormatInt(id, 10) }

func (h *Handler) renderEvent(w http.ResponseWriter, r *http.Request, rq *request, v *eventView, errMsg string, status int) {
	cats, err := h.Events.Categories(r.Context())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v.Categories = cats
	title := "New event"
	if v.Event != nil {
		title = v.Event.Headline
	}
	name := "admin-event"
	if v.Report != nil {
		name, title = "admin-report", "Report "+strconv.FormatInt(v.Report.ID, 10)
	}
	vw := &view{User: rq.User, CSRF: rq.CSRF, Nav: "events", Error: errMsg, V: v,
		Flash: flashes[r.URL.Query().Get("done")]}
	if v.Report != nil {
		vw.Nav = "reports"
	}
	h.write(w, r, name, title, vw, status)
}

func (h *Handler) eventCreate(w http.ResponseWriter, r *http.Request, rq *request) {
	base := &flashback.Event{Provenance: flashback.Provenance{Importer: "editor", Origin: rq.User.Email}}
	v := &eventView{Form: readEventForm(r), Action: "/admin/events/new"}
	h.saveEvent(w, r, rq, v, base)
}

func (h *Handler) eventSave(w http.ResponseWriter, r *http.Request, rq *request) {
	stored, err := h.loadEvent(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v := &eventView{Form: readEventForm(r), Event: stored, Action: eventPath(stored.ID)}
	h.saveEvent(w, r, rq, v, stored)
}

// saveEvent previews, saves or publishes the form's event over base.
func (h *Handler) saveEvent(w http.ResponseWriter, r *http.Request, rq *request, v *eventView, base *flashback.Event) {
	action := r.PostFormValue("action")
	e, err := v.Form.apply(base)
	if err == nil && e.Date.BeginsAfter(flashback.LatestDate(h.now())) {
		// A typed 2062 for 1962 would go live as an event to come.
		err = flashback.Errorf(flashback.EINVALID, "%s has not come yet: an event here must have happened. Check the year.", e.Date)
	}
	if err != nil {
		h.eventFormError(w, r, rq, v, err)
		return
	}
	if action == "publish" {
		e.Published = true
	}
	v.Lint = newLintView(lintEvent(e))
	if action == "preview" {
		if v.Preview, err = render.Markdown(e.Body); err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		h.renderEvent(w, r, rq, v, "", http.StatusOK)
		return
	}
	note, err := h.checkLint(e, v.Lint, v.Form)
	if err != nil {
		v.NeedOverride = true
		h.renderEvent(w, r, rq, v, flashback.ErrorMessage(err), http.StatusUnprocessableEntity)
		return
	}
	// A public correction says what readers saw wrong: only an event
	// already published can have one (the form shows the field only
	// then; a crafted post gets it ignored).
	correction := v.Form.Correction
	if !base.Published {
		correction = ""
	}
	edit := flashback.EventEdit{Event: e, EditorID: rq.User.ID, Note: note, Correction: correction}
	if err := h.Edits.EditEvent(r.Context(), edit); err != nil {
		h.eventFormError(w, r, rq, v, err)
		return
	}
	h.settleConflicts(r, rq, e)
	flash := "saved"
	switch {
	case base.ID == 0:
		flash = "created"
	case action == "publish":
		flash = "published"
	}
	redirect(w, r, eventPath(e.ID), flash)
}

// settleConflicts closes the open conflicts of e whose incoming date an
// edit has just given it: the editor decided for that date by hand, and an
// open conflict would keep the event from leading its day for nothing. They
// close as taken, as if the editor had taken the date there, so that the
// incoming record's sources join the event. A failure leaves them open for
// the conflicts page and is logged; the edit itself is saved.
func (h *Handler) settleConflicts(r *http.Request, rq *request, e *flashback.Event) {
	if h.Conflicts == nil || e.ID == 0 {
		return
	}
	cs, _, err := h.Conflicts.FindConflicts(r.Context(), flashback.ConflictFilter{EventID: &e.ID, Status: flashback.ConflictOpen})
	for _, c := range cs {
		if err != nil {
			break
		}
		if c.Incoming.Date == e.Date {
			err = h.Conflicts.ResolveConflict(r.Context(), flashback.ConflictResolution{ID: c.ID,
				Status: flashback.ConflictTaken, EditorID: rq.User.ID, Note: "Settled by an edit that gave the event this date."})
		}
	}
	if err != nil && flashback.ErrorCode(err) != flashback.ECONFLICT {
		h.Logger.Warn("admin: settle conflicts after an edit", "event", e.ID, "err", err)
	}
}

func (h *Handler) eventFormError(w http.ResponseWriter, r *http.Request, rq *request, v *eventView, err error) {
	code := flashback.ErrorCode(err)
	if code == flashback.EINTERNAL {
		h.Errors.Error(w, r, err)
		return
	}
	h.renderEvent(w, r, rq, v, flashback.ErrorMessage(err), fhttp.StatusOf(err))
}

func (h *Handler) eventPublish(w http.ResponseWriter, r *http.Request, rq *request) {
	h.setPublished(w, r, rq, true)
}

func (h *Handler) eventUnpublish(w http.ResponseWriter, r *http.Request, rq *request) {
	h.setPublished(w, r, rq, false)
}

// setPublished publishes or hides the stored event as it is. Publishing
// passes the same lint gate as the editor's form.
func (h *Handler) setPublished(w http.ResponseWriter, r *http.Request, rq *request, published bool) {
	e, err := h.loadEvent(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	form := formFromEvent(e)
	form.Override = strings.TrimSpace(r.PostFormValue("override"))
	e.Published = published
	lint := newLintView(lintEvent(e))
	note, err := h.checkLint(e, lint, form)
	if err != nil {
		v := &eventView{Form: form, Event: e, Action: eventPath(e.ID), Lint: lint, NeedOverride: true}
		h.renderEvent(w, r, rq, v, flashback.ErrorMessage(err), http.StatusUnprocessableEntity)
		return
	}
	if err := h.Edits.EditEvent(r.Context(), flashback.EventEdit{Event: e, EditorID: rq.User.ID, Note: note}); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	flash := "hidden"
	if published {
		flash = "published"
	}
	redirect(w, r, eventPath(e.ID), flash)
}

type revisionsView struct {
	Event       *flashback.Event
	Revisions   []*flashback.Revision
	Corrections []*flashback.Correction // public, newest first
}

func (h *Handler) revisions(w http.ResponseWriter, r *http.Request, rq *request) {
	e, err := h.loadEvent(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	revs, err := h.Edits.Revisions(r.Context(), e.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	// What readers were told beside what changed: a correction is
	// published with an edit, but is not a field of the event.
	corrections, _, err := h.Edits.FindCorrections(r.Context(), flashback.CorrectionFilter{EventID: &e.ID, IncludeDrafts: true})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.page(w, r, rq, "admin-revisions", "History of "+e.Headline, "events",
		revisionsView{Event: e, Revisions: revs, Corrections: corrections})
}
