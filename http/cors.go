package http

import "net/http"

// Preflight answers a browser's CORS preflight for a resource any page may
// read (the API, the feeds): GET and HEAD only, with the conditional
// header a client revalidating needs. Preflights are not counted against
// a client's limit: the browser sends them, and the request they clear is.
func Preflight(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Access-Control-Allow-Methods", "GET, HEAD")
	hd.Set("Access-Control-Allow-Headers", "If-None-Match")
	hd.Set("Access-Control-Max-Age", "86400")
	hd.Set("Allow", "GET, HEAD, OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}
