package storecopy_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"testing"
	"time"

	"flashback"
	"flashback/auth"
	"flashback/corpus"
	"flashback/newsletter"
)

// clock is a store clock tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// digestDate is the local date of the digests the site has sent.
var digestDate = flashback.CivilDate{Year: 2026, Month: time.March, Day: 2}

// populated is when populate ends: 07:30 in Vienna on digestDate.
var populated = time.Date(2026, time.March, 2, 6, 30, 0, 0, time.UTC)

const password = "a long enough passphrase"

// site is what populate made, to look for in a copy.
type site struct {
	editor       *flashback.User
	sessionHash  string
	eventID      int64 // an event with a correction and a report
	correction   string
	subscriberID int64 // a confirmed subscriber with a sent digest
	manageToken  string
	confirmHash  []byte // of a pending subscriber
	messageID    int64
}

// populate fills st through its stores' own methods, as a site in use
// would be: the bundled corpus, an editor with a session, a report
// accepted with a correction, a reader's message, a featured pick,
// subscribers (confirmed, pending, suppressed) and a ledger with sent
// digests.
func populate(t *testing.T, st *flashback.Stores, clk *clock, subscribers int) site {
	t.Helper()
	ctx := context.Background()
	var s site
	clk.set(time.Date(2026, time.March, 1, 9, 0, 0, 123456000, time.UTC))
	bundled, _, err := corpus.Bundled()
	must(t, err)
	_, err = corpus.Import(ctx, st.Events, bundled, nil)
	must(t, err)
	s.editor = addEditor(t, st)
	s.sessionHash = auth.HashToken("session-token")
	must(t, st.Users.CreateSession(ctx, &flashback.Session{TokenHash: s.sessionHash, UserID: s.editor.ID,
		CreatedAt: clk.Now(), ExpiresAt: clk.Now().Add(30 * 24 * time.Hour)}))
	s.eventID, s.correction = correctEvent(t, st, s.editor.ID)
	m := &flashback.Message{Name: "A Reader", Email: "reader@example.org", Subject: "Thanks", Body: "I like the digest."}
	must(t, st.Messages.CreateMessage(ctx, m))
	s.messageID = m.ID
	must(t, st.Features.SetFeaturePick(ctx, &flashback.FeaturePick{Month: time.March, Day: 2, EventID: s.eventID,
		EditorID: s.editor.ID, Note: "an anniversary"}))
	addState(t, st, s.eventID)
	s.subscriberID, s.confirmHash = addSubscribers(t, st, subscribers)
	s.manageToken = manageToken(t, st, s.subscriberID)
	sendDigests(t, st, clk)
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func addEditor(t *testing.T, st *flashback.Stores) *flashback.User {
	hash, err := auth.HashPassword(password)
	must(t, err)
	u := &flashback.User{Email: "editor@example.org", Name: "Ed Itor", Role: flashback.RoleEditor, PasswordHash: hash}
	must(t, st.Users.CreateUser(context.Background(), u))
	return u
}

// correctEvent has a reader report the first published event and an
// editor accept it with a correction.
func correctEvent(t *testing.T, st *flashback.Stores, editorID int64) (int64, string) {
	ctx := context.Background()
	events, _, err := st.Events.FindEvents(ctx, flashback.EventFilter{Limit: 1})
	must(t, err)
	e := events[0]
	r := &flashback.Report{EventID: e.ID, Problem: "The year is wrong.", Email: "reader@example.org"}
	must(t, st.Reports.CreateReport(ctx, r))
	e.Summary += " (Corrected.)"
	const text = "An earlier version of this article gave the wrong summary."
	must(t, st.Edits.EditEvent(ctx, flashback.EventEdit{Event: e, EditorID: editorID, Note: "reader report",
		Correction: text, ReportID: r.ID, ReportNote: "thank you"}))
	return e.ID, text
}

// addSubscribers seeds n confirmed subscribers, one pending and one
// suppressed, and returns a confirmed one and the pending one's token hash.
func addSubscribers(t *testing.T, st *flashback.Stores, n int) (int64, []byte) {
	ctx := context.Background()
	seeder, ok := st.Subscribers.(interface {
		SeedConfirmed(context.Context, []*flashback.Subscriber) error
	})
	if !ok {
		t.Fatalf("%T cannot seed subscribers", st.Subscribers)
	}
	subs := make([]*flashback.Subscriber, n)
	for i := range subs {
		subs[i] = &flashback.Subscriber{Email: fmt.Sprintf("reader%06d@example.org", i),
			Preferences: flashback.Preferences{TimeZone: "Europe/Vienna", WakeHour: 7},
			Consent:     flashback.Consent{Source: "import of a list kept elsewhere"},
			NextDate:    digestDate}
	}
	must(t, seeder.SeedConfirmed(ctx, subs))
	hash := sha256.Sum256([]byte("confirm-token"))
	_, err := st.Subscribers.Subscribe(ctx, &flashback.SubscribeRequest{Email: "pending@example.org",
		Preferences:      flashback.Preferences{TimeZone: "America/New_York", WakeHour: 6, Categories: []string{"music"}},
		Consent:          flashback.Consent{Source: "web form /subscribe", RequestIP: "192.0.2.1"},
		ConfirmTokenHash: hash[:], ConfirmTTL: 48 * time.Hour, Limit: newsletter.DefaultConfirmLimit})
	must(t, err)
	must(t, st.Subscribers.SuppressSubscriber(ctx, subs[n-1].ID, flashback.SuppressBounce))
	return subs[0].ID, hash[:]
}

func manageToken(t *testing.T, st *flashback.Stores, id int64) string {
	svc := newsletterService(t, st)
	sub, err := st.Subscribers.FindSubscriberByID(context.Background(), id)
	must(t, err)
	return svc.ManageToken(sub)
}

func newsletterService(t *testing.T, st *flashback.Stores) *newsletter.Service {
	svc, err := newsletter.New(context.Background(), newsletter.Deps{Subscribers: st.Subscribers,
		Deliveries: st.Deliveries, Events: st.Events, Secrets: st.Secrets},
		newsletter.Config{BaseURL: "https://flashback.example", From: "Flashback <digest@flashback.example>"})
	must(t, err)
	return svc
}

// sendDigests claims every digest due on digestDate and records it sent.
func sendDigests(t *testing.T, st *flashback.Stores, clk *clock) {
	ctx := context.Background()
	clk.set(populated)
	for {
		res, err := st.Deliveries.ClaimDeliveries(ctx, flashback.ClaimOptions{Limit: 5000,
			Lease: 5 * time.Minute, Cutoff: 12 * time.Hour})
		must(t, err)
		if res.Examined == 0 {
			return
		}
		outs := make([]flashback.Outcome, len(res.Claims))
		for i, c := range res.Claims {
			outs[i] = flashback.Outcome{SubscriberID: c.Subscriber.ID, LocalDate: c.LocalDate, Attempt: c.Attempt,
				State: flashback.DeliverySent, MessageID: fmt.Sprintf("<%d.%s@flashback.example>", c.Subscriber.ID, c.LocalDate)}
		}
		must(t, st.Deliveries.CompleteDeliveries(ctx, outs))
	}
}

// addState gives every other table a row: a conflict set aside, an image,
// a feed's progress, a throttled key, a lease and a running instance.
func addState(t *testing.T, st *flashback.Stores, eventID int64) {
	ctx := context.Background()
	e, err := st.Events.FindEventByID(ctx, eventID)
	must(t, err)
	in := *e
	in.ID, in.ExternalKey, in.Date.Year = 0, "", e.Date.Year+1
	_, err = st.Conflicts.AddConflicts(ctx, []*flashback.Conflict{{EventID: e.ID, Incoming: in,
		StoredDate: e.Date, Reason: "same headline, another year"}})
	must(t, err)
	data := []byte("\x89PNG\r\n\x1a\n not really a picture")
	sum := sha256.Sum256(data)
	must(t, st.Media.PutMedia(ctx, &flashback.Media{Hash: fmt.Sprintf("%x", sum), ContentType: "image/png",
		Data: data, Width: 640, Height: 480}))
	must(t, st.Feeds.SaveFeedDay(ctx, flashback.FeedDay{Feed: "wikimedia:en",
		Day: flashback.MonthDay{Month: time.March, Day: 1}, ETag: `"abc"`, SyncedAt: time.Now()}))
	_, err = st.Feeds.StartFeedRun(ctx, "wikimedia:en", "all")
	must(t, err)
	key := flashback.LimitKey{Key: []byte("a client's key"), Rate: flashback.Rate{Burst: 3, Every: time.Minute}}
	_, _, err = st.Limits.TakeTokens(ctx, key)
	must(t, err)
	_, _, err = st.Leases.AcquireLease(ctx, "janitor", "instance-a", time.Hour)
	must(t, err)
	must(t, st.Deliveries.Heartbeat(ctx, flashback.Instance{ID: "instance-a", StartedAt: time.Now()}))
}
