package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"flashback"
	"flashback/editorial"
	fhttp "flashback/http"
)

type importView struct {
	Format, Month, Day string
	Report             *editorial.ImportReport
	Skipped            []flashback.Skip
	FileName           string
}

// importAnswerTime bounds an import's answer: a file at the upload bound
// (16 MiB, some 300,000 rows of CSV) took minutes on a 2-core machine.
const importAnswerTime = 15 * time.Minute

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
	// A file at the upload bound takes minutes, past the server's write
	// timeout, which would cut the answer off while the import went on:
	// this answer gets longer. An editor who gives up waiting does not
	// stop it halfway either; the log says how it ended.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(importAnswerTime))
	rep, err := im.ImportUpload(context.WithoutCancel(r.Context()), up)
	if err != nil {
		if rep == nil || rep.Stats.Added+rep.Stats.Updated == 0 {
			fail(err)
			return
		}
		// The batches before the failure are stored, whatever the
		// failure was: the editor is told, with the status it earns.
		h.Logger.Warn("admin: import stopped", "user", rq.User.Email, "file", header.Filename,
			"added", rep.Stats.Added, "updated", rep.Stats.Updated, "err", err)
		msg := fmt.Sprintf("The import stopped after storing %d new and %d updated events; importing the file "+
			"again adds the rest without doubles. %s", rep.Stats.Added, rep.Stats.Updated, flashback.ErrorMessage(err))
		h.write(w, r, "admin-imports", "Import", &view{User: rq.User, CSRF: rq.CSRF, Nav: "imports", Error: msg,
			Lists: h.listsEnabled(), V: v}, fhttp.StatusOf(err))
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
