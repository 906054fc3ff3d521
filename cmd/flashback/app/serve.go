package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"flashback"
	"flashback/accuracy/conflict"
	"flashback/auth"
	"flashback/cluster"
	"flashback/corpus"
	"flashback/corpus/wikisync"
	"flashback/edition"
	"flashback/editorial"
	fhttp "flashback/http"
	"flashback/http/admin"
	"flashback/http/api"
	"flashback/http/desk"
	"flashback/http/feed"
	"flashback/http/media"
	"flashback/http/render"
	"flashback/http/search"
	"flashback/http/subscribe"
	"flashback/http/web"
	"flashback/mail"
	"flashback/metrics"
	"flashback/newsletter"
	"flashback/retention"
	"flashback/site"
)

// Main is the running program: what `flashback serve` starts and what
// end-to-end tests start in-process, with their own clock and ":0" address.
type Main struct {
	Config Config
	Now    flashback.Clock // nil means the system clock
	Logger *slog.Logger

	// Stores are the database's, whichever backend the URL chose.
	Stores *flashback.Stores
	Mail   mail.Sender
	// Digest is the subscription service; Scheduler delivers the digests.
	Digest    *newsletter.Service
	Scheduler newsletter.Scheduler
	HTTP      *fhttp.Server
	// limitKey keys the HMACs under which every rate limit and sign-in
	// throttle is kept in Stores.Limits.
	limitKey []byte
	// Metrics is nil unless Config.MetricsAddr is set; see MetricsURL.
	Metrics    *metrics.Metrics
	metricsSrv *metrics.Server

	// owner names this process in the leases of work that runs once per
	// cluster (the purge, the Wikipedia sync).
	owner string

	// background holds the stop functions of the background loops
	// (digest delivery, retention), stopped in reverse order by Close.
	background []func()
	// limiters are the rate limits made for the server, whose
	// reservations Close waits for before it closes the store.
	limiters []*flashback.Limiter
}

// maxImportUpload bounds a file uploaded to the admin's import page.
const maxImportUpload = 16 << 20

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
	m.openMetrics()
	// The data directory holds the instance's ID and the mail outbox
	// whatever the database.
	if err := ensureDataDir(m.Config.DataDir); err != nil {
		return err
	}
	st, err := openStores(m.Config, m.Now)
	if err != nil {
		return err
	}
	m.Stores = st
	if m.limitKey, err = st.Secrets.Secret(ctx, "rate-limits"); err != nil {
		return fmt.Errorf("rate-limit key: %w", err)
	}
	if err := importBundledIfEmpty(ctx, st.Events, m.Logger); err != nil {
		return err
	}
	if m.Mail, err = newMailer(m.Config, m.Logger, observer[mail.SendObserver](m.Metrics)); err != nil {
		return err
	}
	if m.Digest, err = newDigest(ctx, m.Config, st, m.Mail, m.Now, m.Logger); err != nil {
		return err
	}
	m.Digest.SignUps = m.limiter("sign-up", newsletter.DefaultSignUpRate())
	inst, release, err := serveInstance(m.Config.DataDir, m.Now())
	if err != nil {
		return err
	}
	m.background = append(m.background, release) // stopped last, after the scheduler
	m.Scheduler = newsletter.Scheduler{Service: m.Digest, Instance: inst, Workers: MailPool, Cutoff: m.Config.Cutoff(),
		Journal: st.Journal, Observer: observer[newsletter.PassObserver](m.Metrics)}
	if err := m.serveMetrics(); err != nil {
		return err
	}
	srv, err := m.newServer(ctx)
	if err != nil {
		return err
	}
	if err := srv.Open(); err != nil {
		return err
	}
	m.HTTP = srv
	// Digests go out until Close; sends in flight then finish and claims
	// not yet sent are handed back.
	m.runInBackground("digest scheduler", m.Scheduler.Run)
	m.owner = cluster.NewOwner()
	janitor := retention.Janitor{Store: st.Retention, Clock: m.Now, Logger: m.Logger, Leases: st.Leases, Owner: m.owner}
	m.runInBackground("retention janitor", janitor.Run)
	m.runInBackground("search tidy", m.searchTidyJob().Run)
	if lang := m.Config.WikimediaSync; lang != "" {
		m.runInBackground("wikipedia sync", m.wikipediaSync(lang).Run)
	}
	return nil
}

// wikipediaSync keeps the coming week of lang's feed fresh, pictures
// included, once a day across every instance sharing the database.
func (m *Main) wikipediaSync(lang string) *wikisync.Daily {
	return &wikisync.Daily{
		Syncer: newSyncer(m.Config, m.Stores, true, wikisync.DefaultRate), Leases: m.Stores.Leases,
		Lang: lang, Owner: m.owner, Clock: m.Now, Location: m.Config.Location(), Logger: m.Logger,
	}
}

// runInBackground runs loop until Close cancels its context and waits.
func (m *Main) runInBackground(name string, loop func(context.Context) error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := loop(ctx); err != nil && !errors.Is(err, context.Canceled) {
			m.Logger.Error(name+" stopped", "err", err)
		}
	}()
	m.background = append(m.background, func() { cancel(); <-done })
}

// newServer builds the web server with every area's routes.
func (m *Main) newServer(ctx context.Context) (*fhttp.Server, error) {
	rend, err := render.New(web.Templates(), desk.Templates(), admin.Templates(), subscribe.Templates(), search.Templates())
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	rend.Location = m.Config.Location() // times on pages are the site's
	st := m.Stores
	csrfKey, err := st.Secrets.Secret(ctx, "csrf")
	if err != nil {
		return nil, fmt.Errorf("CSRF key: %w", err)
	}
	baseURL := strings.TrimRight(m.Config.BaseURL, "/")
	secure := fhttp.IsHTTPS(baseURL)
	csrf := &auth.CSRF{Key: csrfKey, Secure: secure}

	srv := fhttp.NewServer(m.Config.Addr, rend, m.Logger)
	srv.Version = Version()
	srv.Requests = observer[fhttp.RequestObserver](m.Metrics)
	srv.HSTS = secure
	storeCheck := fhttp.StoreCheck(st.Events)
	srv.Check = func(ctx context.Context) error {
		if err := st.DB.Ping(ctx); err != nil {
			return err
		}
		return storeCheck(ctx)
	}
	srv.BodyLimits = map[string]int64{"/admin/imports": maxImportUpload + 64<<10}
	srv.TrustedProxies, _ = fhttp.ParsePrefixes(m.Config.TrustedProxies) // Validate has checked it
	editions := &edition.Service{Events: st.Events, Features: st.Features}
	pages := &web.Handler{
		Events: st.Events, Editions: editions, Corrections: st.Edits, Provenance: provenance{st.Edits, st.Conflicts},
		Licences: licences(), Now: m.Now, Location: m.Config.Location(),
		BaseURL: baseURL, Render: rend, Errors: srv.Errors, Logger: m.Logger,
		SameEvents: &conflict.Matcher{Events: st.Events},
	}
	pages.Register(srv.Mux)
	if m.Metrics != nil {
		m.Metrics.WatchPageCache(pages.CacheStats)
	}
	(&desk.Handler{
		Events: st.Events, Reports: st.Reports, Messages: st.Messages, Corrections: st.Edits, CSRF: csrf,
		Mail: m.Mail, MailFrom: m.Config.MailFrom, NotifyTo: m.Config.EditorEmails(),
		BaseURL: baseURL, Limit: m.limiter("desk", desk.DefaultRate()), Render: rend, Errors: srv.Errors, Logger: m.Logger,
	}).Register(srv.Mux)
	(&subscribe.Handler{
		Service: m.Digest, Render: rend, Errors: srv.Errors, Logger: m.Logger, DefaultZone: m.Config.Timezone,
		BaseURL: baseURL,
	}).Register(srv.Mux)
	(&media.Handler{Media: st.Media, Errors: srv.Errors}).Register(srv.Mux)
	apiLimit := m.limiter("api", api.DefaultRate())
	apiLimit.Chunk = api.LimitChunk
	jsonAPI := &api.Handler{
		Events: st.Events, Editions: editions, Corrections: st.Edits, Revisions: st.Edits, URLs: site.New(baseURL),
		Now: m.Now, Location: m.Config.Location(), Limit: apiLimit, Logger: m.Logger,
	}
	jsonAPI.Register(srv.Mux)
	if m.Metrics != nil {
		m.Metrics.WatchAnswerCache(jsonAPI.CacheStats)
	}
	(&feed.Handler{
		Events: st.Events, Editions: editions, URLs: site.New(baseURL), Now: m.Now, Location: m.Config.Location(),
		Errors: srv.Errors, Logger: m.Logger,
	}).Register(srv.Mux)
	(&search.Handler{
		Search: st.Search, Categories: st.Events.Categories, EventURL: site.Event, Limit: m.limiter("search", search.DefaultRate()),
		API: jsonAPI, Render: rend, Errors: srv.Errors, DefaultZone: m.Config.Timezone,
	}).Register(srv.Mux)
	sessions := auth.New(st.Users, csrf, auth.NewThrottle(st.Limits, m.limitKey), secure)
	sessions.Now = m.Now
	(&admin.Handler{
		Events: st.Events, Edits: st.Edits, Reports: st.Reports, Messages: st.Messages, Conflicts: st.Conflicts,
		Features: st.Features, Editions: editions, Users: st.Users, Auth: sessions, CSRF: csrf, MaxUpload: maxImportUpload,
		Mail: m.Mail, MailFrom: m.Config.MailFrom, BaseURL: baseURL,
		Subscribers: st.Subscribers, SubscriberList: st.SubscriberList, DeliveryList: st.DeliveryList,
		Location: m.Config.Location(), Now: m.Now, Observer: observer[editorial.Observer](m.Metrics),
		Render: rend, Errors: srv.Errors, Logger: m.Logger,
	}).Register(srv.Mux)
	return srv, nil
}

// limiter is a rate limit named name over the shared limit store.
func (m *Main) limiter(name string, rate flashback.Rate) *flashback.Limiter {
	l := &flashback.Limiter{Store: m.Stores.Limits, Secret: m.limitKey, Name: name, Rate: rate, Now: m.Now}
	m.limiters = append(m.limiters, l)
	return l
}

// provenance reads an article's provenance from the event's history and
// its conflicts, two stores of the bundle.
type provenance struct {
	flashback.EditStore
	flashback.ConflictStore
}

// licences are the notices of the bundled and importable data, for /licences.
func licences() []web.Licence {
	var out []web.Licence
	for _, l := range corpus.Licences() {
		out = append(out, web.Licence{ID: l.ID, Title: l.Title, Text: l.Text})
	}
	return out
}

// MailPool is how many SMTP connections (and digest workers) run at once.
const MailPool = 8

// newDigest builds the subscription service over the stores.
func newDigest(ctx context.Context, cfg Config, st *flashback.Stores, sender mail.Sender, now flashback.Clock, logger *slog.Logger) (*newsletter.Service, error) {
	svc, err := newsletter.New(ctx, newsletter.Deps{
		Subscribers: st.Subscribers, Deliveries: st.Deliveries, Secrets: st.Secrets,
		Events: st.Events, Editions: &edition.Service{Events: st.Events, Features: st.Features},
		Mail: sender, Clock: now, Logger: logger,
	}, newsletter.Config{BaseURL: strings.TrimRight(cfg.BaseURL, "/"), From: cfg.MailFrom})
	if err != nil {
		return nil, fmt.Errorf("digest: %w", err)
	}
	return svc, nil
}

// newMailer returns the configured SMTP sender, or the outbox under the
// data directory when no SMTP server is configured.
func newMailer(cfg Config, logger *slog.Logger, obs mail.SendObserver) (mail.Sender, error) {
	opts := mail.Options{Logger: logger, Pool: MailPool, OutboxDir: filepath.Join(cfg.DataDir, "outbox"), Observer: obs}
	if cfg.DKIMKeyFile != "" {
		key, err := os.ReadFile(cfg.DKIMKeyFile)
		if err != nil {
			return nil, fmt.Errorf("DKIM key: %w", err)
		}
		opts.DKIM = &mail.DKIMOptions{Domain: cfg.DKIMDomain, Selector: cfg.DKIMSelector, PrivateKeyPEM: key}
	}
	sender, err := mail.New(cfg.SMTPURL, opts)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	return sender, nil
}

// Close stops accepting requests, lets those in flight finish (for up to
// 15 seconds) and closes the database.
func (m *Main) Close() error {
	var errs []error
	for i := len(m.background) - 1; i >= 0; i-- {
		m.background[i]()
	}
	m.background = nil
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if m.HTTP != nil {
		errs = append(errs, m.HTTP.Close(ctx))
	}
	errs = append(errs, m.closeMetrics(ctx))
	// No request is left to ask for tokens; reservations still on their
	// way must land before the store closes under them.
	for _, l := range m.limiters {
		l.Wait()
	}
	if m.Mail != nil {
		errs = append(errs, m.Mail.Close())
	}
	if m.Stores != nil {
		errs = append(errs, m.Stores.Close())
	}
	return errors.Join(errs...)
}

func runServe(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, _, err := parseConfig("serve", args, getenv, stderr, 0, nil)
	if err != nil {
		return err
	}
	logger := newLogger(stderr, cfg)
	TuneGC(getenv)
	m := NewMain(cfg, logger)
	start := time.Now()
	if err := m.Open(ctx); err != nil {
		m.Close()
		return err
	}
	logger.Info("flashback is serving", "version", Version(), "url", m.HTTP.URL(), "public_url", cfg.BaseURL,
		"timezone", cfg.Timezone, "took", time.Since(start).Round(time.Millisecond))
	if cfg.BaseURLDerived() {
		logger.Warn("no public URL set: links in e-mails and feeds use this machine's address; set FLASHBACK_BASE_URL (or -base-url) to the site's own",
			"public_url", cfg.BaseURL)
	}
	<-ctx.Done()
	logger.Info("shutting down")
	return m.Close()
}

// newLogger writes structured logs, text or JSON as configured, at the
// configured level.
func newLogger(w io.Writer, cfg Config) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		l = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: l}
	if strings.EqualFold(cfg.LogFormat, "json") {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
