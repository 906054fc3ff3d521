package admin

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"flashback"
	"flashback/editorial"
)

type importView struct {
	Format, Month, Day string
	Report             *editorial.ImportReport
	Skipped            []flashback.Skip
	FileName           string
}

func (h *Handler) importForm(w http.ResponseWriter, r *http.Request, rq *request) {
	h.page(w, r, rq, "admin-imports", "Import", "imports", &importView{Format: editorial.FormatCSV})
}

func (h *Handler) importUpload(w http.ResponseWriter, r *http.Request, rq *request) {
	v := &importView{Format: r.PostFormValue("format"), Month: r.PostFormValue("month"), Day: r.PostFormValue("day")}
	fail := func(err error) {
		h.formError(w, r, rq, "admin-imports", "Import", "imports", v, err)
	}
	file, header, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		fail(flashback.Errorf(flashback.EINVALID, "Choose a file to import."))
		return
	} else if err != nil {
		fail(flashback.Errorf(flashback.EINVALID, "The upload did not arrive whole; it may be too large."))
		return
	}
	defer file.Close()
	v.FileName = header.Filename
	data, err := editorial.ReadLimited(file, h.MaxUpload, header.Filename)
	if err != nil {
		fail(err)
		return
	}
	up := editorial.Upload{Format: v.Format, Name: header.Filename, Data: data}
	if v.Month != "" || v.Day != "" {
		m, _ := strconv.Atoi(v.Month)
		d, _ := strconv.Atoi(v.Day)
		up.Day = flashback.MonthDay{Month: time.Month(m), Day: d}
		if !up.Day.Valid() {
			fail(flashback.Errorf(flashback.EINVALID, "Choose the day the feed describes, or leave both fields empty."))
			return
		}
	}
	im := &editorial.Importer{Events: h.Events, Conflicts: h.Conflicts, Observer: h.Observer, Now: h.Now}
	rep, err := im.ImportUpload(r.Context(), up)
	if err != nil {
		fail(err)
		return
	}
	h.Logger.Info("admin: import", "user", rq.User.Email, "file", header.Filename, "added", rep.Stats.Added,
		"updated", rep.Stats.Updated, "conflicts", rep.NewConflicts)
	v.Report, v.Skipped = rep, rep.Skipped()
	if len(v.Skipped) > 200 {
		v.Skipped = v.Skipped[:200]
	}
	h.page(w, r, rq, "admin-imports", "Import", "imports", v)
}
