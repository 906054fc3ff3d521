package storetest

import (
	"context"
	"testing"
	"time"

	"flashback"
)

// RetentionStores are the stores a retention purge reaches, all on one
// database, with the clock they stamp by. The subscription stores come
// embedded so that the digest's helpers work on them.
type RetentionStores struct {
	SubscriptionStores
	Retention flashback.RetentionStore
	Events    flashback.EventStore
	Reports   flashback.ReportStore
	Edits     flashback.EditStore
	Messages  flashback.MessageStore
	Users     flashback.UserStore
	Limits    flashback.LimitStore
}

// NewRetentionStores returns empty stores that live as long as t.
type NewRetentionStores func(t *testing.T) RetentionStores

// testRetentionStore runs the retention cases: every kind goes exactly at
// the end of its period (one second before it stays, one second after it is
// gone), nothing else is touched, and a second purge finds nothing more.
func testRetentionStore(t *testing.T, newStores NewRetentionStores) {
	cases := []struct {
		name string
		run  func(*testing.T, RetentionStores)
	}{
		{"InvalidPolicy", testRetInvalidPolicy},
		{"PendingDeletedWithoutHash", testRetPending},
		{"LapsedResubscriptionKeepsHash", testRetLapsedResubscription},
		{"ConfirmRecords", testRetConfirmRecords},
		{"UnsubscribedReducedToHash", testRetUnsubscribed},
		{"SuppressedKeepsBounce", testRetSuppressed},
		{"DeliveryRecords", testRetDeliveries},
		{"NextDateRowKept", testRetNextDateRowKept},
		{"ExactlyOnceAcrossPurges", testRetExactlyOnce},
		{"ReportEmailErased", testRetReportEmail},
		{"HandledMessages", testRetMessages},
		{"ExpiredSessions", testRetSessions},
		{"RefilledRateLimits", testRetRateLimits},
		{"UnrelatedUntouched", testRetUnrelated},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, newStores(t)) })
	}
}

// retT0 is an ordinary morning, 07:00 in Vienna, at which fixtures start.
var retT0 = time.Date(2026, time.January, 31, 6, 0, 0, 0, time.UTC)

// retPurge purges with policy as of at, with the stores' clock at at too.
func retPurge(t *testing.T, rs RetentionStores, policy flashback.RetentionPolicy, at time.Time) flashback.PurgeStats {
	t.Helper()
	rs.SetNow(at)
	stats, err := rs.Retention.Purge(context.Background(), policy, at)
	if err != nil {
		t.Fatalf("Purge at %v: %v", at, err)
	}
	return stats
}

// retBoundary purges with the default policy one second before deadline and
// one second after, checking each time how many records of the kind went
// (count) and whether the record is still there (present); then it purges
// again and expects nothing more.
func retBoundary(t *testing.T, rs RetentionStores, deadline time.Time, count func(flashback.PurgeStats) int, present func() bool) {
	t.Helper()
	policy := flashback.DefaultRetention()
	before := deadline.Add(-time.Second)
	if n := count(retPurge(t, rs, policy, before)); n != 0 || !present() {
		t.Fatalf("one second before the deadline: purged %d (want 0), present = %v (want true)", n, present())
	}
	after := deadline.Add(time.Second)
	if n := count(retPurge(t, rs, policy, after)); n != 1 || present() {
		t.Fatalf("one second after the deadline: purged %d (want 1), present = %v (want false)", n, present())
	}
	if again := retPurge(t, rs, policy, after); again.Total() != 0 {
		t.Errorf("second purge: %v, want nothing", again)
	}
}

func testRetInvalidPolicy(t *testing.T, rs RetentionStores) {
	sub := subMustConfirmed(t, rs.SubscriptionStores, "keep@example.org", "UTC", 7, retT0)
	rs.SetNow(retT0.Add(time.Hour))
	if err := rs.Subscribers.Unsubscribe(context.Background(), sub.ID, "test"); err != nil {
		t.Fatal(err)
	}
	short := flashback.DefaultRetention()
	short.Deliveries = 36 * time.Hour
	zero := flashback.DefaultRetention()
	zero.UnsubscribedSubscribers = 0
	for name, p := range map[string]flashback.RetentionPolicy{
		"Zero": {}, "ZeroPeriod": zero, "LedgerTooShort": short,
	} {
		t.Run(name, func(t *testing.T) {
			stats, err := rs.Retention.Purge(context.Background(), p, retT0.Add(3650*24*time.Hour))
			assertCode(t, err, flashback.EINVALID)
			if stats.Total() != 0 {
				t.Errorf("purged %v under an invalid policy", stats)
			}
		})
	}
	subMustFindSubscriber(t, rs.SubscriptionStores, sub.ID)
}

func testRetMessages(t *testing.T, rs RetentionStores) {
	ctx := context.Background()
	rs.SetNow(retT0)
	m := &flashback.Message{Name: "Ada", Email: "ada@example.org", Subject: "Hello", Body: "A question."}
	if err := rs.Messages.CreateMessage(ctx, m); err != nil {
		t.Fatal(err)
	}
	handled := retT0.Add(48 * time.Hour)
	rs.SetNow(handled)
	if err := rs.Messages.MarkMessage(ctx, m.ID, true, 0); err != nil {
		t.Fatal(err)
	}
	retBoundary(t, rs, handled.Add(365*24*time.Hour),
		func(s flashback.PurgeStats) int { return s.HandledMessages },
		func() bool {
			_, err := rs.Messages.FindMessageByID(ctx, m.ID)
			return flashback.ErrorCode(err) != flashback.ENOTFOUND
		})
}

func testRetSessions(t *testing.T, rs RetentionStores) {
	ctx := context.Background()
	rs.SetNow(retT0)
	u := &flashback.User{Email: "ed@example.org", Name: "Ed", Role: flashback.RoleEditor, PasswordHash: "$test$hash"}
	if err := rs.Users.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	expires := retT0.Add(12 * time.Hour)
	if err := rs.Users.CreateSession(ctx, &flashback.Session{TokenHash: "tok", UserID: u.ID, ExpiresAt: expires}); err != nil {
		t.Fatal(err)
	}
	retBoundary(t, rs, expires,
		func(s flashback.PurgeStats) int { return s.Sessions },
		func() bool {
			// Look while the session is still valid, so that only
			// deletion can hide it.
			rs.SetNow(expires.Add(-2 * time.Second))
			_, _, err := rs.Users.FindSession(ctx, "tok")
			return err == nil
		})
	if _, err := rs.Users.FindUserByID(ctx, u.ID); err != nil {
		t.Errorf("the editor went with the session: %v", err)
	}
}

func testRetReportEmail(t *testing.T, rs RetentionStores) {
	ctx := context.Background()
	rs.SetNow(retT0)
	ed := &flashback.User{Email: "ed@example.org", Name: "Ed", Role: flashback.RoleEditor, PasswordHash: "$test$hash"}
	if err := rs.Users.CreateUser(ctx, ed); err != nil {
		t.Fatal(err)
	}
	resolutions := []struct {
		name    string
		resolve func(e *flashback.Event, r *flashback.Report) error
		status  flashback.ReportStatus
	}{
		{"Declined", func(_ *flashback.Event, r *flashback.Report) error {
			return rs.Reports.DeclineReport(ctx, r.ID, ed.ID, "The date is right.")
		}, flashback.ReportDeclined},
		{"Accepted", func(e *flashback.Event, r *flashback.Report) error {
			fixed := *e
			fixed.Summary = "Corrected summary."
			return rs.Edits.EditEvent(ctx, flashback.EventEdit{Event: &fixed, EditorID: ed.ID,
				Correction: "The summary was wrong.", ReportID: r.ID, ReportNote: "Thanks."})
		}, flashback.ReportAccepted},
	}
	for i, res := range resolutions {
		t.Run(res.name, func(t *testing.T) {
			// Each subtest starts later than the last one's deadline.
			start := retT0.Add(time.Duration(i) * 200 * 24 * time.Hour)
			rs.SetNow(start)
			e := day("Event "+res.name, 1929, time.January, 31)
			mustCreate(t, rs.Events, e)
			r := &flashback.Report{EventID: e.ID, Problem: "The year is wrong.", Email: "reader@example.org"}
			if err := rs.Reports.CreateReport(ctx, r); err != nil {
				t.Fatal(err)
			}
			resolved := start.Add(72 * time.Hour)
			rs.SetNow(resolved)
			if err := res.resolve(e, r); err != nil {
				t.Fatal(err)
			}
			retBoundary(t, rs, resolved.Add(90*24*time.Hour),
				func(s flashback.PurgeStats) int { return s.ReportEmails },
				func() bool { return retReport(t, rs, r.ID).Email != "" })
			got := retReport(t, rs, r.ID)
			if got.Problem != "The year is wrong." || got.Status != res.status || got.Note == "" {
				t.Errorf("report after erasure = %+v; only the address may change", got)
			}
		})
	}
}

func retReport(t *testing.T, rs RetentionStores, id int64) *flashback.Report {
	t.Helper()
	r, err := rs.Reports.FindReportByID(context.Background(), id)
	if err != nil {
		t.Fatalf("FindReportByID(%d): %v", id, err)
	}
	return r
}

// testRetRateLimits: a rate-limit count (a keyed hash of an address) goes
// once its bucket has refilled, when it limits nothing any more.
func testRetRateLimits(t *testing.T, rs RetentionStores) {
	rs.SetNow(retT0)
	k := flashback.LimitKey{Key: []byte("client"), Rate: flashback.Rate{Burst: 2, Every: time.Hour}}
	if _, _, err := rs.Limits.TakeTokens(context.Background(), k); err != nil {
		t.Fatal(err)
	}
	full := retT0.Add(time.Hour)
	policy := flashback.DefaultRetention()
	if st := retPurge(t, rs, policy, full.Add(-time.Second)); st.RateLimits != 0 {
		t.Errorf("purged %d rate limits before the bucket refilled", st.RateLimits)
	}
	if st := retPurge(t, rs, policy, full.Add(time.Second)); st.RateLimits != 1 {
		t.Errorf("purged %d rate limits after the bucket refilled, want 1", st.RateLimits)
	}
	if st := retPurge(t, rs, policy, full.Add(2*time.Second)); st.RateLimits != 0 {
		t.Errorf("a second purge found %d more", st.RateLimits)
	}
}
