package flashback_test

import (
	"testing"

	"flashback"
)

func TestSendCheckReason(t *testing.T) {
	tests := []struct {
		name       string
		found      bool
		status     flashback.SubscriberStatus
		suppressed bool
		want       string
	}{
		{"confirmed", true, flashback.SubscriberConfirmed, false, ""},
		{"deleted", false, "", false, "deleted before sending"},
		{"deleted wins over the rest", false, flashback.SubscriberConfirmed, true, "deleted before sending"},
		{"suppressed", true, flashback.SubscriberConfirmed, true, "address suppressed before sending"},
		{"suppressed and unsubscribed", true, flashback.SubscriberUnsubscribed, true, "address suppressed before sending"},
		{"unsubscribed", true, flashback.SubscriberUnsubscribed, false, "unsubscribed before sending"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := flashback.SendCheckReason(tt.found, tt.status, tt.suppressed); got != tt.want {
				t.Errorf("SendCheckReason(%v, %q, %v) = %q, want %q", tt.found, tt.status, tt.suppressed, got, tt.want)
			}
		})
	}
}
