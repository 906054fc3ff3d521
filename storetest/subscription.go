package storetest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"testing"
	"time"

	"flashback"
)

// SubscriptionStores are the two stores of the digest, on one database,
// and a way to set the instant the stores stamp and compare with.
type SubscriptionStores struct {
	Subscribers flashback.SubscriberStore
	Deliveries  flashback.DeliveryStore
	SetNow      func(time.Time)
}

// NewSubscriptionStores returns empty stores that live as long as t.
type NewSubscriptionStores func(t *testing.T) SubscriptionStores

// testSubscriptionStores runs every subscription and subLedger case.
func testSubscriptionStores(t *testing.T, newStores NewSubscriptionStores) {
	cases := []struct {
		name string
		run  func(*testing.T, SubscriptionStores)
	}{
		{"SubscribeNew", testSubSubscribeNew},
		{"SubscribeRateLimit", testSubSubscribeRateLimit},
		{"SubscribeConfirmedUnchanged", testSubSubscribeConfirmedUnchanged},
		{"ResubscribeReplacesToken", testSubResubscribeReplacesToken},
		{"Confirm", testSubConfirm},
		{"ConfirmExpired", testSubConfirmExpired},
		{"UnsubscribeEndsLinks", testSubUnsubscribe},
		{"DeleteKeepsOnlyHash", testSubDelete},
		{"BouncedAddressGetsNothing", testSubBounced},
		{"ClaimAtWakeTime", testSubClaimAtWake},
		{"LeaseExpiryReclaims", testSubLeaseExpiry},
		{"CutoffSkips", testSubCutoff},
		{"OutageSkipsEachMissedDate", testSubOutage},
		{"RetryWaits", testSubRetry},
		{"FailedSuppresses", testSubFailed},
		{"StaleOutcomeFenced", testSubStaleOutcome},
		{"ZoneChangeEast", testSubZoneChangeEast},
		{"ZoneChangeWest", testSubZoneChangeWest},
		{"HourChangeSameDay", testSubHourChange},
		{"SpringForward", testSubSpringForward},
		{"FallBack", testSubFallBack},
		{"SuppressedAtClaim", testSubSuppressedAtClaim},
		{"SendableAtSendTime", testSubSendableAtSendTime},
		{"ConcurrentClaims", testSubConcurrentClaims},
		{"DueQueue", testSubDueQueue},
		{"RestartFreesClaimsForAll", testSubRestartFreesClaimsForAll},
		{"RestartClaimsFirst", testSubRestartClaimsFirst},
		{"ClaimMovesScheduleOn", testSubClaimMovesScheduleOn},
		{"DeadOwnerTakenOver", testSubDeadOwnerTakenOver},
		{"OpenDateOfLeaverSkipped", testSubOpenDateOfLeaverSkipped},
		{"RetryBesideNextDay", testSubRetryBesideNextDay},
		{"ZoneChangeWestWhileClaimed", testSubZoneChangeWestWhileClaimed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, newStores(t)) })
	}
}

var (
	// subJan31 is 07:00 in Vienna (06:00 UTC), the morning most cases use.
	subJan31   = time.Date(2026, time.January, 31, 6, 0, 0, 0, time.UTC)
	subLimit   = flashback.ConfirmLimit{Max: 3, Window: 24 * time.Hour, MinGap: 10 * time.Minute}
	subClaimOp = flashback.ClaimOptions{Limit: 100, Lease: 5 * time.Minute, Cutoff: 12 * time.Hour}
)

func subDate(y int, m time.Month, d int) flashback.CivilDate {
	return flashback.CivilDate{Year: y, Month: m, Day: d}
}

func subTokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

func subRequest(email, zone string, hour int, token string) *flashback.SubscribeRequest {
	return &flashback.SubscribeRequest{
		Email:            email,
		Preferences:      flashback.Preferences{TimeZone: zone, WakeHour: hour},
		Consent:          flashback.Consent{Source: "test form", RequestIP: "192.0.2.1"},
		ConfirmTokenHash: subTokenHash(token),
		ConfirmTTL:       48 * time.Hour,
		Limit:            subLimit,
	}
}

func subMustSubscribe(t *testing.T, st SubscriptionStores, req *flashback.SubscribeRequest) *flashback.SubscribeResult {
	t.Helper()
	res, err := st.Subscribers.Subscribe(context.Background(), req)
	if err != nil {
		t.Fatalf("Subscribe(%s): %v", req.Email, err)
	}
	return res
}

// subMustConfirmed signs up and confirms email at the instant at.
func subMustConfirmed(t *testing.T, st SubscriptionStores, email, zone string, hour int, at time.Time) *flashback.Subscriber {
	t.Helper()
	st.SetNow(at)
	token := "token-" + email
	subMustSubscribe(t, st, subRequest(email, zone, hour, token))
	sub, err := st.Subscribers.ConfirmSubscriber(context.Background(), subTokenHash(token), "192.0.2.2")
	if err != nil {
		t.Fatalf("ConfirmSubscriber(%s): %v", email, err)
	}
	return sub
}

func subMustFindSubscriber(t *testing.T, st SubscriptionStores, id int64) *flashback.Subscriber {
	t.Helper()
	sub, err := st.Subscribers.FindSubscriberByID(context.Background(), id)
	if err != nil {
		t.Fatalf("FindSubscriberByID(%d): %v", id, err)
	}
	return sub
}

// subClaimAt claims at the instant at and returns "id@date#attempt" per claim.
func subClaimAt(t *testing.T, st SubscriptionStores, at time.Time) []string {
	t.Helper()
	st.SetNow(at)
	res, err := st.Deliveries.ClaimDeliveries(context.Background(), subClaimOp)
	if err != nil {
		t.Fatalf("ClaimDeliveries at %v: %v", at, err)
	}
	out := []string{}
	for _, c := range res.Claims {
		out = append(out, fmt.Sprintf("%d@%s#%d", c.Subscriber.ID, c.LocalDate, c.Attempt))
	}
	return out
}

// subDrain claims until nothing is examined, as a delivery pass does.
func subDrain(t *testing.T, st SubscriptionStores, at time.Time) []string {
	t.Helper()
	st.SetNow(at)
	var all []string
	for range 100 {
		res, err := st.Deliveries.ClaimDeliveries(context.Background(), subClaimOp)
		if err != nil {
			t.Fatalf("ClaimDeliveries: %v", err)
		}
		for _, c := range res.Claims {
			all = append(all, fmt.Sprintf("%d@%s#%d", c.Subscriber.ID, c.LocalDate, c.Attempt))
		}
		if res.Examined == 0 {
			return all
		}
	}
	t.Fatal("ClaimDeliveries never ran out of work")
	return nil
}

func subComplete(t *testing.T, st SubscriptionStores, at time.Time, outs ...flashback.Outcome) {
	t.Helper()
	st.SetNow(at)
	if err := st.Deliveries.CompleteDeliveries(context.Background(), outs); err != nil {
		t.Fatalf("CompleteDeliveries: %v", err)
	}
}

func subSent(id int64, d flashback.CivilDate, attempt int) flashback.Outcome {
	return flashback.Outcome{SubscriberID: id, LocalDate: d, Attempt: attempt,
		State: flashback.DeliverySent, MessageID: fmt.Sprintf("<digest-%d-%s@test>", id, d)}
}

func subClaimID(id int64, d flashback.CivilDate, attempt int) string {
	return fmt.Sprintf("%d@%s#%d", id, d, attempt)
}

func subAssertClaims(t *testing.T, got []string, want ...string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("claims = %v, want %v", got, want)
	}
}

func subLedger(t *testing.T, st SubscriptionStores, id int64) map[string]*flashback.Delivery {
	t.Helper()
	ds, err := st.Deliveries.FindDeliveries(context.Background(), id)
	if err != nil {
		t.Fatalf("FindDeliveries(%d): %v", id, err)
	}
	m := map[string]*flashback.Delivery{}
	for _, d := range ds {
		m[d.LocalDate.String()] = d
	}
	return m
}

func subAssertState(t *testing.T, st SubscriptionStores, id int64, d flashback.CivilDate, want flashback.DeliveryState) *flashback.Delivery {
	t.Helper()
	row := subLedger(t, st, id)[d.String()]
	if row == nil {
		t.Fatalf("no subLedger row for %d on %s", id, d)
	}
	if row.State != want {
		t.Errorf("subLedger %d on %s: state %q (%s), want %q", id, d, row.State, row.Reason, want)
	}
	return row
}

func testSubConcurrentClaims(t *testing.T, st SubscriptionStores) {
	for i := range 40 {
		subMustConfirmed(t, st, fmt.Sprintf("r%d@example.org", i), "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	}
	st.SetNow(subJan31)
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			opts := subClaimOp
			opts.Limit = 3
			for {
				res, err := st.Deliveries.ClaimDeliveries(context.Background(), opts)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, c := range res.Claims {
					seen[c.Subscriber.ID]++
				}
				mu.Unlock()
				if res.Examined == 0 {
					return
				}
			}
		})
	}
	wg.Wait()
	if len(seen) != 40 {
		t.Errorf("claimed %d subscribers, want 40", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("subscriber %d claimed %d times", id, n)
		}
	}
}
