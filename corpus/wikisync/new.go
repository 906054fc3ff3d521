package wikisync

import (
	"net/http"
	"time"

	"golang.org/x/time/rate"

	"flashback"
	"flashback/corpus/wikimedia"
	"flashback/editorial"
)

// Config is how a Syncer talks to the API. Zero fields take the defaults.
type Config struct {
	Base    string  // API base; default wikimedia.DefaultAPI
	Contact string  // the operator's e-mail or URL, sent in the User-Agent
	Version string  // Flashback's version, sent in the User-Agent
	Rate    float64 // requests per second; default DefaultRate
	Workers int     // requests in flight; default DefaultWorkers
	// Timeout bounds each request, headers and body; default 30 s.
	Timeout time.Duration
	// Backoff is the first wait before a retry; default 1 s.
	Backoff time.Duration
}

// Defaults: well under what Wikimedia allows an identified client, and
// enough to fetch a whole year in under a minute.
const (
	DefaultRate    = 10
	DefaultWorkers = 4
	defaultTimeout = 30 * time.Second
	retryAttempts  = 4
)

// Stores are what a Syncer keeps its results in.
type Stores struct {
	Events    flashback.EventStore
	Conflicts flashback.ConflictStore
	Feeds     flashback.FeedStore
	Media     flashback.MediaStore // nil: pictures are not fetched
}

// New returns a Syncer for cfg writing to st.
func New(cfg Config, st Stores) *Syncer {
	if cfg.Base == "" {
		cfg.Base = wikimedia.DefaultAPI
	}
	if cfg.Rate <= 0 {
		cfg.Rate = DefaultRate
	}
	if cfg.Workers <= 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultTimeout
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = time.Second
	}
	s := &Syncer{Base: cfg.Base, Feeds: st.Feeds, Media: st.Media, Workers: cfg.Workers,
		Import: &editorial.Importer{Events: st.Events, Conflicts: st.Conflicts}}
	s.Client = &wikimedia.Client{
		HTTP:      &http.Client{Timeout: cfg.Timeout},
		UserAgent: wikimedia.UserAgent(cfg.Version, cfg.Contact),
		Limiter:   rate.NewLimiter(rate.Limit(cfg.Rate), 1),
		Attempts:  retryAttempts,
		Backoff:   cfg.Backoff,
		MaxWait:   2 * time.Minute,
		Requests:  func() { s.requests.Add(1) },
	}
	return s
}
