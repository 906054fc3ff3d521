package storetest

import (
	"context"
	"testing"
	"time"

	"flashback"
)

// testSubSendableAtSendTime: a claim carries its lease's end, and the
// check made just before each send sees an unsubscribe, a suppression or a
// deletion that landed after the claim; a skip recorded for it sticks.
func testSubSendableAtSendTime(t *testing.T, st SubscriptionStores) {
	ctx, at := context.Background(), subJan31.Add(-12*time.Hour)
	stay := subMustConfirmed(t, st, "stay@example.org", "Europe/Vienna", 7, at)
	leaving := map[string]*flashback.Subscriber{}
	for _, how := range []string{"unsubscribed", "suppressed", "deleted"} {
		leaving[how] = subMustConfirmed(t, st, how+"@example.org", "Europe/Vienna", 7, at)
	}
	st.SetNow(subJan31)
	res, err := st.Deliveries.ClaimDeliveries(ctx, subClaimOp)
	if err != nil || len(res.Claims) != 4 {
		t.Fatalf("ClaimDeliveries: %v, %v; want 4 claims", res, err)
	}
	for _, c := range res.Claims {
		if want := subJan31.Add(subClaimOp.Lease); !c.LeaseUntil.Equal(want) {
			t.Errorf("claim of %d: lease until %v, want %v", c.Subscriber.ID, c.LeaseUntil, want)
		}
	}
	st.SetNow(subJan31.Add(time.Second))
	errs := []error{
		st.Subscribers.Unsubscribe(ctx, leaving["unsubscribed"].ID, "test"),
		st.Subscribers.SuppressSubscriber(ctx, leaving["suppressed"].ID, flashback.SuppressBounce),
		st.Subscribers.DeleteSubscriber(ctx, leaving["deleted"].ID),
	}
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if why, err := st.Deliveries.Sendable(ctx, stay); err != nil || why != "" {
		t.Errorf("Sendable(still confirmed) = %q, %v; want \"\"", why, err)
	}
	for how, sub := range leaving {
		if why, err := st.Deliveries.Sendable(ctx, sub); err != nil || why == "" {
			t.Errorf("Sendable(%s) = %q, %v; want a reason", how, why, err)
		}
	}
	d, u := subDate(2026, 1, 31), leaving["unsubscribed"]
	subComplete(t, st, subJan31.Add(2*time.Second), flashback.Outcome{SubscriberID: u.ID, LocalDate: d,
		Attempt: 1, State: flashback.DeliverySkipped, Reason: "unsubscribed before sending"})
	if row := subAssertState(t, st, u.ID, d, flashback.DeliverySkipped); row.Reason != "unsubscribed before sending" {
		t.Errorf("skip reason = %q", row.Reason)
	}
}
