// Package newsletter runs the daily digest: sign-up with double opt-in,
// the manage page's actions, one-click unsubscribe, composing each reader's
// digest and the scheduler that delivers it once per local date (a crash
// may repeat a few digests; see Scheduler for exactly how many).
//
// It uses the domain's store interfaces (flashback.SubscriberStore,
// DeliveryStore, EventStore) and a mail.Sender; it knows no database and no
// HTTP.
package newsletter

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"net/url"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // readers' zones must load even where the OS has no tz database

	"flashback"
	"flashback/edition"
	"flashback/mail"
	"flashback/site"
)

// Defaults for Config's zero fields.
const (
	DefaultConfirmTTL  = 48 * time.Hour
	confirmMailTimeout = 30 * time.Second
)

// DefaultConfirmLimit: three confirmation mails per address a day, ten
// minutes apart at least.
var DefaultConfirmLimit = flashback.ConfirmLimit{Max: 3, Window: 24 * time.Hour, MinGap: 10 * time.Minute}

// Config is what the newsletter needs to know about the site.
type Config struct {
	// BaseURL is the site's public address (FLASHBACK_BASE_URL); every link
	// in a mail is absolute and starts with it.
	BaseURL string
	// From is the sender, e.g. "Flashback <digest@flashback.example>".
	From string
	// UnsubscribeMailto, when set, is offered in List-Unsubscribe next to
	// the HTTPS link (an address that unsubscribes whoever writes to it).
	UnsubscribeMailto string
	ConfirmTTL        time.Duration          // confirmation links expire after it
	ConfirmLimit      flashback.ConfirmLimit // per address; DefaultConfirmLimit when zero
}

// Deps are the parts the Service works with.
type Deps struct {
	Subscribers flashback.SubscriberStore
	Deliveries  flashback.DeliveryStore
	Events      flashback.EventStore
	// Secrets keeps the key that signs subscribers' links, the same on
	// every instance.
	Secrets flashback.SecretStore
	// Editions gives each digest its day's edition; when nil, one is
	// built from Events alone.
	Editions flashback.EditionReader
	Mail     mail.Sender
	Clock    flashback.Clock // flashback.SystemClock when nil
	Logger   *slog.Logger
	// SignUps limits sign-ups per client (flashback.ClientKey of the
	// address), so that one client cannot try many addresses; see
	// DefaultSignUpRate. Without it the Service only delivers: Subscribe
	// refuses every sign-up.
	SignUps *flashback.Limiter
}

// Service is the subscription side of the digest.
type Service struct {
	Deps
	cfg   Config
	host  string // of BaseURL, for Message-ID and List-Id
	tok   *tokens
	tmpl  *mailTemplates
	sends sendSlots
	// passes lets one delivery pass run at a time: a pass opens its
	// instance's outcome journal, which a second pass of the same
	// instance (RunOnce beside Run, say) must not open too.
	passes sync.Mutex
}

// New returns a Service, loading (or creating) the key that signs links.
func New(ctx context.Context, d Deps, cfg Config) (*Service, error) {
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, flashback.Errorf(flashback.EINVALID, "newsletter: the base URL %q must be an absolute http(s) URL", cfg.BaseURL)
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if _, err := netmail.ParseAddress(cfg.From); err != nil {
		return nil, flashback.Errorf(flashback.EINVALID, "newsletter: the From address %q is not valid", cfg.From)
	}
	if cfg.ConfirmTTL <= 0 {
		cfg.ConfirmTTL = DefaultConfirmTTL
	}
	if cfg.ConfirmLimit == (flashback.ConfirmLimit{}) {
		cfg.ConfirmLimit = DefaultConfirmLimit
	}
	if d.Editions == nil {
		d.Editions = &edition.Service{Events: d.Events}
	}
	if d.Clock == nil {
		d.Clock = flashback.SystemClock
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	tmpl, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	key, err := d.Secrets.Secret(ctx, "newsletter-links")
	if err != nil {
		return nil, fmt.Errorf("newsletter: link key: %w", err)
	}
	return &Service{Deps: d, cfg: cfg, host: u.Hostname(), tok: &tokens{key: key}, tmpl: tmpl, sends: newSendSlots(8)}, nil
}

// Config returns the configuration in effect, defaults filled in.
func (s *Service) Config() Config { return s.cfg }

// URL returns the absolute URL of a site path.
func (s *Service) URL(path string) string { return s.cfg.BaseURL + path }

// ManageURL is the subscriber's manage page.
func (s *Service) ManageURL(sub *flashback.Subscriber) string {
	return s.URL(site.Manage(s.ManageToken(sub)))
}

// UnsubscribeURL is the subscriber's one-click unsubscribe link.
func (s *Service) UnsubscribeURL(sub *flashback.Subscriber) string {
	return s.URL(site.Unsubscribe(s.UnsubscribeToken(sub)))
}

// subscriberFor checks a signed link and returns its subscriber. Deleted
// subscribers and revoked links get the same answer as forged ones.
func (s *Service) subscriberFor(ctx context.Context, purpose, token string) (*flashback.Subscriber, error) {
	id, gen, err := s.tok.verify(purpose, token)
	if err != nil {
		return nil, err
	}
	sub, err := s.Subscribers.FindSubscriberByID(ctx, id)
	if flashback.ErrorCode(err) == flashback.ENOTFOUND || (err == nil && sub.TokenGeneration != gen) {
		return nil, badLink()
	}
	return sub, err
}

// ValidCategories checks that every slug names an existing category.
func (s *Service) ValidCategories(ctx context.Context, slugs []string) error {
	cats, err := s.Events.Categories(ctx)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, c := range cats {
		known[c.Slug] = true
	}
	for _, slug := range slugs {
		if !known[slug] {
			return flashback.Errorf(flashback.EINVALID, "There is no category %q.", slug)
		}
	}
	return nil
}

// sendNow sends m with a bounded wait, for mails a reader is waiting for.
func (s *Service) sendNow(ctx context.Context, m *mail.Message) error {
	release, err := s.sends.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, confirmMailTimeout)
	defer cancel()
	if err := s.Mail.Send(ctx, m); err != nil {
		return fmt.Errorf("send to subscriber: %w", err)
	}
	return nil
}

// sendSlots bounds the mails sent at once from web requests, so a burst of
// sign-ups cannot take every SMTP connection from the digest.
type sendSlots chan struct{}

func newSendSlots(n int) sendSlots { return make(sendSlots, n) }

func (c sendSlots) acquire(ctx context.Context) (func(), error) {
	select {
	case c <- struct{}{}:
		return func() { <-c }, nil
	case <-ctx.Done():
		return nil, errors.Join(ctx.Err(), errors.New("newsletter: no mail slot free"))
	}
}
