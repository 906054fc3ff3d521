package subscribe

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"flashback"
	fhttp "flashback/http"
	"flashback/newsletter"
)

// formData is the sign-up form and the manage page's preferences.
type formData struct {
	Email      string
	Zone       string
	Hour       int
	Categories []category
	Error      string // a refusal, shown above the form
	// FillZone lets the page script put the browser's zone in the field:
	// right on a sign-up form, wrong on the manage page, where the stored
	// zone must stay unless the subscriber changes it.
	FillZone bool
}

type category struct {
	Slug, Name string
	Checked    bool
}

// categories lists every category, ticking those chosen (all when none).
func (h *Handler) categories(ctx context.Context, chosen []string) ([]category, error) {
	cats, err := h.Service.Events.Categories(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]category, len(cats))
	for i, c := range cats {
		out[i] = category{Slug: c.Slug, Name: c.Name, Checked: len(chosen) == 0 || slices.Contains(chosen, c.Slug)}
	}
	return out, nil
}

// form serves GET /subscribe.
func (h *Handler) form(w http.ResponseWriter, r *http.Request) {
	cats, err := h.categories(r.Context(), nil)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := formData{Zone: h.readerZone(r), Hour: flashback.DefaultWakeHour, Categories: cats, FillZone: true}
	h.page(w, r, http.StatusOK, "sub-form", "Subscribe", d)
}

// subscribe serves POST /subscribe, from this page's form or the sign-up
// box in every page's footer. Whether the address was new, pending or
// already confirmed, the answer is the same page.
func (h *Handler) subscribe(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, flashback.Errorf(flashback.EINVALID, "The form could not be read. Please try again."))
		return
	}
	f := newsletter.SignUp{
		Email:      r.PostForm.Get("email"),
		TimeZone:   r.PostForm.Get("tz"),
		Hour:       r.PostForm.Get("hour"),
		Categories: r.PostForm["category"],
		Honeypot:   r.PostForm.Get("website"),
		IP:         h.ClientIP(r),
		Source:     "web form " + formSource(r),
	}
	if f.TimeZone == "" {
		f.TimeZone = h.readerZone(r)
	}
	err := h.Service.Subscribe(r.Context(), f)
	switch code := flashback.ErrorCode(err); code {
	case "":
		h.page(w, r, http.StatusOK, "sub-sent", "Check your inbox", nil)
	case flashback.EINVALID, flashback.ETOOMANY:
		h.refuse(w, r, f, err)
	default:
		h.fail(w, r, err)
	}
}

// refuse shows the form again, filled in, with the reason.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, f newsletter.SignUp, err error) {
	cats, cerr := h.categories(r.Context(), f.Categories)
	if cerr != nil {
		h.fail(w, r, cerr)
		return
	}
	hour, herr := newsletter.ParseHour(f.Hour)
	if herr != nil {
		hour = flashback.DefaultWakeHour
	}
	// The zone the reader sent stays as sent: the script would put the
	// browser's in its place, unseen, on the way to the next try.
	d := formData{Email: f.Email, Zone: f.TimeZone, Hour: hour, Categories: cats, Error: flashback.ErrorMessage(err),
		FillZone: strings.TrimSpace(f.TimeZone) == ""}
	h.page(w, r, fhttp.FormStatus(w, err), "sub-form", "Subscribe", d)
}

// formSource records which form the consent was given on.
func formSource(r *http.Request) string {
	if r.PostForm.Has("from-page") {
		return "/subscribe"
	}
	return "sign-up box"
}
