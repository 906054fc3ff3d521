package flashback

import (
	"context"
	"crypto/sha256"
	mathrand "math/rand/v2"
	"net/mail"
	"strings"
	"time"
)

// SubscriberStatus is where a subscriber is in the digest's life cycle:
// pending → confirmed → unsubscribed, or suppressed after a hard bounce or a
// complaint. Only confirmed subscribers get digests.
type SubscriberStatus string

// Subscriber statuses.
const (
	SubscriberPending      SubscriberStatus = "pending"
	SubscriberConfirmed    SubscriberStatus = "confirmed"
	SubscriberUnsubscribed SubscriberStatus = "unsubscribed"
	SubscriberSuppressed   SubscriberStatus = "suppressed"
)

// DefaultWakeHour is the wake-up hour offered when a reader picks none.
const DefaultWakeHour = 7

// Preferences are what a subscriber chooses and may change later.
type Preferences struct {
	TimeZone   string   // IANA name, e.g. "Europe/Vienna"
	WakeHour   int      // 0–23, local time
	Categories []string // category slugs; empty means every category
}

// Consent records how and when a subscriber asked for and confirmed the
// digest, as evidence of double opt-in.
type Consent struct {
	Source      string // e.g. "web form /subscribe"
	RequestedAt time.Time
	RequestIP   string
	ConfirmedAt time.Time // zero while pending
	ConfirmIP   string
}

// Subscriber is one reader who signed up for the digest.
type Subscriber struct {
	ID    int64
	Email string // normalised, see NormalizeEmail
	Preferences
	Status  SubscriberStatus
	Consent Consent
	// TokenGeneration is mixed into the subscriber's manage and unsubscribe
	// links; raising it revokes every link sent so far.
	TokenGeneration int64
	// NextDate is the local date of the next digest due; zero until confirmed.
	NextDate       CivilDate
	UnsubscribedAt time.Time
	StatusReason   string // why unsubscribed or suppressed
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// NextDigest is the local date of the subscriber's next digest, zero when
// none is to go out: NextDate stays as it was when a subscriber stops.
func (s *Subscriber) NextDigest() CivilDate {
	if s.Status != SubscriberConfirmed {
		return CivilDate{}
	}
	return s.NextDate
}

// ConfirmedEarlier reports whether the confirmation on record is of an
// earlier subscription of the address, one that stopped: a sign-up since
// is pending until it is confirmed again. The old confirmation is kept
// (the retention rules count from it) and shown as such.
func (c Consent) ConfirmedEarlier() bool {
	return !c.ConfirmedAt.IsZero() && c.ConfirmedAt.Before(c.RequestedAt)
}

// NewTokenGeneration is a new subscriber's first TokenGeneration. It is
// random rather than 1 so that links signed for an earlier subscriber with
// the same ID fail for the new one: SQLite hands a deleted last row's ID
// out again, and a deleted reader's old mails must not open a stranger's
// subscription. It stays far below PostgreSQL's integer bound, leaving
// room for raises.
func NewTokenGeneration() int64 { return 2 + mathrand.Int64N(1<<30) }

// Location returns the subscriber's time zone.
func (s *Subscriber) Location() (*time.Location, error) { return LoadZone(s.TimeZone) }

// SubscribeAction tells the caller of SubscriberStore.Subscribe which e-mail,
// if any, to send now.
type SubscribeAction string

// Subscribe actions.
const (
	// SendConfirmation: the subscriber is pending and gets a confirmation link.
	SendConfirmation SubscribeAction = "confirm"
	// SendNotice: the address is already confirmed; its owner is told so,
	// with their manage link. Nothing about the subscription changes.
	SendNotice SubscribeAction = "notice"
	// SendNothing: the address hard-bounced before; mailing it again would
	// only bounce again.
	SendNothing SubscribeAction = "none"
)

// ConfirmLimit caps the confirmation e-mails one address receives, so that
// the form cannot be used to flood a stranger's inbox.
type ConfirmLimit struct {
	Max    int           // at most Max mails per Window
	Window time.Duration // e.g. 24 h
	MinGap time.Duration // and at least MinGap apart
}

// SubscribeRequest is one sign-up, already validated and normalised.
type SubscribeRequest struct {
	Email string
	Preferences
	Consent Consent // Source, RequestIP; RequestedAt is stamped by the store
	// ConfirmTokenHash is the SHA-256 of the confirmation token mailed to
	// the address; only the hash is kept.
	ConfirmTokenHash []byte
	ConfirmTTL       time.Duration
	Limit            ConfirmLimit
}

// SubscribeResult says what Subscribe did.
type SubscribeResult struct {
	Subscriber *Subscriber
	Action     SubscribeAction
}

// Suppression reasons.
const (
	SuppressBounce  = "bounce"  // permanent delivery failure (5xx)
	SuppressDeleted = "deleted" // the subscriber deleted their data
)

// SubscriberStore keeps subscribers, their consent and the suppression list.
// Every method owns its transaction and stamps times with the store's clock.
type SubscriberStore interface {
	// Subscribe records a sign-up in one transaction: it counts the
	// confirmation mail against req.Limit (ETOOMANY when over it, whatever
	// the address's state, so a refusal reveals nothing), then creates or
	// refreshes a pending subscriber. A confirmed subscriber is left as is.
	Subscribe(ctx context.Context, req *SubscribeRequest) (*SubscribeResult, error)
	// ConfirmSubscriber confirms the pending subscriber holding the token
	// with this hash; ENOTFOUND when unknown, used or expired. Confirming
	// twice is harmless. The first digest is scheduled by FirstDigestDate.
	ConfirmSubscriber(ctx context.Context, tokenHash []byte, ip string) (*Subscriber, error)
	// FindSubscriberByID returns ENOTFOUND when there is no such subscriber.
	FindSubscriberByID(ctx context.Context, id int64) (*Subscriber, error)
	// UpdatePreferences changes zone, hour and categories and reschedules
	// the next digest without ever repeating a local date already handled.
	UpdatePreferences(ctx context.Context, id int64, p Preferences) (*Subscriber, error)
	// Unsubscribe stops digests at once; how is recorded ("one-click", …).
	Unsubscribe(ctx context.Context, id int64, how string) error
	// DeleteSubscriber removes the subscriber and their delivery history,
	// keeping only the SHA-256 of the address on the suppression list.
	DeleteSubscriber(ctx context.Context, id int64) error
	// SuppressSubscriber stops every mail to the subscriber's address.
	SuppressSubscriber(ctx context.Context, id int64, reason string) error
	// IsSuppressed reports whether the address is on the suppression list.
	IsSuppressed(ctx context.Context, email string) (bool, error)
}

// DeliveryState is the state of one ledger row.
type DeliveryState string

// Delivery states.
const (
	DeliverySending DeliveryState = "sending" // claimed; lease running
	DeliverySent    DeliveryState = "sent"
	DeliveryRetry   DeliveryState = "retry"   // temporary failure; NextAttemptAt
	DeliveryFailed  DeliveryState = "failed"  // permanent failure; suppressed
	DeliverySkipped DeliveryState = "skipped" // never sent, Reason says why
)

// Delivery is one row of the ledger: the digest of one subscriber for one
// local date. (SubscriberID, LocalDate) is unique, so a digest can never be
// sent twice for the same date, whatever the scheduler does.
type Delivery struct {
	SubscriberID  int64
	LocalDate     CivilDate
	State         DeliveryState
	Attempts      int
	LeaseUntil    time.Time
	NextAttemptAt time.Time
	MessageID     string
	Reason        string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// ClaimOptions tell DeliveryStore.ClaimDeliveries what to claim.
type ClaimOptions struct {
	Limit  int           // subscribers examined per call
	Lease  time.Duration // how long a claim is exclusive; must exceed a send
	Cutoff time.Duration // a digest later than wake-up + Cutoff is skipped
	// Owner is recorded with each claim, and decides with ClaimFreeAt
	// which claims of others are free before their lease ends. The zero
	// Instance claims without an owner: those claims end with their lease.
	Owner Instance
}

// Claim is a digest a worker now owns until its lease ends.
type Claim struct {
	Subscriber *Subscriber
	LocalDate  CivilDate
	Attempt    int // 1 for the first try
	// LeaseUntil is when the claim stops being exclusive: a send that
	// could end after it may race a worker that reclaimed the digest.
	LeaseUntil time.Time
}

// ClaimResult is what one ClaimDeliveries call did. Examined is zero only
// when nothing is due any more.
type ClaimResult struct {
	Claims   []*Claim
	Examined int
	Skipped  int // recorded as skipped (window closed, suppressed)
	// TakenOver counts the claims (among Claims) whose previous owner was
	// dead while its lease still ran.
	TakenOver int
}

// Outcome is the result of sending a claimed digest.
type Outcome struct {
	SubscriberID int64
	LocalDate    CivilDate
	Attempt      int
	State        DeliveryState // sent, retry or failed
	MessageID    string
	Reason       string    // error text for retry and failed
	RetryAt      time.Time // for retry
}

// DeliveryStore is the delivery ledger. Several workers, in one process or
// many, may claim concurrently; a claim is exclusive until its lease ends.
type DeliveryStore interface {
	// ClaimDeliveries examines up to opts.Limit digests and claims those
	// that should be sent now: first the dates earlier claims left open
	// and that are free now (flashback.DecideOpen), then the confirmed
	// subscribers whose next digest is due (flashback.DecideDue), whose
	// schedule a claim moves on to the next day. Digests whose window has
	// closed are recorded as skipped, never dropped.
	ClaimDeliveries(ctx context.Context, opts ClaimOptions) (*ClaimResult, error)
	// CompleteDeliveries records outcomes in one transaction. A 'sent'
	// outcome always wins; retry and failed apply only to the claim's own
	// attempt, so a worker whose lease was taken over changes nothing. An
	// outcome changes the date's ledger row (and a hard bounce the
	// subscriber), never the schedule: the claim moved it on already.
	// Once it returns, the outcomes survive a crash of this process; a
	// store may leave the disk sync of a few of them to a later write,
	// and says how many it may leave.
	CompleteDeliveries(ctx context.Context, outcomes []Outcome) error
	// FindDeliveries returns a subscriber's ledger, newest date first.
	FindDeliveries(ctx context.Context, subscriberID int64) ([]*Delivery, error)
	// Sendable is checked just before each send, since a claim may wait a
	// while: it returns "" when the subscriber is still confirmed and the
	// address not suppressed, else a short reason for the ledger
	// (SendCheckReason). sub is the claim's own Subscriber. It sees every
	// change made through this store before the call; a store that learns
	// of other processes' changes by notice rather than by asking sees
	// those once their notice arrives (package postgres says how soon).
	// It is at most one cheap read, never a write.
	Sendable(ctx context.Context, sub *Subscriber) (string, error)
	// DueQueue says how many digests are due now and not claimed, and
	// since when the longest waiting one has been claimable. It is for
	// monitoring, read at every scrape: one cheap read, never a write.
	DueQueue(ctx context.Context) (DueQueue, error)
	// Heartbeat records that inst is running now, registering it on the
	// first call; see ClaimFreeAt. It also forgets instances silent for a
	// day or more.
	Heartbeat(ctx context.Context, inst Instance) error
}

// DueQueue is the backlog of the delivery passes. A claimed digest leaves
// it, and one whose claim lapsed (or whose retry time came) joins it again
// from that moment: Oldest says how far the passes are behind, not how old
// the digest is.
type DueQueue struct {
	Depth  int
	Oldest time.Time // zero when Depth is 0
}

// NormalizeEmail checks the syntax of an address and returns it in the form
// kept in stores: a bare address, trimmed and lower-cased, so that the same
// mailbox typed twice is one subscriber and one suppression hash.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", Errorf(EINVALID, "Please enter your e-mail address.")
	}
	if len(s) > 254 {
		return "", Errorf(EINVALID, "That e-mail address is too long.")
	}
	if err := checkVisible(s); err != nil {
		return "", err
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", Errorf(EINVALID, "%q does not look like an e-mail address (name@example.org).", s)
	}
	local, domain, ok := strings.Cut(a.Address, "@")
	if !ok || local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, "[") {
		return "", Errorf(EINVALID, "%q does not look like an e-mail address (name@example.org).", s)
	}
	return strings.ToLower(a.Address), nil
}

// EmailHash is the SHA-256 of a normalised address, which is all the
// suppression list and the rate limiter keep.
func EmailHash(normalized string) []byte {
	h := sha256.Sum256([]byte(normalized))
	return h[:]
}

// LoadZone returns the location of an IANA time zone name as browsers give
// them ("Europe/Vienna", "UTC"). It refuses, before going near the file
// system: "Local" and "" (the server's zone, not the reader's), paths and
// odd characters, and the legacy names without an area ("EST5EDT",
// "Factory", "posixrules") that no browser reports.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		return nil, Errorf(EINVALID, "Please choose a time zone such as Europe/Vienna.")
	}
	unknown := func() error {
		shown := name
		if len(shown) > 64 {
			shown = shown[:64] + "…"
		}
		return Errorf(EINVALID, "%q is not a time zone we know. Use a name such as Europe/Vienna, America/New_York or UTC.", shown)
	}
	if name == "Local" || len(name) > 64 || !plausibleZone(name) {
		return nil, unknown()
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, unknown()
	}
	return loc, nil
}

func plausibleZone(name string) bool {
	if name == "UTC" || name == "GMT" {
		return true
	}
	if name[0] == '/' || name[0] == '.' || !strings.Contains(name, "/") || strings.Contains(name, "//") || strings.Contains(name, "..") {
		return false
	}
	for _, c := range name {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '_' || c == '-' || c == '+'
		if !ok {
			return false
		}
	}
	return true
}

// Validate checks preferences; category slugs must be well-formed (whether
// each exists is for the caller, who knows the categories).
func (p *Preferences) Validate() error {
	if _, err := LoadZone(p.TimeZone); err != nil {
		return err
	}
	if p.WakeHour < 0 || p.WakeHour > 23 {
		return Errorf(EINVALID, "The wake-up hour must be between 00:00 and 23:00.")
	}
	seen := map[string]bool{}
	for _, c := range p.Categories {
		if c == "" || Slugify(c) != c {
			return Errorf(EINVALID, "%q is not a category.", c)
		}
		if seen[c] {
			return Errorf(EINVALID, "The category %q is listed twice.", c)
		}
		seen[c] = true
	}
	return nil
}

// WantsCategory reports whether the preferences include category slug.
func (p *Preferences) WantsCategory(slug string) bool {
	if len(p.Categories) == 0 {
		return true
	}
	for _, c := range p.Categories {
		if c == slug {
			return true
		}
	}
	return false
}

// WakeInstant returns the moment a subscriber waking at hour in loc is due
// their digest for date d: the first instant at which the local clock shows
// hour:00 on d or later. When that time occurs twice (DST fall-back) it is
// the first occurrence; when it does not exist (spring-forward) it is the
// first instant after the gap.
func WakeInstant(d CivilDate, hour int, loc *time.Location) time.Time {
	wall := time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, time.UTC)
	// The offsets in force a day and a half either side cover every
	// transition near the wall time.
	before := offsetAt(wall.Add(-36*time.Hour), loc)
	after := offsetAt(wall.Add(36*time.Hour), loc)
	var best time.Time
	for _, off := range []int{before, after} {
		t := wall.Add(-time.Duration(off) * time.Second)
		if sameWall(t.In(loc), wall) && (best.IsZero() || t.Before(best)) {
			best = t
		}
	}
	if !best.IsZero() {
		return best.In(loc)
	}
	// A gap: read with the old offset, the wall time falls just after the
	// transition, which starts the zone period holding it.
	t := wall.Add(-time.Duration(before) * time.Second).In(loc)
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return t
	}
	return start.In(loc)
}

func offsetAt(t time.Time, loc *time.Location) int {
	_, off := t.In(loc).Zone()
	return off
}

func sameWall(t, wall time.Time) bool {
	y, m, d := t.Date()
	wy, wm, wd := wall.Date()
	return y == wy && m == wm && d == wd && t.Hour() == wall.Hour() && t.Minute() == wall.Minute()
}

// AddDays returns the date n days after c (before, for negative n).
func (c CivilDate) AddDays(n int) CivilDate {
	t := time.Date(c.Year, c.Month, c.Day+n, 12, 0, 0, 0, time.UTC)
	return CivilDate{t.Year(), t.Month(), t.Day()}
}

// ParseCivilDate reads the ISO form written by CivilDate.String.
func ParseCivilDate(s string) (CivilDate, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return CivilDate{}, Errorf(EINVALID, "%q is not a date (YYYY-MM-DD).", s)
	}
	return CivilDate{t.Year(), t.Month(), t.Day()}, nil
}

// IsZero reports whether c is the zero date.
func (c CivilDate) IsZero() bool { return c == CivilDate{} }

// Before reports whether c is earlier than o.
func (c CivilDate) Before(o CivilDate) bool { return c.String() < o.String() }

// FirstDigestDate is the local date of a new subscriber's first digest:
// today if today's wake-up time is still ahead at now, else tomorrow.
func FirstDigestDate(p Preferences, now time.Time) (CivilDate, error) {
	loc, err := LoadZone(p.TimeZone)
	if err != nil {
		return CivilDate{}, err
	}
	today := CivilDateOf(now, loc)
	if now.Before(WakeInstant(today, p.WakeHour, loc)) {
		return today, nil
	}
	return today.AddDays(1), nil
}

// SendCheckReason is the ledger's reason for skipping a claimed digest
// whose send check (DeliveryStore.Sendable) found the subscriber deleted
// (found false), the address suppressed or the subscription no longer
// confirmed; "" when the digest may go.
func SendCheckReason(found bool, status SubscriberStatus, suppressed bool) string {
	switch {
	case !found:
		return "deleted before sending"
	case suppressed:
		return "address suppressed before sending"
	case status != SubscriberConfirmed:
		return string(status) + " before sending"
	}
	return ""
}
