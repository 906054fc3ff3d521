package http

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"flashback"
)

// securityHeaders sets the headers every response carries. The policy
// allows only our own scripts and styles (no inline script anywhere) and
// forbids framing. With hsts, browsers are told to come back over HTTPS
// only (not for subdomains: the operator's other hosts are not ours to
// decide). The header values are built once and shared: nothing writes to
// them, and sharing keeps the hot path free of allocations.
func securityHeaders(next http.Handler, hsts bool) http.Handler {
	csp := []string{"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"}
	nosniff := []string{"nosniff"}
	referrer := []string{"strict-origin-when-cross-origin"}
	frame := []string{"DENY"}
	sts := []string{"max-age=31536000"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Security-Policy"] = csp
		h["X-Content-Type-Options"] = nosniff
		h["Referrer-Policy"] = referrer
		h["X-Frame-Options"] = frame
		if hsts {
			h["Strict-Transport-Security"] = sts
		}
		next.ServeHTTP(w, r)
	})
}

// limitSize refuses over-long request targets (414) and caps bodies.
func (s *Server) limitSize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.RequestURI) > s.MaxURLBytes || len(r.URL.RawQuery) > s.MaxURLBytes {
			w.Header().Set("Connection", "close")
			s.Errors.Render.Error(w, http.StatusRequestURITooLong, "That address is too long",
				"The address of the page you asked for is longer than any page of ours.")
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			limit := s.MaxBodyBytes
			if l, ok := s.BodyLimits[r.URL.Path]; ok {
				limit = l
			}
			if r.ContentLength > limit {
				// Said plainly up front: read partly, the form would fail
				// later for a misleading reason (such as its CSRF token).
				s.tooLarge(w, limit)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			if r.ContentLength < 0 {
				// A chunked body has no length to check up front: the
				// limit is met while the handler reads, and the handler's
				// answer (a form that "expired") is replaced by the 413.
				body := &limitedBody{ReadCloser: r.Body}
				r.Body = body
				w = &limitWriter{ResponseWriter: w, body: body, tooLarge: func(w http.ResponseWriter) { s.tooLarge(w, limit) }}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// tooLarge answers 413 for a body over limit bytes, and closes the
// connection: the rest of the body is not worth reading.
func (s *Server) tooLarge(w http.ResponseWriter, limit int64) {
	w.Header().Set("Connection", "close")
	s.Errors.Render.Error(w, http.StatusRequestEntityTooLarge, "That is too long for us",
		fmt.Sprintf("What you sent is larger than the %d KB this page accepts. Please shorten it and send it again.", limit>>10))
}

// recoverPanics turns a panic in a handler into a logged internal error, so
// one bad request cannot take the process down.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.Logger.Error("http: panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
			s.Errors.Error(w, r, flashback.Errorf(flashback.EINTERNAL, "panic"))
		}()
		next.ServeHTTP(w, r)
	})
}

// logRequests writes an access log line per request at debug level. When
// debug logging is off it costs one Enabled call and nothing else.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.Logger.Enabled(r.Context(), slog.LevelDebug) {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		s.Logger.Debug("http request", "method", r.Method, "path", r.URL.Path,
			"status", sw.status, "bytes", sw.bytes, "duration", time.Since(start))
	})
}

// statusWriter remembers the status and size of a response for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
