package admin

import (
	"fmt"
	"net/http"
	"strings"

	"flashback"
)

type conflictListView struct {
	Status    string
	Conflicts []*conflictRow
	Pager     pager
}

// conflictRow is a conflict with the stored event as it is now.
type conflictRow struct {
	*flashback.Conflict
	Stored *flashback.Event
}

func (h *Handler) conflictList(w http.ResponseWriter, r *http.Request, rq *request) {
	status, err := statusParam(r, flashback.ConflictOpen, flashback.ConflictStatus.Valid)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page := pageParam(r)
	cs, total, err := h.Conflicts.FindConflicts(r.Context(), flashback.ConflictFilter{
		Status: status, Limit: perPage, Offset: (page - 1) * perPage})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v := conflictListView{Status: string(status), Pager: newPager(r, page, total)}
	for _, c := range cs {
		row, err := h.conflictRow(r, c)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		v.Conflicts = append(v.Conflicts, row)
	}
	h.page(w, r, rq, "admin-conflicts", "Conflicts", "conflicts", v)
}

func (h *Handler) conflictRow(r *http.Request, c *flashback.Conflict) (*conflictRow, error) {
	e, err := h.Events.FindEventByID(r.Context(), c.EventID)
	if err != nil {
		return nil, err
	}
	return &conflictRow{Conflict: c, Stored: e}, nil
}

type conflictView struct {
	*conflictRow
	// Correction is the suggested public note if the incoming date is taken.
	Correction string
	Note       string
}

func (h *Handler) conflictShow(w http.ResponseWriter, r *http.Request, rq *request) {
	v, err := h.loadConflict(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.page(w, r, rq, "admin-conflict", fmt.Sprintf("Conflict %d", v.ID), "conflicts", v)
}

func (h *Handler) loadConflict(r *http.Request) (*conflictView, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	c, err := h.Conflicts.FindConflictByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	row, err := h.conflictRow(r, c)
	if err != nil {
		return nil, err
	}
	v := &conflictView{conflictRow: row}
	if row.Stored.Published {
		after := *row.Stored
		after.Date = c.Incoming.Date
		v.Correction = flashback.SuggestCorrection(row.Stored, &after)
	}
	return v, nil
}

func (h *Handler) conflictResolve(w http.ResponseWriter, r *http.Request, rq *request) {
	v, err := h.loadConflict(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v.Note, v.Correction = r.PostFormValue("note"), strings.TrimSpace(r.PostFormValue("correction"))
	res := flashback.ConflictResolution{ID: v.ID, EditorID: rq.User.ID, Note: v.Note,
		Status: map[string]flashback.ConflictStatus{"keep": flashback.ConflictKept,
			"take": flashback.ConflictTaken, "dismiss": flashback.ConflictDismissed}[r.PostFormValue("action")]}
	if res.Status == flashback.ConflictTaken {
		res.Correction = v.Correction
	}
	if err := h.Conflicts.ResolveConflict(r.Context(), res); err != nil {
		h.formError(w, r, rq, "admin-conflict", fmt.Sprintf("Conflict %d", v.ID), "conflicts", v, err)
		return
	}
	redirect(w, r, "/admin/conflicts", "resolved")
}
