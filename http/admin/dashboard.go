package admin

import (
	"net/http"

	"flashback"
)

type dashboardView struct {
	OpenReports, OpenMessages, OpenConflicts, Events int
}

// dashboardText is the dashboard's counts in words ("1 open report",
// "no open conflicts").
type dashboardText struct {
	Reports, Messages, Conflicts, Events string
}

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request, rq *request) {
	ctx := r.Context()
	var v dashboardView
	var err error
	if _, v.OpenReports, err = h.Reports.FindReports(ctx, flashback.ReportFilter{Status: flashback.ReportOpen, Limit: 1}); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	unhandled := false
	if _, v.OpenMessages, err = h.Messages.FindMessages(ctx, flashback.MessageFilter{Handled: &unhandled, Limit: 1}); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if _, v.OpenConflicts, err = h.Conflicts.FindConflicts(ctx, flashback.ConflictFilter{Status: flashback.ConflictOpen, Limit: 1}); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if _, v.Events, err = h.Events.FindEvents(ctx, flashback.EventFilter{IncludeDrafts: true, Limit: 1}); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.page(w, r, rq, "admin-dashboard", "Desk", "dashboard", dashboardText{
		Reports:   flashback.Plural(v.OpenReports, "open report", "open reports") + " from readers",
		Messages:  flashback.Plural(v.OpenMessages, "unhandled message", "unhandled messages"),
		Conflicts: flashback.Plural(v.OpenConflicts, "open conflict", "open conflicts") + " from imports",
		Events:    flashback.Plural(v.Events, "event", "events"),
	})
}
