package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"flashback"
)

// ListStores are the subscription stores with the editors' read-only
// views of subscribers and of the delivery ledger, all on one database.
type ListStores struct {
	SubscriptionStores
	SubscriberList flashback.SubscriberLister
	DeliveryList   flashback.DeliveryLister
}

// NewListStores returns empty stores that live as long as t.
type NewListStores func(t *testing.T) ListStores

// testListStores runs every case of the editors' subscriber and ledger
// lists against fresh stores from newStores.
func testListStores(t *testing.T, newStores NewListStores) {
	cases := []struct {
		name string
		run  func(*testing.T, ListStores)
	}{
		{"SubscriberCounts", testListSubscriberCounts},
		{"SubscriberFilters", testListSubscriberFilters},
		{"SubscriberUnknownStatus", testListSubscriberUnknownStatus},
		{"DeliveryFilters", testListDeliveryFilters},
		{"DeliveryCounts", testListDeliveryCounts},
		{"DeliveryUnknownState", testListDeliveryUnknownState},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, newStores(t)) })
	}
}

// listSeedSubscribers makes, in this order: one pending, three confirmed,
// one unsubscribed and one suppressed subscriber.
func listSeedSubscribers(t *testing.T, st ListStores) {
	t.Helper()
	ctx := context.Background()
	st.SetNow(subJan31.Add(-12 * time.Hour))
	subMustSubscribe(t, st.SubscriptionStores, subRequest("pending@example.org", "Europe/Vienna", 7, "token-p"))
	for _, email := range []string{"ann.smith@example.net", "bob@example.org", "x_y@example.org"} {
		subMustConfirmed(t, st.SubscriptionStores, email, "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	}
	u := subMustConfirmed(t, st.SubscriptionStores, "gone@example.org", "UTC", 6, subJan31.Add(-12*time.Hour))
	if err := st.Subscribers.Unsubscribe(ctx, u.ID, "one-click"); err != nil {
		t.Fatal(err)
	}
	s := subMustConfirmed(t, st.SubscriptionStores, "complained@example.org", "UTC", 6, subJan31.Add(-12*time.Hour))
	if err := st.Subscribers.SuppressSubscriber(ctx, s.ID, "complaint"); err != nil {
		t.Fatal(err)
	}
}

func listEmails(subs []*flashback.Subscriber) []string {
	out := []string{}
	for _, s := range subs {
		out = append(out, s.Email)
	}
	return out
}

func testListSubscriberCounts(t *testing.T, st ListStores) {
	got, err := st.SubscriberList.CountSubscribers(context.Background())
	if err != nil || len(got) != 0 {
		t.Fatalf("counts of an empty store = %v, %v", got, err)
	}
	listSeedSubscribers(t, st)
	got, err = st.SubscriberList.CountSubscribers(context.Background())
	want := map[flashback.SubscriberStatus]int{flashback.SubscriberPending: 1, flashback.SubscriberConfirmed: 3,
		flashback.SubscriberUnsubscribed: 1, flashback.SubscriberSuppressed: 1}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("counts = %v, %v; want %v", got, err, want)
	}
}

func testListSubscriberFilters(t *testing.T, st ListStores) {
	listSeedSubscribers(t, st)
	cases := []struct {
		name      string
		filter    flashback.SubscriberFilter
		want      []string
		wantTotal int
	}{
		{"AllNewestFirst", flashback.SubscriberFilter{}, []string{"complained@example.org", "gone@example.org",
			"x_y@example.org", "bob@example.org", "ann.smith@example.net", "pending@example.org"}, 6},
		{"Status", flashback.SubscriberFilter{Status: flashback.SubscriberConfirmed},
			[]string{"x_y@example.org", "bob@example.org", "ann.smith@example.net"}, 3},
		{"SearchIgnoresCase", flashback.SubscriberFilter{Search: " EXAMPLE.NET "}, []string{"ann.smith@example.net"}, 1},
		{"UnderscoreIsPlain", flashback.SubscriberFilter{Search: "_"}, []string{"x_y@example.org"}, 1},
		{"PercentIsPlain", flashback.SubscriberFilter{Search: "%"}, []string{}, 0},
		{"StatusAndSearch", flashback.SubscriberFilter{Status: flashback.SubscriberConfirmed, Search: "example.org"},
			[]string{"x_y@example.org", "bob@example.org"}, 2},
		{"Page", flashback.SubscriberFilter{Offset: 2, Limit: 2}, []string{"x_y@example.org", "bob@example.org"}, 6},
		{"PastTheEnd", flashback.SubscriberFilter{Offset: 10, Limit: 2}, []string{}, 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			subs, total, err := st.SubscriberList.ListSubscribers(context.Background(), c.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := listEmails(subs); !reflect.DeepEqual(got, c.want) || total != c.wantTotal {
				t.Errorf("got %q (total %d), want %q (total %d)", got, total, c.want, c.wantTotal)
			}
		})
	}
	t.Run("RowsAreComplete", func(t *testing.T) {
		subs, _, err := st.SubscriberList.ListSubscribers(context.Background(), flashback.SubscriberFilter{Search: "ann.smith"})
		if err != nil || len(subs) != 1 {
			t.Fatalf("ListSubscribers = %v, %v", subs, err)
		}
		want := subMustFindSubscriber(t, st.SubscriptionStores, subs[0].ID)
		if !reflect.DeepEqual(subs[0], want) {
			t.Errorf("listed %+v\nfound  %+v", subs[0], want)
		}
		if subs[0].NextDate.IsZero() || subs[0].Consent.ConfirmedAt.IsZero() {
			t.Errorf("a confirmed subscriber lacks its next date or confirmation: %+v", subs[0])
		}
	})
}

func testListSubscriberUnknownStatus(t *testing.T, st ListStores) {
	_, _, err := st.SubscriberList.ListSubscribers(context.Background(), flashback.SubscriberFilter{Status: "banned"})
	assertCode(t, err, flashback.EINVALID)
}

// listSeedLedger gives a, b and c a digest on 31 January (sent, retry and
// failed) and a one on 1 February (sent). It returns their IDs.
func listSeedLedger(t *testing.T, st ListStores) (a, b, c int64) {
	t.Helper()
	ss := st.SubscriptionStores
	for _, email := range []string{"a@example.org", "b@example.org", "c@example.org"} {
		subMustConfirmed(t, ss, email, "Europe/Vienna", 7, subJan31.Add(-12*time.Hour))
	}
	claims := subDrain(t, ss, subJan31)
	if len(claims) != 3 {
		t.Fatalf("claims on 31 January = %v", claims)
	}
	subs, _, err := st.SubscriberList.ListSubscribers(context.Background(), flashback.SubscriberFilter{})
	if err != nil || len(subs) != 3 {
		t.Fatalf("ListSubscribers = %v, %v", subs, err)
	}
	c, b, a = subs[0].ID, subs[1].ID, subs[2].ID
	jan31 := subDate(2026, 1, 31)
	subComplete(t, ss, subJan31.Add(time.Second), subSent(a, jan31, 1),
		flashback.Outcome{SubscriberID: b, LocalDate: jan31, Attempt: 1, State: flashback.DeliveryRetry,
			Reason: "451 <try> later", RetryAt: subJan31.Add(48 * time.Hour)},
		flashback.Outcome{SubscriberID: c, LocalDate: jan31, Attempt: 1, State: flashback.DeliveryFailed,
			Reason: "550 no such user"})
	// b's retry of the 31st, not due yet, does not hold back b's digest of
	// the 1st, which stays claimed (sending).
	day2 := subJan31.Add(24 * time.Hour)
	subAssertClaims(t, subDrain(t, ss, day2), subClaimID(a, subDate(2026, 2, 1), 1), subClaimID(b, subDate(2026, 2, 1), 1))
	subComplete(t, ss, day2.Add(time.Second), subSent(a, subDate(2026, 2, 1), 1))
	return a, b, c
}

// listRows is "id@date:state" per entry, for readable failures.
func listRows(es []*flashback.DeliveryEntry) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, fmt.Sprintf("%d@%s:%s", e.SubscriberID, e.LocalDate, e.State))
	}
	return out
}

func testListDeliveryFilters(t *testing.T, st ListStores) {
	a, b, c := listSeedLedger(t, st)
	jan31, feb1 := subDate(2026, 1, 31), subDate(2026, 2, 1)
	row := func(id int64, d flashback.CivilDate, s flashback.DeliveryState) string {
		return fmt.Sprintf("%d@%s:%s", id, d, s)
	}
	sent, retry, failed, sending := flashback.DeliverySent, flashback.DeliveryRetry, flashback.DeliveryFailed, flashback.DeliverySending
	cases := []struct {
		name      string
		filter    flashback.DeliveryFilter
		want      []string
		wantTotal int
	}{
		{"AllNewestFirst", flashback.DeliveryFilter{},
			[]string{row(a, feb1, sent), row(b, feb1, sending), row(c, jan31, failed), row(b, jan31, retry), row(a, jan31, sent)}, 5},
		{"Date", flashback.DeliveryFilter{LocalDate: jan31},
			[]string{row(c, jan31, failed), row(b, jan31, retry), row(a, jan31, sent)}, 3},
		{"State", flashback.DeliveryFilter{State: sent}, []string{row(a, feb1, sent), row(a, jan31, sent)}, 2},
		{"DateAndState", flashback.DeliveryFilter{LocalDate: jan31, State: retry}, []string{row(b, jan31, retry)}, 1},
		// Through the stores' index of the rows that did not go out.
		{"FailedOverEveryDate", flashback.DeliveryFilter{State: failed}, []string{row(c, jan31, failed)}, 1},
		{"SkippedNone", flashback.DeliveryFilter{State: flashback.DeliverySkipped}, []string{}, 0},
		{"RetryPastTheEnd", flashback.DeliveryFilter{State: retry, Offset: 1, Limit: 2}, []string{}, 1},
		{"Subscriber", flashback.DeliveryFilter{SubscriberID: a}, []string{row(a, feb1, sent), row(a, jan31, sent)}, 2},
		{"NoneThatDay", flashback.DeliveryFilter{LocalDate: subDate(2026, 2, 2)}, []string{}, 0},
		{"Page", flashback.DeliveryFilter{Offset: 2, Limit: 2}, []string{row(c, jan31, failed), row(b, jan31, retry)}, 5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			es, total, err := st.DeliveryList.ListDeliveries(context.Background(), tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := listRows(es); !reflect.DeepEqual(got, tc.want) || total != tc.wantTotal {
				t.Errorf("got %v (total %d), want %v (total %d)", got, total, tc.want, tc.wantTotal)
			}
		})
	}
	t.Run("RowsAreComplete", func(t *testing.T) {
		es, _, err := st.DeliveryList.ListDeliveries(context.Background(), flashback.DeliveryFilter{SubscriberID: b, LocalDate: jan31})
		if err != nil || len(es) != 1 {
			t.Fatalf("ListDeliveries = %v, %v", es, err)
		}
		e := es[0]
		if e.Email != "b@example.org" || e.Attempts != 1 || e.Reason != "451 <try> later" ||
			!e.NextAttemptAt.Equal(subJan31.Add(48*time.Hour)) || !e.UpdatedAt.Equal(subJan31.Add(time.Second)) {
			t.Errorf("entry = %+v", e)
		}
		sentRow, _, _ := st.DeliveryList.ListDeliveries(context.Background(), flashback.DeliveryFilter{SubscriberID: a, LocalDate: feb1})
		if len(sentRow) != 1 || sentRow[0].MessageID != subSent(a, feb1, 1).MessageID || sentRow[0].Email != "a@example.org" {
			t.Errorf("sent entry = %+v", sentRow)
		}
	})
}

func testListDeliveryCounts(t *testing.T, st ListStores) {
	listSeedLedger(t, st)
	cases := []struct {
		name string
		date flashback.CivilDate
		want map[flashback.DeliveryState]int
	}{
		{"ThreeStates", subDate(2026, 1, 31), map[flashback.DeliveryState]int{
			flashback.DeliverySent: 1, flashback.DeliveryRetry: 1, flashback.DeliveryFailed: 1}},
		{"SentAndSending", subDate(2026, 2, 1), map[flashback.DeliveryState]int{
			flashback.DeliverySent: 1, flashback.DeliverySending: 1}},
		{"Nothing", subDate(2026, 2, 2), map[flashback.DeliveryState]int{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := st.DeliveryList.CountDeliveries(context.Background(), c.date)
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("CountDeliveries(%s) = %v, %v; want %v", c.date, got, err, c.want)
			}
		})
	}
}

func testListDeliveryUnknownState(t *testing.T, st ListStores) {
	_, _, err := st.DeliveryList.ListDeliveries(context.Background(), flashback.DeliveryFilter{State: "lost"})
	assertCode(t, err, flashback.EINVALID)
}
