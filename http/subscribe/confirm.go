package subscribe

import (
	"fmt"
	"net/http"

	"flashback"
	"flashback/site"
)

// confirmPage serves GET /confirm/{token}: a button, not the confirmation
// itself, because mail scanners open links to check them and must not
// subscribe anyone by doing so.
func (h *Handler) confirmPage(w http.ResponseWriter, r *http.Request) {
	h.page(w, r, http.StatusOK, "sub-confirm", "Confirm your subscription", r.PathValue("token"))
}

// confirmedData is the page after a confirmation.
type confirmedData struct {
	Email     string
	FirstDate string // "Saturday, 31 January 2026"
	Hour      string
	Zone      string
	ManageURL string
}

// confirm serves POST /confirm/{token}.
func (h *Handler) confirm(w http.ResponseWriter, r *http.Request) {
	sub, err := h.Service.Confirm(r.Context(), r.PathValue("token"), h.ClientIP(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := confirmedData{
		Email:     sub.Email,
		FirstDate: dateLine(sub.NextDate),
		Hour:      fmt.Sprintf("%02d:00", sub.WakeHour),
		Zone:      sub.TimeZone,
		ManageURL: site.Manage(h.Service.ManageToken(sub)),
	}
	h.page(w, r, http.StatusOK, "sub-confirmed", "You are subscribed", d)
}

func dateLine(d flashback.CivilDate) string {
	if d.IsZero() {
		return ""
	}
	hd := flashback.HistDate{Year: d.Year, Month: d.Month, Day: d.Day}
	return hd.Weekday().String() + ", " + hd.String()
}
