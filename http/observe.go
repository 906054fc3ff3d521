package http

import (
	"net/http"
	"time"
)

// RequestObserver is told of every request the mux answered: the pattern
// that matched it ("GET /on/{month}/{day}"; empty when none did), the
// status and how long the handler took. The pattern, not the path, is what
// a metric may be labelled with: paths are chosen by whoever asks.
type RequestObserver interface {
	ObserveRequest(pattern string, status int, took time.Duration)
}

// observeRequests reports each request to s.Requests. It must wrap the mux
// directly: the mux records the matched pattern on the request it is given,
// and a middleware further out may hold a different copy.
func (s *Server) observeRequests(next http.Handler) http.Handler {
	if s.Requests == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		returned := false
		defer func() {
			status := sw.status
			if !returned {
				// A panic: recoverPanics, further out, answers 500.
				status = http.StatusInternalServerError
			}
			s.Requests.ObserveRequest(r.Pattern, status, time.Since(start))
		}()
		next.ServeHTTP(sw, r)
		returned = true
	})
}
