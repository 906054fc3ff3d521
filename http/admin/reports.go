package admin

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"flashback"
	"flashback/http/render"
	"flashback/mail"
	"flashback/site"
)

type reportListView struct {
	Status  string
	Reports []*flashback.Report
	Pager   pager
}

func (h *Handler) reportList(w http.ResponseWriter, r *http.Request, rq *request) {
	status, err := statusParam(r, flashback.ReportOpen, flashback.ReportStatus.Valid)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page := pageParam(r)
	rs, total, err := h.Reports.FindReports(r.Context(), flashback.ReportFilter{
		Status: status, Limit: perPage, Offset: (page - 1) * perPage})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v := reportListView{Status: string(status), Reports: rs, Pager: newPager(r, page, total)}
	h.page(w, r, rq, "admin-reports", "Reports", "reports", v)
}

// loadReport returns the report in the path and the event it is about.
func (h *Handler) loadReport(r *http.Request) (*flashback.Report, *flashback.Event, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	rep, err := h.Reports.FindReportByID(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	e, err := h.Events.FindEventByID(r.Context(), rep.EventID)
	return rep, e, err
}

func reportPath(id int64) string { return fmt.Sprintf("/admin/reports/%d", id) }

func (h *Handler) reportShow(w http.ResponseWriter, r *http.Request, rq *request) {
	rep, e, err := h.loadReport(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v := &eventView{Form: formFromEvent(e), Event: e, Report: rep, Action: reportPath(rep.ID) + "/accept"}
	v.Lint = newLintView(lintEvent(e))
	h.renderEvent(w, r, rq, v, "", http.StatusOK)
}

// reportAccept fixes the event as the form says, publishes the correction
// and closes the report in one transaction, then tells the reporter.
func (h *Handler) reportAccept(w http.ResponseWriter, r *http.Request, rq *request) {
	rep, stored, err := h.loadReport(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v := &eventView{Form: readEventForm(r), Event: stored, Report: rep, Action: reportPath(rep.ID) + "/accept",
		Reply: strings.TrimSpace(r.PostFormValue("reply"))}
	e, err := v.Form.apply(stored)
	if err != nil {
		h.eventFormError(w, r, rq, v, err)
		return
	}
	if v.Form.Correction == "" {
		v.Form.Correction = flashback.SuggestCorrection(stored, e)
	}
	v.Lint = newLintView(lintEvent(e))
	if r.PostFormValue("action") == "preview" {
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
	reply := v.Reply
	note = strings.TrimSpace(fmt.Sprintf("Report %d accepted. %s", rep.ID, note))
	err = h.Edits.EditEvent(r.Context(), flashback.EventEdit{Event: e, EditorID: rq.User.ID, Note: note,
		Correction: v.Form.Correction, ReportID: rep.ID, ReportNote: reply})
	if err != nil {
		h.eventFormError(w, r, rq, v, err)
		return
	}
	rep.Status, rep.Note = flashback.ReportAccepted, reply
	redirect(w, r, "/admin/reports", h.tellReporter(r.Context(), rep, e, v.Form.Correction, "accepted"))
}

func (h *Handler) reportDecline(w http.ResponseWriter, r *http.Request, rq *request) {
	rep, e, err := h.loadReport(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	reply := strings.TrimSpace(r.PostFormValue("reply"))
	if err := h.Reports.DeclineReport(r.Context(), rep.ID, rq.User.ID, reply); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	rep.Status, rep.Note = flashback.ReportDeclined, reply
	redirect(w, r, "/admin/reports", h.tellReporter(r.Context(), rep, e, "", "declined"))
}

// tellReporter e-mails the outcome to a reporter who left an address. The
// decision is already committed; a failed e-mail is logged and flashed,
// never undone. It returns the flash to show.
func (h *Handler) tellReporter(ctx context.Context, rep *flashback.Report, e *flashback.Event, correction, flash string) string {
	if rep.Email == "" || h.Mail == nil {
		return flash
	}
	m := &mail.Message{From: h.MailFrom, To: rep.Email, Subject: "Your report about \u201c" + e.Headline + "\u201d",
		Text:    reporterText(rep, e, correction, h.BaseURL),
		Headers: map[string]string{"Auto-Submitted": "auto-generated"}}
	if err := h.Mail.Send(ctx, m); err != nil {
		h.Logger.Error("admin: mail to reporter failed", "report", rep.ID, "err", err)
		return "mailfail"
	}
	return flash
}

func reporterText(rep *flashback.Report, e *flashback.Event, correction, baseURL string) string {
	var b strings.Builder
	b.WriteString("Hello,\n\nThank you for telling us that something looked wrong in\n\u201c" + e.Headline + "\u201d.\n\n")
	if rep.Status == flashback.ReportAccepted {
		b.WriteString("You were right, and we have corrected the article.\n")
		if correction != "" {
			b.WriteString("\nThe correction now shown on it reads:\n  " + correction + "\n")
		}
	} else {
		b.WriteString("We looked into it and have decided to leave the article as it is.\n")
	}
	if rep.Note != "" {
		b.WriteString("\nA note from the editor:\n  " + strings.ReplaceAll(rep.Note, "\n", "\n  ") + "\n")
	}
	if baseURL != "" && e.Published {
		b.WriteString("\nThe article: " + site.New(baseURL).Abs(site.Event(e)) + "\n")
	}
	b.WriteString("\nYour report was:\n  " + strings.ReplaceAll(rep.Problem, "\n", "\n  ") + "\n\n-- \nThe Flashback editors\n")
	return b.String()
}
