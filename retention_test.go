package flashback

import (
	"strings"
	"testing"
	"time"
)

// TestDefaultRetention pins the periods the privacy page states.
func TestDefaultRetention(t *testing.T) {
	p := DefaultRetention()
	day := 24 * time.Hour
	want := RetentionPolicy{
		PendingSubscribers: 7 * day, ConfirmMails: day, UnsubscribedSubscribers: 30 * day,
		SuppressedSubscribers: 30 * day, Deliveries: 90 * day, ReportEmails: 90 * day,
		HandledMessages: 365 * day,
	}
	if p != want {
		t.Errorf("DefaultRetention() = %+v\nwant %+v", p, want)
	}
	if err := p.Validate(); err != nil {
		t.Errorf("the default policy does not validate: %v", err)
	}
}

func TestRetentionPolicy_Validate(t *testing.T) {
	cases := []struct {
		name   string
		change func(*RetentionPolicy)
		ok     bool
	}{
		{"Default", func(*RetentionPolicy) {}, true},
		{"ZeroPending", func(p *RetentionPolicy) { p.PendingSubscribers = 0 }, false},
		{"NegativeMessages", func(p *RetentionPolicy) { p.HandledMessages = -time.Hour }, false},
		{"ZeroSuppressed", func(p *RetentionPolicy) { p.SuppressedSubscribers = 0 }, false},
		{"LedgerTwoDays", func(p *RetentionPolicy) { p.Deliveries = 48 * time.Hour }, true},
		{"LedgerUnderTwoDays", func(p *RetentionPolicy) { p.Deliveries = 47 * time.Hour }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := DefaultRetention()
			c.change(&p)
			err := p.Validate()
			if c.ok && err != nil {
				t.Errorf("Validate = %v, want nil", err)
			}
			if !c.ok && ErrorCode(err) != EINVALID {
				t.Errorf("Validate = %v, want EINVALID", err)
			}
		})
	}
	if err := (RetentionPolicy{}).Validate(); ErrorCode(err) != EINVALID {
		t.Errorf("zero policy: Validate = %v, want EINVALID", err)
	}
}

func TestPurgeStats(t *testing.T) {
	a := PurgeStats{PendingSubscribers: 1, ConfirmMails: 2, UnsubscribedSubscribers: 3, SuppressedSubscribers: 4,
		Deliveries: 5, ReportEmails: 6, HandledMessages: 7, Sessions: 8}
	if a.Total() != 36 {
		t.Errorf("Total = %d, want 36", a.Total())
	}
	if got := a.Add(a); got.Total() != 72 || got.Sessions != 16 || got.PendingSubscribers != 2 {
		t.Errorf("Add = %+v", got)
	}
	s := a.String()
	for _, part := range []string{"pending subscribers 1", "confirmation records 2", "unsubscribed subscribers 3",
		"suppressed subscribers 4", "delivery records 5", "report e-mails 6", "handled messages 7", "expired sessions 8"} {
		if !strings.Contains(s, part) {
			t.Errorf("String() = %q lacks %q", s, part)
		}
	}
}
