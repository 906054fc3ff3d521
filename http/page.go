package http

import (
	"net/http"
	"strconv"

	"flashback"
)

// MaxPage bounds ?page=: far past any real list, and small enough that
// page × page size cannot overflow an offset.
const MaxPage = 1_000_000_000

// PageParam reads a list's ?page= (1-based; 1 when absent). A page that is
// not a whole number from 1 to MaxPage is an EINVALID error that does not
// repeat it and names the bound, so that a reader who typed a large page
// is not told that it is no whole number; past the last page is for the
// list to say (a 404, or an empty page of search results).
func PageParam(r *http.Request) (int, error) {
	s := r.URL.Query().Get("page")
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxPage {
		return 0, flashback.Errorf(flashback.EINVALID, "The page number must be a whole number from 1 to 1,000,000,000.")
	}
	return n, nil
}
