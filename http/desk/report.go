package desk

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"flashback"
	"flashback/auth"
	fhttp "flashback/http"
	"flashback/http/render"
	"flashback/site"
)

// reportView is the report form: the event, what the reader typed, and
// what went wrong with it.
type reportView struct {
	Event      *flashback.Event
	ArticleURL string
	CSRF       string
	Honeypot   string
	Problem    string
	Correction string
	Source     string
	Email      string
	Error      string
	Limits     limits
}

// limits are shown in the form as maxlength, so browsers enforce them too.
type limits struct{ Problem, Correction, Source, Email, Name, Subject, Body int }

var formLimits = limits{
	Problem: flashback.MaxReportProblem, Correction: flashback.MaxReportCorrection,
	Source: flashback.MaxReportSource, Email: flashback.MaxEmail, Name: flashback.MaxMessageName,
	Subject: flashback.MaxMessageSubject, Body: flashback.MaxMessageBody,
}

// publishedEvent returns the published event of the {id} path value, or
// ENOTFOUND: drafts cannot be reported, as readers cannot see them.
func (h *Handler) publishedEvent(r *http.Request) (*flashback.Event, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no such event.")
	}
	e, err := h.Events.FindEventByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !e.Published {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no such event.")
	}
	return e, nil
}

func (h *Handler) reportForm(w http.ResponseWriter, r *http.Request) {
	e, err := h.publishedEvent(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v := &reportView{Event: e, ArticleURL: site.Event(e), CSRF: h.CSRF.AnonToken(w, r), Honeypot: honeypot, Limits: formLimits}
	h.renderReport(w, r, v, http.StatusOK)
}

func (h *Handler) renderReport(w http.ResponseWriter, r *http.Request, v *reportView, status int) {
	p := &render.Page{Title: "Report an inaccuracy", Canonical: h.BaseURL + "/events/" + strconv.FormatInt(v.Event.ID, 10) + "/report", Description: "Tell the editors what looks wrong.", Data: v}
	h.write(w, r, status, "desk-report", p)
}

func (h *Handler) reportSubmit(w http.ResponseWriter, r *http.Request) {
	e, err := h.publishedEvent(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v := &reportView{Event: e, ArticleURL: site.Event(e), Honeypot: honeypot, Limits: formLimits,
		Problem: r.PostFormValue("problem"), Correction: r.PostFormValue("correction"),
		Source: r.PostFormValue("source"), Email: r.PostFormValue("email")}
	thanks := site.ReportThanks(e.ID)
	if err := h.checkForm(r); err != nil {
		h.reportError(w, r, v, err)
		return
	}
	if strings.TrimSpace(r.PostFormValue(honeypot)) != "" {
		h.Logger.Info("desk: honeypot report refused")
		h.reportError(w, r, v, errHoneypot())
		return
	}
	rep := &flashback.Report{EventID: e.ID, Problem: v.Problem, Correction: v.Correction, Source: v.Source, Email: v.Email}
	if err := rep.Validate(); err != nil {
		h.reportError(w, r, v, err)
		return
	}
	if err := h.allow(r); err != nil {
		h.reportError(w, r, v, err)
		return
	}
	if err := h.Reports.CreateReport(r.Context(), rep); err != nil {
		h.reportError(w, r, v, err)
		return
	}
	h.notify(r.Context(), "New report about \u201c"+e.Headline+"\u201d", reportNotice(rep, e, h.BaseURL))
	http.Redirect(w, r, thanks, http.StatusSeeOther)
}

// reportError shows the form again with what the reader typed.
func (h *Handler) reportError(w http.ResponseWriter, r *http.Request, v *reportView, err error) {
	if flashback.ErrorCode(err) == flashback.EINTERNAL {
		h.Errors.Error(w, r, err)
		return
	}
	v.CSRF, v.Error = h.CSRF.AnonToken(w, r), flashback.ErrorMessage(err)
	h.renderReport(w, r, v, fhttp.FormStatus(w, err))
}

// checkForm checks the CSRF token. A form from a browser that lost its
// cookie fails here; the reader keeps their text and can send it again,
// since the answer sets a fresh cookie and token.
func (h *Handler) checkForm(r *http.Request) error {
	return h.CSRF.CheckAnon(r)
}

// errHoneypot refuses a form whose hidden trap field was filled. Robots fill
// it; so, rarely, does a browser's autofill: saying so (and keeping what was
// typed) loses nothing, where a silent drop behind a "thank you" would lose a
// real reader's report.
func errHoneypot() error {
	return flashback.Errorf(flashback.EINVALID,
		"The form came back with a hidden field filled in, which usually means a robot sent it. If you are not one, please send it again; what you wrote is kept below.")
}

// allow counts a submission against the client's limit.
func (h *Handler) allow(r *http.Request) error {
	return h.Limit.Allow(r.Context(), auth.ClientKey(r),
		"You have sent several forms in a short time. Please wait a few minutes and send this one again; what you wrote is kept below.")
}

// DefaultRate is the usual limit of reports and contact messages per
// client, together: 5, then one every 2 minutes. Each may mail the editors.
func DefaultRate() flashback.Rate { return flashback.Rate{Burst: 5, Every: 2 * time.Minute} }

type thanksView struct {
	Heading, Message string
	Back             render.Link
}

func (h *Handler) reportThanks(w http.ResponseWriter, r *http.Request) {
	e, err := h.publishedEvent(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v := thanksView{Heading: "Thank you", Message: "Your report has reached the editors. " +
		"If you left an e-mail address, we will tell you what we decide.",
		Back: render.Link{URL: site.Event(e), Text: "Back to \u201c" + e.Headline + "\u201d"}}
	h.write(w, r, http.StatusOK, "desk-thanks", &render.Page{Title: "Thank you", Data: v})
}

func reportNotice(rep *flashback.Report, e *flashback.Event, baseURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "A reader reports that something looks wrong in\n\u201c%s\u201d (%s).\n\n", e.Headline, e.Date)
	fmt.Fprintf(&b, "What looks wrong:\n%s\n", rep.Problem)
	if rep.Correction != "" {
		fmt.Fprintf(&b, "\nSuggested correction:\n%s\n", rep.Correction)
	}
	if rep.Source != "" {
		fmt.Fprintf(&b, "\nSource:\n%s\n", rep.Source)
	}
	if baseURL != "" {
		fmt.Fprintf(&b, "\nTriage it: %s\n", site.New(baseURL).Abs(site.AdminReport(rep.ID)))
	}
	return b.String()
}
