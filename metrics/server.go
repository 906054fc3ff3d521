package metrics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Handler serves /metrics and the pprof endpoints under /debug/pprof/.
// The pprof handlers are registered here by hand: importing net/http/pprof
// also puts them on http.DefaultServeMux, which Flashback never serves.
func (m *Metrics) Handler(logger *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{
		ErrorLog: slogPrinter{logger},
		// A failing store read leaves its gauges out, not the whole scrape.
		ErrorHandling: promhttp.ContinueOnError,
		// Overlapping scrapes past four get a 503 rather than piling up
		// store reads.
		MaxRequestsInFlight: 4,
		Registry:            m.Registry,
	}))
	mux.HandleFunc("GET /debug/pprof/", pprof.Index) // and the named profiles: heap, goroutine, …
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("POST /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}

// slogPrinter gives promhttp's error log to slog.
type slogPrinter struct{ l *slog.Logger }

func (p slogPrinter) Println(v ...any) { p.l.Error("metrics: " + fmt.Sprint(v...)) }

// Server is the metrics listener, apart from the public one.
type Server struct {
	ln  net.Listener
	srv *http.Server
}

// Listen serves h on addr in the background.
func Listen(addr string, h http.Handler, logger *slog.Logger) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen: %w", err)
	}
	s := &Server{ln: ln, srv: &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		// No write timeout: a CPU profile or trace streams for as long
		// as its ?seconds= asks.
		IdleTimeout: 120 * time.Second,
		ErrorLog:    slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("metrics: serve", "err", err)
		}
	}()
	return s, nil
}

// Addr is the address the listener took (with the real port for ":0").
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Close stops the listener, waiting until ctx is done for scrapes in flight.
func (s *Server) Close(ctx context.Context) error {
	if err := s.srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("metrics: shutdown: %w", err)
	}
	return nil
}
