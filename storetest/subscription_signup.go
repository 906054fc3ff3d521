package storetest

import (
	"context"
	"testing"
	"time"

	"flashback"
)

func testSubSubscribeNew(t *testing.T, st SubscriptionStores) {
	st.SetNow(subJan31)
	req := subRequest("new@example.org", "Europe/Vienna", 7, "t1")
	req.Categories = []string{"music", "births"}
	res := subMustSubscribe(t, st, req)
	if res.Action != flashback.SendConfirmation || res.Subscriber == nil {
		t.Fatalf("action = %q, subscriber %v; want confirm", res.Action, res.Subscriber)
	}
	s := subMustFindSubscriber(t, st, res.Subscriber.ID)
	if s.Status != flashback.SubscriberPending || s.Email != "new@example.org" ||
		s.TimeZone != "Europe/Vienna" || s.WakeHour != 7 || len(s.Categories) != 2 ||
		s.Categories[0] != "music" || !s.NextDate.IsZero() || s.TokenGeneration < 1 {
		t.Errorf("stored subscriber = %+v", s)
	}
	if s.Consent.Source != "test form" || s.Consent.RequestIP != "192.0.2.1" ||
		!s.Consent.RequestedAt.Equal(subJan31) || !s.Consent.ConfirmedAt.IsZero() {
		t.Errorf("consent = %+v", s.Consent)
	}
}

func testSubSubscribeRateLimit(t *testing.T, st SubscriptionStores) {
	ctx := context.Background()
	try := func(at time.Time) error {
		st.SetNow(at)
		_, err := st.Subscribers.Subscribe(ctx, subRequest("rl@example.org", "UTC", 7, at.String()))
		return err
	}
	steps := []struct {
		name string
		at   time.Duration
		code string
	}{
		{"First", 0, ""},
		{"TooSoon", 5 * time.Minute, flashback.ETOOMANY},
		{"AfterGap", 11 * time.Minute, ""},
		{"Third", 30 * time.Minute, ""},
		{"FourthInADay", 60 * time.Minute, flashback.ETOOMANY},
		{"NextDay", 24*time.Hour + time.Minute, ""},
	}
	for _, s := range steps {
		if got := flashback.ErrorCode(try(subJan31.Add(s.at))); got != s.code {
			t.Errorf("%s: code %q, want %q", s.name, got, s.code)
		}
	}
	// Another address has its own allowance.
	st.SetNow(subJan31.Add(5 * time.Minute))
	if _, err := st.Subscribers.Subscribe(ctx, subRequest("other@example.org", "UTC", 7, "x")); err != nil {
		t.Errorf("other address: %v", err)
	}
}

func testSubSubscribeConfirmedUnchanged(t *testing.T, st SubscriptionStores) {
	sub := subMustConfirmed(t, st, "c@example.org", "Europe/Vienna", 7, subJan31)
	st.SetNow(subJan31.Add(time.Hour))
	res := subMustSubscribe(t, st, subRequest("c@example.org", "Asia/Tokyo", 9, "stranger"))
	if res.Action != flashback.SendNotice {
		t.Errorf("action = %q, want notice", res.Action)
	}
	got := subMustFindSubscriber(t, st, sub.ID)
	if got.TimeZone != "Europe/Vienna" || got.WakeHour != 7 || got.Status != flashback.SubscriberConfirmed {
		t.Errorf("a sign-up changed a confirmed subscriber: %+v", got)
	}
	if _, err := st.Subscribers.ConfirmSubscriber(context.Background(), subTokenHash("stranger"), ""); flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("the stranger's token confirmed something: %v", err)
	}
	// The subLimit counts notices too, so a refusal looks the same.
	st.SetNow(subJan31.Add(time.Hour + time.Minute))
	_, err := st.Subscribers.Subscribe(context.Background(), subRequest("c@example.org", "UTC", 7, "again"))
	if flashback.ErrorCode(err) != flashback.ETOOMANY {
		t.Errorf("second notice within minutes: %v, want too many", err)
	}
}

func testSubResubscribeReplacesToken(t *testing.T, st SubscriptionStores) {
	st.SetNow(subJan31)
	first := subMustSubscribe(t, st, subRequest("p@example.org", "UTC", 7, "old"))
	st.SetNow(subJan31.Add(time.Hour))
	second := subMustSubscribe(t, st, subRequest("p@example.org", "Asia/Tokyo", 8, "new"))
	if second.Action != flashback.SendConfirmation || second.Subscriber.ID != first.Subscriber.ID {
		t.Fatalf("resubscribe: %q, id %d vs %d", second.Action, second.Subscriber.ID, first.Subscriber.ID)
	}
	if second.Subscriber.TimeZone != "Asia/Tokyo" || second.Subscriber.WakeHour != 8 {
		t.Errorf("pending preferences not refreshed: %+v", second.Subscriber.Preferences)
	}
	ctx := context.Background()
	if _, err := st.Subscribers.ConfirmSubscriber(ctx, subTokenHash("old"), ""); flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("old token: %v, want not found", err)
	}
	if _, err := st.Subscribers.ConfirmSubscriber(ctx, subTokenHash("new"), ""); err != nil {
		t.Errorf("new token: %v", err)
	}
}

func testSubConfirm(t *testing.T, st SubscriptionStores) {
	// 05:00 in Vienna: today's 07:00 is still ahead, so today is the first.
	at := subJan31.Add(-2 * time.Hour)
	sub := subMustConfirmed(t, st, "ok@example.org", "Europe/Vienna", 7, at)
	if sub.Status != flashback.SubscriberConfirmed || sub.NextDate != subDate(2026, 1, 31) ||
		!sub.Consent.ConfirmedAt.Equal(at) || sub.Consent.ConfirmIP != "192.0.2.2" {
		t.Errorf("confirmed = %+v", sub)
	}
	st.SetNow(at.Add(time.Minute))
	again, err := st.Subscribers.ConfirmSubscriber(context.Background(), subTokenHash("token-ok@example.org"), "x")
	if err != nil || !again.Consent.ConfirmedAt.Equal(at) {
		t.Errorf("second confirmation: %v, %+v", err, again)
	}
	late := subMustConfirmed(t, st, "late@example.org", "Europe/Vienna", 7, subJan31.Add(time.Minute))
	if late.NextDate != subDate(2026, 2, 1) {
		t.Errorf("confirmed after wake-up: first digest %s, want 2026-02-01", late.NextDate)
	}
}

func testSubConfirmExpired(t *testing.T, st SubscriptionStores) {
	st.SetNow(subJan31)
	subMustSubscribe(t, st, subRequest("slow@example.org", "UTC", 7, "slow"))
	st.SetNow(subJan31.Add(48*time.Hour + time.Second))
	_, err := st.Subscribers.ConfirmSubscriber(context.Background(), subTokenHash("slow"), "")
	if flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("expired token: %v, want not found", err)
	}
}

func testSubUnsubscribe(t *testing.T, st SubscriptionStores) {
	sub := subMustConfirmed(t, st, "u@example.org", "Europe/Vienna", 7, subJan31.Add(-3*time.Hour))
	ctx := context.Background()
	for range 2 {
		if err := st.Subscribers.Unsubscribe(ctx, sub.ID, "one-click"); err != nil {
			t.Fatalf("Unsubscribe: %v", err)
		}
	}
	got := subMustFindSubscriber(t, st, sub.ID)
	if got.Status != flashback.SubscriberUnsubscribed || got.StatusReason != "one-click" || got.UnsubscribedAt.IsZero() {
		t.Errorf("after unsubscribe: %+v", got)
	}
	subAssertClaims(t, subDrain(t, st, subJan31))
	if _, err := st.Subscribers.ConfirmSubscriber(ctx, subTokenHash("token-u@example.org"), ""); flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("confirm link after unsubscribing: %v, want not found", err)
	}
	if _, err := st.Subscribers.UpdatePreferences(ctx, sub.ID, sub.Preferences); flashback.ErrorCode(err) != flashback.ECONFLICT {
		t.Errorf("update after unsubscribing: %v, want conflict", err)
	}
	if err := st.Subscribers.Unsubscribe(ctx, 99999, "x"); flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("unsubscribe unknown: %v", err)
	}
}

func testSubDelete(t *testing.T, st SubscriptionStores) {
	sub := subMustConfirmed(t, st, "d@example.org", "Europe/Vienna", 7, subJan31.Add(-3*time.Hour))
	subAssertClaims(t, subClaimAt(t, st, subJan31), subClaimID(sub.ID, subDate(2026, 1, 31), 1))
	subComplete(t, st, subJan31, subSent(sub.ID, subDate(2026, 1, 31), 1))
	ctx := context.Background()
	if err := st.Subscribers.DeleteSubscriber(ctx, sub.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Subscribers.FindSubscriberByID(ctx, sub.ID); flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("deleted subscriber still found: %v", err)
	}
	if len(subLedger(t, st, sub.ID)) != 0 {
		t.Error("delivery history kept after deletion")
	}
	if ok, err := st.Subscribers.IsSuppressed(ctx, "d@example.org"); err != nil || !ok {
		t.Errorf("IsSuppressed after deletion = %v, %v", ok, err)
	}
	// Coming back takes a fresh double opt-in, which lifts the suppression.
	back := subMustConfirmed(t, st, "d@example.org", "UTC", 7, subJan31.Add(48*time.Hour))
	if back.Status != flashback.SubscriberConfirmed {
		t.Fatalf("re-subscribed: %+v", back)
	}
	if ok, _ := st.Subscribers.IsSuppressed(ctx, "d@example.org"); ok {
		t.Error("confirmation did not lift the deletion's suppression")
	}
}

func testSubBounced(t *testing.T, st SubscriptionStores) {
	sub := subMustConfirmed(t, st, "gone@example.org", "UTC", 7, subJan31.Add(-12*time.Hour))
	ctx := context.Background()
	if err := st.Subscribers.SuppressSubscriber(ctx, sub.ID, flashback.SuppressBounce); err != nil {
		t.Fatal(err)
	}
	if err := st.Subscribers.DeleteSubscriber(ctx, sub.ID); err != nil {
		t.Fatal(err)
	}
	st.SetNow(subJan31.Add(time.Hour))
	res := subMustSubscribe(t, st, subRequest("gone@example.org", "UTC", 7, "again"))
	if res.Action != flashback.SendNothing {
		t.Errorf("bounced address: action %q, want none", res.Action)
	}
}
