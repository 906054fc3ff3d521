package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"flashback"
	fhttp "flashback/http"
	"flashback/http/render"
	"flashback/http/web"
	"flashback/sqlite"
)

// Main is the running program: what `flashback serve` starts and what
// end-to-end tests start in-process, with their own clock and ":0" address.
type Main struct {
	Config Config
	Now    flashback.Clock // nil means the system clock
	Logger *slog.Logger

	DB     *sqlite.DB
	Events flashback.EventStore
	HTTP   *fhttp.Server
}

// NewMain returns a Main for cfg, which must have passed Validate.
func NewMain(cfg Config, logger *slog.Logger) *Main {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Main{Config: cfg, Now: flashback.SystemClock, Logger: logger}
}

// Open opens the database (importing the bundled corpus on a first start),
// builds the web server and starts listening. It returns once requests can
// be served.
func (m *Main) Open(ctx context.Context) error {
	if m.Now == nil {
		m.Now = flashback.SystemClock
	}
	db, err := openDB(m.Config, m.Now)
	if err != nil {
		return err
	}
	m.DB = db
	m.Events = sqlite.NewEventStore(db)
	if err := importBundledIfEmpty(ctx, m.Events, m.Logger); err != nil {
		return err
	}
	rend, err := render.New(web.Templates())
	if err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	srv := fhttp.NewServer(m.Config.Addr, rend, m.Logger)
	srv.Check = fhttp.StoreCheck(m.Events)
	readers := &web.Handler{
		Events:   m.Events,
		Now:      m.Now,
		Location: m.Config.Location(),
		BaseURL:  strings.TrimRight(m.Config.BaseURL, "/"),
		Render:   rend,
		Errors:   srv.Errors,
		Logger:   m.Logger,
	}
	readers.Register(srv.Mux)
	if err := srv.Open(); err != nil {
		return err
	}
	m.HTTP = srv
	return nil
}

// Close stops accepting requests, lets those in flight finish (for up to
// 15 seconds) and closes the database.
func (m *Main) Close() error {
	var errs []error
	if m.HTTP != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		errs = append(errs, m.HTTP.Close(ctx))
	}
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
	}
	return errors.Join(errs...)
}

func runServe(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, _, err := parseConfig("serve", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	logger := newLogger(stderr, cfg.LogLevel)
	m := NewMain(cfg, logger)
	start := time.Now()
	if err := m.Open(ctx); err != nil {
		m.Close()
		return err
	}
	logger.Info("flashback is serving", "url", m.HTTP.URL(), "public_url", cfg.BaseURL,
		"timezone", cfg.Timezone, "took", time.Since(start).Round(time.Millisecond))
	<-ctx.Done()
	logger.Info("shutting down")
	return m.Close()
}

// newLogger writes structured text logs at the configured level.
func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
