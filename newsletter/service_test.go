package newsletter_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/newsletter"
)

func signUp(email string) newsletter.SignUp {
	return newsletter.SignUp{Email: email, TimeZone: "Europe/Vienna", Hour: "07:00", IP: "198.51.100.7"}
}

// TestSubscribe_NoEnumeration: new, pending and confirmed addresses all get
// the same answer; only the mail differs, and it goes to the owner.
func TestSubscribe_NoEnumeration(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	e.confirmed(t, "old@example.org", "UTC", "7")
	if err := e.svc.Subscribe(ctx, signUp("pending@example.org")); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(time.Hour)
	cases := []struct {
		name, email, wantSubject string
	}{
		{"New", "new@example.org", "Please confirm your Flashback subscription"},
		{"Pending", "pending@example.org", "Please confirm your Flashback subscription"},
		{"Confirmed", "old@example.org", "You are already subscribed to Flashback"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(e.sink.Messages())
			su := signUp(c.email)
			su.IP = fmt.Sprintf("203.0.113.%d", i)
			if err := e.svc.Subscribe(ctx, su); err != nil {
				t.Fatalf("Subscribe: %v", err)
			}
			msgs, err := e.sink.WaitFor(before+1, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			m := msgs[len(msgs)-1]
			if m.Header.Get("Subject") != c.wantSubject || m.To[0] != c.email {
				t.Errorf("mail %q to %v", m.Header.Get("Subject"), m.To)
			}
		})
	}
	// The confirmed subscriber's notice carries their manage link, and
	// the stranger's preferences (UTC → Vienna) were not applied.
	sub, _ := e.subs.FindSubscriberByID(ctx, 1)
	if sub.TimeZone != "UTC" {
		t.Errorf("a sign-up changed a confirmed subscriber's zone to %s", sub.TimeZone)
	}
}

func TestSubscribe_Refusals(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	cases := []struct {
		name string
		f    newsletter.SignUp
		code string
	}{
		{"Honeypot", newsletter.SignUp{Email: "a@example.org", TimeZone: "UTC", Honeypot: "http://spam"}, flashback.EINVALID},
		{"BadEmail", newsletter.SignUp{Email: "not-an-address", TimeZone: "UTC"}, flashback.EINVALID},
		{"BadZone", newsletter.SignUp{Email: "a@example.org", TimeZone: "Nowhere/City"}, flashback.EINVALID},
		{"BadHour", newsletter.SignUp{Email: "a@example.org", TimeZone: "UTC", Hour: "25:00"}, flashback.EINVALID},
		{"HalfHour", newsletter.SignUp{Email: "a@example.org", TimeZone: "UTC", Hour: "07:30"}, flashback.EINVALID},
		{"UnknownCategory", newsletter.SignUp{Email: "a@example.org", TimeZone: "UTC", Categories: []string{"gossip"}}, flashback.EINVALID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := e.svc.Subscribe(ctx, c.f)
			if got := flashback.ErrorCode(err); got != c.code {
				t.Errorf("code %q (%v), want %q", got, err, c.code)
			}
			if msg := flashback.ErrorMessage(err); len(msg) < 20 {
				t.Errorf("message %q is not a clear explanation", msg)
			}
		})
	}
	if n := len(e.sink.Messages()); n != 0 {
		t.Errorf("refused sign-ups sent %d mails", n)
	}
}

func TestSubscribe_RateLimits(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	t.Run("PerAddress", func(t *testing.T) {
		su := signUp("victim@example.org")
		for i, want := range []string{"", flashback.ETOOMANY} {
			su.IP = fmt.Sprintf("198.51.100.%d", i+1)
			if got := flashback.ErrorCode(e.svc.Subscribe(ctx, su)); got != want {
				t.Errorf("attempt %d: %q, want %q", i+1, got, want)
			}
		}
		e.clock.Add(11 * time.Minute)
		su.IP = "198.51.100.9"
		if err := e.svc.Subscribe(ctx, su); err != nil {
			t.Errorf("after ten minutes: %v", err)
		}
	})
	t.Run("PerClient", func(t *testing.T) {
		svc := e.service(t, flashback.Rate{Burst: 3, Every: time.Hour})
		var codes []string
		for _, addr := range []string{"a", "b", "c", "d"} {
			su := signUp(addr + "@example.org")
			su.IP = "2001:db8::" + addr // one /64
			codes = append(codes, flashback.ErrorCode(svc.Subscribe(ctx, su)))
		}
		if strings.Join(codes, ",") != ",,,"+flashback.ETOOMANY {
			t.Errorf("codes = %q", codes)
		}
	})
	t.Run("RetriesOfOneAddressCostTheClientNothing", func(t *testing.T) {
		// One sign-up, then tries for the same address that its own limit
		// refuses, sending nothing: the network keeps its allowance for
		// other addresses.
		svc := e.service(t, flashback.Rate{Burst: 3, Every: time.Hour})
		try := func(addr string) string {
			su := signUp(addr + "@example.org")
			su.IP = "203.0.113.50"
			return flashback.ErrorCode(svc.Subscribe(ctx, su))
		}
		var codes []string
		for _, addr := range []string{"again", "again", "again", "again", "other1", "other2", "other3"} {
			codes = append(codes, try(addr))
		}
		want := strings.Join([]string{"", flashback.ETOOMANY, flashback.ETOOMANY, flashback.ETOOMANY, "", "", flashback.ETOOMANY}, ",")
		if got := strings.Join(codes, ","); got != want {
			t.Errorf("codes %q, want %q", got, want)
		}
	})
	t.Run("SurvivesRestart", func(t *testing.T) {
		// The per-address count is in the database: a new Service (as
		// after a restart, or on another instance) still refuses.
		su := signUp("victim2@example.org")
		if err := e.svc.Subscribe(ctx, su); err != nil {
			t.Fatal(err)
		}
		su.IP = "198.51.100.77"
		if got := flashback.ErrorCode(e.service(t, newsletter.DefaultSignUpRate()).Subscribe(ctx, su)); got != flashback.ETOOMANY {
			t.Errorf("after restart: %q, want too many", got)
		}
	})
}

func TestManageLinks(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	sub := e.confirmed(t, "m@example.org", "Europe/Vienna", "7")
	manage := e.svc.ManageToken(sub)
	if got, err := e.svc.Manage(ctx, manage); err != nil || got.ID != sub.ID {
		t.Fatalf("Manage = %v, %v", got, err)
	}
	// Links from another key (another installation) or with one
	// character changed, or of the wrong kind, are all refused alike.
	tampered := []byte(manage)
	tampered[5] ^= 1
	for name, tok := range map[string]string{
		"Tampered":        string(tampered),
		"UnsubscribeLink": e.svc.UnsubscribeToken(sub),
		"Garbage":         "hello",
		"Empty":           "",
	} {
		if _, err := e.svc.Manage(ctx, tok); flashback.ErrorCode(err) != flashback.ENOTFOUND {
			t.Errorf("%s: %v, want not found", name, err)
		}
	}
	up, err := e.svc.UpdatePreferences(ctx, manage, flashback.Preferences{TimeZone: "Asia/Tokyo", WakeHour: 6, Categories: []string{flashback.CategoryMusic}})
	if err != nil || up.TimeZone != "Asia/Tokyo" || up.WakeHour != 6 {
		t.Fatalf("UpdatePreferences = %+v, %v", up, err)
	}
	x, raw := e.exported(t, manage)
	if x.Email != "m@example.org" || x.TimeZone != "Asia/Tokyo" || x.Consent.Source != "test" ||
		x.Consent.ConfirmedAt == nil || len(x.Categories) != 1 {
		t.Errorf("export = %s", raw)
	}
	if err := e.svc.Delete(ctx, manage); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Manage(ctx, manage); flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("manage link after deletion: %v", err)
	}
	if ok, _ := e.subs.IsSuppressed(ctx, "m@example.org"); !ok {
		t.Error("no suppression hash after deletion")
	}
}

// The data download holds what is kept about a reader who stopped (why,
// when) and, after a sign-up since, tells the earlier confirmation from
// one still to come.
func TestExport_StoppedAndSignedUpAgain(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	sub := e.confirmed(t, "back@example.org", "Europe/Vienna", "7")
	manage := e.svc.ManageToken(sub)
	export := func() newsletter.Export {
		t.Helper()
		x, _ := e.exported(t, manage)
		return x
	}
	e.clock.Add(time.Hour)
	if _, err := e.svc.Unsubscribe(ctx, e.svc.UnsubscribeToken(sub), "link"); err != nil {
		t.Fatal(err)
	}
	x := export()
	if x.Status != string(flashback.SubscriberUnsubscribed) || x.StatusReason == "" || x.UnsubscribedAt == nil ||
		x.NextDigest != "" || x.Consent.ConfirmedAt == nil {
		t.Errorf("after unsubscribing: status %q, reason %q, unsubscribed at %v, next %q, confirmed %v",
			x.Status, x.StatusReason, x.UnsubscribedAt, x.NextDigest, x.Consent.ConfirmedAt)
	}
	e.clock.Add(time.Hour)
	before := len(e.sink.Messages())
	if err := e.svc.Subscribe(ctx, newsletter.SignUp{Email: "back@example.org", TimeZone: "Europe/Vienna",
		Hour: "7", IP: e.nextIP(), Source: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sink.WaitFor(before+1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	x = export()
	if x.Status != string(flashback.SubscriberPending) || x.Consent.ConfirmedAt != nil || x.Consent.EarlierConfirmedAt == nil ||
		!x.Consent.EarlierConfirmedAt.Before(x.Consent.RequestedAt) || x.NextDigest != "" {
		t.Errorf("signed up again: status %q, confirmed %v, earlier %v, requested %v, next %q",
			x.Status, x.Consent.ConfirmedAt, x.Consent.EarlierConfirmedAt, x.Consent.RequestedAt, x.NextDigest)
	}
}

// A deleted reader's old links never open a stranger's subscription, even
// where the store hands the deleted reader's ID to the next sign-up (SQLite
// does, for the last row).
func TestDeletedReadersLinksStayDead(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	alice := e.confirmed(t, "alice@example.org", "Europe/Vienna", "7")
	manage, unsub := e.svc.ManageToken(alice), e.svc.UnsubscribeToken(alice)
	if err := e.svc.Delete(ctx, manage); err != nil {
		t.Fatal(err)
	}
	bob := e.confirmed(t, "bob@example.org", "Asia/Tokyo", "6")
	if bob.ID != alice.ID {
		t.Logf("the store gave Bob ID %d, not Alice's %d: this run shows the links' own guard less sharply", bob.ID, alice.ID)
	}
	if got, err := e.svc.Manage(ctx, manage); flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("Alice's manage link after her deletion: %v, %v; want not found", got, err)
	}
	if _, err := e.svc.Unsubscribe(ctx, unsub, "link"); flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("Alice's unsubscribe link after her deletion: %v; want not found", err)
	}
	if got, _ := e.subs.FindSubscriberByID(ctx, bob.ID); got.Status != flashback.SubscriberConfirmed {
		t.Errorf("Bob is %q after Alice's old link was used, want confirmed", got.Status)
	}
}
