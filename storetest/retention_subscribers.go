package storetest

import (
	"context"
	"testing"
	"time"

	"flashback"
)

// retExists reports whether the subscriber is still stored.
func retExists(t *testing.T, rs RetentionStores, id int64) bool {
	t.Helper()
	_, err := rs.Subscribers.FindSubscriberByID(context.Background(), id)
	if err != nil && flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Fatalf("FindSubscriberByID(%d): %v", id, err)
	}
	return err == nil
}

func retSuppressed(t *testing.T, rs RetentionStores, email string) bool {
	t.Helper()
	ok, err := rs.Subscribers.IsSuppressed(context.Background(), email)
	if err != nil {
		t.Fatalf("IsSuppressed(%s): %v", email, err)
	}
	return ok
}

func retUnsubscribe(t *testing.T, rs RetentionStores, id int64, at time.Time) {
	t.Helper()
	rs.SetNow(at)
	if err := rs.Subscribers.Unsubscribe(context.Background(), id, "manage page"); err != nil {
		t.Fatalf("Unsubscribe(%d): %v", id, err)
	}
}

func testRetPending(t *testing.T, rs RetentionStores) {
	rs.SetNow(retT0)
	res := subMustSubscribe(t, rs.SubscriptionStores, subRequest("never@example.org", "UTC", 7, "t-never"))
	retBoundary(t, rs, retT0.Add(7*24*time.Hour),
		func(s flashback.PurgeStats) int { return s.PendingSubscribers },
		func() bool { return retExists(t, rs, res.Subscriber.ID) })
	if retSuppressed(t, rs, "never@example.org") {
		t.Error("a request never confirmed left a suppression hash; there was no consent to record")
	}
}

// A former subscriber asks again and never confirms: the row goes when the
// new request lapses, and, as they once consented, their hash stays.
func testRetLapsedResubscription(t *testing.T, rs RetentionStores) {
	sub := subMustConfirmed(t, rs.SubscriptionStores, "back@example.org", "UTC", 7, retT0)
	retUnsubscribe(t, rs, sub.ID, retT0.Add(time.Hour))
	again := retT0.Add(2 * 24 * time.Hour)
	rs.SetNow(again)
	subMustSubscribe(t, rs.SubscriptionStores, subRequest("back@example.org", "UTC", 7, "t-back"))
	retBoundary(t, rs, again.Add(7*24*time.Hour),
		func(s flashback.PurgeStats) int { return s.PendingSubscribers },
		func() bool { return retExists(t, rs, sub.ID) })
	if !retSuppressed(t, rs, "back@example.org") {
		t.Error("a former subscriber's lapsed request left no suppression hash")
	}
}

func testRetUnsubscribed(t *testing.T, rs RetentionStores) {
	sub := subMustConfirmed(t, rs.SubscriptionStores, "gone@example.org", "UTC", 7, retT0)
	unsub := retT0.Add(3 * time.Hour)
	retUnsubscribe(t, rs, sub.ID, unsub)
	if retSuppressed(t, rs, "gone@example.org") {
		t.Fatal("suppressed at unsubscribing already; the test proves nothing")
	}
	retBoundary(t, rs, unsub.Add(30*24*time.Hour),
		func(s flashback.PurgeStats) int { return s.UnsubscribedSubscribers },
		func() bool { return retExists(t, rs, sub.ID) })
	if !retSuppressed(t, rs, "gone@example.org") {
		t.Error("no suppression hash kept for the deleted subscriber")
	}
}

// A bounced address is reduced to its hash too, and the hash still says
// bounce: signing up again sends nothing.
func testRetSuppressed(t *testing.T, rs RetentionStores) {
	ctx := context.Background()
	sub := subMustConfirmed(t, rs.SubscriptionStores, "dead@example.org", "UTC", 7, retT0)
	bounced := retT0.Add(5 * time.Hour)
	rs.SetNow(bounced)
	if err := rs.Subscribers.SuppressSubscriber(ctx, sub.ID, flashback.SuppressBounce); err != nil {
		t.Fatal(err)
	}
	retBoundary(t, rs, bounced.Add(30*24*time.Hour),
		func(s flashback.PurgeStats) int { return s.SuppressedSubscribers },
		func() bool { return retExists(t, rs, sub.ID) })
	res := subMustSubscribe(t, rs.SubscriptionStores, subRequest("dead@example.org", "UTC", 7, "t-dead"))
	if res.Action != flashback.SendNothing {
		t.Errorf("sign-up of a bounced address after the purge: action %q, want %q", res.Action, flashback.SendNothing)
	}
}

// The rate limit's records go after 24 hours. A limit with a longer window
// shows it: the address is refused until the purge, and accepted after.
func testRetConfirmRecords(t *testing.T, rs RetentionStores) {
	limit := flashback.ConfirmLimit{Max: 1, Window: 7 * 24 * time.Hour}
	try := func(token string) error {
		req := subRequest("rate@example.org", "UTC", 7, token)
		req.Limit = limit
		_, err := rs.Subscribers.Subscribe(context.Background(), req)
		return err
	}
	rs.SetNow(retT0)
	if err := try("first"); err != nil {
		t.Fatal(err)
	}
	tries := 0
	retBoundary(t, rs, retT0.Add(24*time.Hour),
		func(s flashback.PurgeStats) int { return s.ConfirmMails },
		func() bool {
			tries++
			return flashback.ErrorCode(try(string(rune('a'+tries)))) == flashback.ETOOMANY
		})
}

// retDeliver signs up a UTC subscriber waking at 07:00 on retT0's date and
// delivers their digest of that date.
func retDeliver(t *testing.T, rs RetentionStores, email string) (*flashback.Subscriber, flashback.CivilDate) {
	t.Helper()
	sub := subMustConfirmed(t, rs.SubscriptionStores, email, "UTC", 7, retT0)
	d := flashback.CivilDateOf(retT0, time.UTC)
	wake := retT0.Add(time.Hour)
	subAssertClaims(t, subClaimAt(t, rs.SubscriptionStores, wake), subClaimID(sub.ID, d, 1))
	subComplete(t, rs.SubscriptionStores, wake, subSent(sub.ID, d, 1))
	return sub, d
}

func testRetDeliveries(t *testing.T, rs RetentionStores) {
	sub, d := retDeliver(t, rs, "ledger@example.org")
	// The row's date is over at midnight UTC after it; 90 days later it goes.
	end := time.Date(d.Year, d.Month, d.Day+1, 0, 0, 0, 0, time.UTC)
	retBoundary(t, rs, end.Add(90*24*time.Hour),
		func(s flashback.PurgeStats) int { return s.Deliveries },
		func() bool { return subLedger(t, rs.SubscriptionStores, sub.ID)[d.String()] != nil })
	if got := subMustFindSubscriber(t, rs.SubscriptionStores, sub.ID); got.Status != flashback.SubscriberConfirmed {
		t.Errorf("subscriber after the ledger purge = %+v", got)
	}
}

// A digest still being retried keeps its row however old it is: the claims
// find it by that row (its claim moved the schedule on to the next day).
func testRetNextDateRowKept(t *testing.T, rs RetentionStores) {
	sub := subMustConfirmed(t, rs.SubscriptionStores, "stuck@example.org", "UTC", 7, retT0)
	d := flashback.CivilDateOf(retT0, time.UTC)
	wake := retT0.Add(time.Hour)
	subAssertClaims(t, subClaimAt(t, rs.SubscriptionStores, wake), subClaimID(sub.ID, d, 1))
	subComplete(t, rs.SubscriptionStores, wake, flashback.Outcome{SubscriberID: sub.ID, LocalDate: d,
		Attempt: 1, State: flashback.DeliveryRetry, Reason: "421 try later", RetryAt: wake.Add(time.Minute)})
	stats := retPurge(t, rs, flashback.DefaultRetention(), retT0.Add(400*24*time.Hour))
	if stats.Deliveries != 0 {
		t.Errorf("purged %d ledger rows, want 0", stats.Deliveries)
	}
	subAssertState(t, rs.SubscriptionStores, sub.ID, d, flashback.DeliveryRetry)
}

// With the shortest policy allowed and a purge after every delivery, each
// date is still claimed exactly once.
func testRetExactlyOnce(t *testing.T, rs RetentionStores) {
	sub := subMustConfirmed(t, rs.SubscriptionStores, "daily@example.org", "UTC", 7, retT0)
	policy := flashback.DefaultRetention()
	policy.Deliveries = 2 * 24 * time.Hour
	purged := 0
	for i := range 6 {
		wake := retT0.Add(time.Hour + time.Duration(i)*24*time.Hour)
		d := flashback.CivilDateOf(wake, time.UTC)
		subAssertClaims(t, subClaimAt(t, rs.SubscriptionStores, wake), subClaimID(sub.ID, d, 1))
		subComplete(t, rs.SubscriptionStores, wake, subSent(sub.ID, d, 1))
		purged += retPurge(t, rs, policy, wake.Add(time.Hour)).Deliveries
		subAssertClaims(t, subClaimAt(t, rs.SubscriptionStores, wake.Add(2*time.Hour)))
	}
	ledger := subLedger(t, rs.SubscriptionStores, sub.ID)
	if purged != 3 || len(ledger) != 3 {
		t.Errorf("purged %d rows and kept %d, want 3 and 3 (dates within two days)", purged, len(ledger))
	}
}

// A purge far in the future leaves alone what no period covers: confirmed
// subscribers, open reports, unhandled messages, live sessions, the
// suppression list.
func testRetUnrelated(t *testing.T, rs RetentionStores) {
	ctx := context.Background()
	sub, _ := retDeliver(t, rs, "stay@example.org")
	deleted := subMustConfirmed(t, rs.SubscriptionStores, "me@example.org", "UTC", 7, retT0)
	if err := rs.Subscribers.DeleteSubscriber(ctx, deleted.ID); err != nil {
		t.Fatal(err)
	}
	e := day("Trotsky exiled", 1929, time.January, 31)
	mustCreate(t, rs.Events, e)
	r := &flashback.Report{EventID: e.ID, Problem: "Open question.", Email: "reader@example.org"}
	m := &flashback.Message{Name: "Ada", Email: "ada@example.org", Subject: "Hi", Body: "Unread."}
	u := &flashback.User{Email: "ed@example.org", Name: "Ed", Role: flashback.RoleEditor, PasswordHash: "$test$hash"}
	far := retT0.Add(3 * 365 * 24 * time.Hour)
	for _, err := range []error{rs.Reports.CreateReport(ctx, r), rs.Messages.CreateMessage(ctx, m), rs.Users.CreateUser(ctx, u)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := rs.Users.CreateSession(ctx, &flashback.Session{TokenHash: "live", UserID: u.ID, ExpiresAt: far.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	stats := retPurge(t, rs, flashback.DefaultRetention(), far)
	want := flashback.PurgeStats{ConfirmMails: 2, Deliveries: 1}
	if stats != want {
		t.Errorf("stats = %v\nwant    %v", stats, want)
	}
	if got := subMustFindSubscriber(t, rs.SubscriptionStores, sub.ID); got.Status != flashback.SubscriberConfirmed || got.Email != "stay@example.org" {
		t.Errorf("confirmed subscriber = %+v", got)
	}
	if !retSuppressed(t, rs, "me@example.org") {
		t.Error("the suppression list lost a hash")
	}
	if got := retReport(t, rs, r.ID); got.Email != "reader@example.org" {
		t.Errorf("an open report lost its address: %+v", got)
	}
	if _, err := rs.Messages.FindMessageByID(ctx, m.ID); err != nil {
		t.Errorf("unhandled message: %v", err)
	}
	if _, _, err := rs.Users.FindSession(ctx, "live"); err != nil {
		t.Errorf("live session: %v", err)
	}
	if _, err := rs.Events.FindEventByID(ctx, e.ID); err != nil {
		t.Errorf("event: %v", err)
	}
}
