// Package http is Flashback's HTTP server: listening and shutdown, the
// middleware every request passes through, the single error responder and
// the health check. The areas of the site (readers' pages in http/web, and
// later admin and API) register their routes on Server.Mux.
//
// Callers import it under another name, e.g. fhttp "flashback/http".
package http

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"time"

	"flashback"
	"flashback/http/render"
)

// Limits applied to every request unless the Server says otherwise.
const (
	DefaultMaxURLBytes    = 4096
	DefaultMaxHeaderBytes = 32 << 10
	DefaultMaxBodyBytes   = 1 << 20
)

// Server serves the whole site.
type Server struct {
	Addr   string // e.g. ":8080"; ":0" picks a free port, see URL
	Logger *slog.Logger
	// Mux is where areas register their routes, with Go's method and
	// {param} patterns. Paths nobody registered get the 404 page.
	Mux *http.ServeMux
	// Errors answers every failed request; areas share it.
	Errors *Responder
	// Check tells /healthz whether the server can do its job, typically by
	// asking the store something cheap. Nil means always healthy.
	Check func(ctx context.Context) error
	// Version names the build in /healthz; empty leaves it out.
	Version string
	// Requests, when set, is told of every request the mux answers.
	Requests RequestObserver

	MaxURLBytes  int   // longer request targets get 414
	MaxBodyBytes int64 // request bodies are cut off past this
	// BodyLimits raises (or lowers) MaxBodyBytes for exact paths, such as
	// the admin's file uploads; every other form keeps the small limit.
	BodyLimits map[string]int64
	// HSTS makes every response tell browsers to use only HTTPS for a
	// year: for a site whose base URL is https (see IsHTTPS).
	HSTS bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed; from anyone else the header is ignored.
	TrustedProxies []netip.Prefix

	ln  net.Listener
	srv *http.Server
}

// NewServer returns a Server with the site-wide routes registered: the
// static assets, /healthz and the 404 page for everything else.
func NewServer(addr string, rend *render.Renderer, logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		Addr:         addr,
		Logger:       logger,
		Mux:          http.NewServeMux(),
		Errors:       &Responder{Render: rend, Logger: logger},
		MaxURLBytes:  DefaultMaxURLBytes,
		MaxBodyBytes: DefaultMaxBodyBytes,
	}
	s.Mux.Handle("GET "+render.AssetPrefix, rend.AssetHandler())
	s.Mux.HandleFunc("GET /healthz", s.health)
	s.Mux.HandleFunc("GET /", s.fallback)
	// Every other method: the 405 page with an Allow header on a real
	// page, the 404 page elsewhere, rather than the mux's bare text.
	s.Mux.HandleFunc("/", s.otherMethod)
	return s
}

// otherMethod answers a request whose method no route of its path takes.
func (s *Server) otherMethod(w http.ResponseWriter, r *http.Request) {
	allowed := AllowedMethods(s.Mux, r, "/", "GET /")
	if len(allowed) == 0 {
		s.Errors.Error(w, r, notFound())
		return
	}
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	s.Errors.Error(w, r, MethodNotAllowed())
}

// MethodNotAllowed is the error for a request of a method its address does
// not take; the Allow header (AllowedMethods) says which it does.
func MethodNotAllowed() error {
	return flashback.Errorf(flashback.EMETHOD, "This address does not take that kind of request.")
}

// AllowedMethods lists the methods mux routes r's path to, leaving out the
// patterns named in catchAll (routes that take every path): what an Allow
// header says. HEAD comes with GET, as the mux serves it.
func AllowedMethods(mux *http.ServeMux, r *http.Request, catchAll ...string) []string {
	var allowed []string
	probe := *r
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe.Method = m
		if _, pattern := mux.Handler(&probe); pattern != "" && !slices.Contains(catchAll, pattern) {
			allowed = append(allowed, m)
			if m == http.MethodGet {
				allowed = append(allowed, http.MethodHead)
			}
		}
	}
	return allowed
}

// Handler returns the mux wrapped in the middleware every request passes:
// panic recovery, security headers, size limits, the access log and the
// request metrics.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.Mux
	h = s.observeRequests(h)
	h = s.limitSize(h)
	h = s.logRequests(h) // outside limitSize, so a 413 or 414 is logged as sent
	h = s.realClient(h)
	h = securityHeaders(h, s.HSTS)
	h = s.recoverPanics(h)
	return h
}

// Open starts listening on Addr and serving in the background.
func (s *Server) Open() error {
	if s.ln != nil {
		return errors.New("http: server already open")
	}
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("http: listen: %w", err)
	}
	s.ln = ln
	s.srv = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    DefaultMaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Logger.Error("http: serve", "err", err)
		}
	}()
	return nil
}

// Close stops accepting connections and waits, until ctx is done, for the
// requests in flight to finish.
func (s *Server) Close(ctx context.Context) error {
	if s.srv == nil {
		return nil
	}
	if err := s.srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("http: shutdown: %w", err)
	}
	return nil
}

// URL returns the base URL the server listens on, e.g.
// "http://127.0.0.1:41234", with the real port when Addr was ":0".
// It is empty before Open.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	return ListenURL(s.ln.Addr())
}

// ListenURL is the base URL at which this machine reaches a TCP listener:
// its address, with 127.0.0.1 for one listening on every interface.
func ListenURL(a net.Addr) string {
	addr := a.(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(addr.Port))
}

// fallback answers GETs nobody registered: an address with a trailing slash
// is sent to the one without (if that exists, it answers; if not, 404),
// anything else is the 404 page.
func (s *Server) fallback(w http.ResponseWriter, r *http.Request) {
	if target, ok := withoutTrailingSlash(r.URL.Path); ok {
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	s.Errors.Error(w, r, notFound())
}

// withoutTrailingSlash returns path without its trailing slashes when that
// is a plain site path: letters, digits and "-_./", no empty segment. Anything
// else ("//evil.example/", "/\evil.example/") is never redirected, so the
// redirect cannot lead off the site.
func withoutTrailingSlash(path string) (string, bool) {
	target := strings.TrimRight(path, "/")
	if target == path || target == "" || strings.Contains(target, "//") {
		return "", false
	}
	for _, c := range target {
		ok := c == '/' || c == '-' || c == '_' || c == '.' ||
			(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
		if !ok {
			return "", false
		}
	}
	return target, true
}
