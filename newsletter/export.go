package newsletter

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"flashback"
)

// Export is everything Flashback keeps about a subscriber, as the manage
// page's "export my data" hands it out.
type Export struct {
	Email  string `json:"email"`
	Status string `json:"status"`
	// StatusReason says why the digest stopped (unsubscribed, bounced,
	// suppressed by an editor), as recorded.
	StatusReason   string           `json:"status_reason,omitempty"`
	UnsubscribedAt *time.Time       `json:"unsubscribed_at,omitempty"`
	TimeZone       string           `json:"time_zone"`
	WakeHour       int              `json:"wake_hour"`
	Categories     []string         `json:"categories"` // empty: all
	Consent        exportConsent    `json:"consent"`
	NextDigest     string           `json:"next_digest,omitempty"`
	CreatedAt      time.Time        `json:"created_at"`
	UpdatedAt      time.Time        `json:"updated_at"`
	Deliveries     []exportDelivery `json:"deliveries"`
	ExportedAt     time.Time        `json:"exported_at"`
}

type exportConsent struct {
	Source      string     `json:"source"`
	RequestedAt time.Time  `json:"requested_at"`
	RequestIP   string     `json:"request_ip"`
	ConfirmedAt *time.Time `json:"confirmed_at,omitempty"`
	// EarlierConfirmedAt is the confirmation of an earlier subscription
	// of the address, when a sign-up since waits for its own.
	EarlierConfirmedAt *time.Time `json:"earlier_confirmed_at,omitempty"`
	ConfirmIP          string     `json:"confirm_ip,omitempty"`
}

type exportDelivery struct {
	Date      string `json:"local_date"`
	State     string `json:"state"`
	Attempts  int    `json:"attempts"`
	MessageID string `json:"message_id,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// ExportJSON returns the subscriber's data as indented JSON.
func (s *Service) ExportJSON(ctx context.Context, token string) ([]byte, error) {
	sub, err := s.Manage(ctx, token)
	if err != nil {
		return nil, err
	}
	ds, err := s.Deliveries.FindDeliveries(ctx, sub.ID)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(exportOf(sub, ds, s.Clock()), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return b, nil
}

func exportOf(sub *flashback.Subscriber, ds []*flashback.Delivery, now time.Time) *Export {
	x := &Export{
		Email:      sub.Email,
		Status:     string(sub.Status),
		TimeZone:   sub.TimeZone,
		WakeHour:   sub.WakeHour,
		Categories: append([]string{}, sub.Categories...),
		Consent: exportConsent{
			Source:      sub.Consent.Source,
			RequestedAt: sub.Consent.RequestedAt,
			RequestIP:   sub.Consent.RequestIP,
			ConfirmIP:   sub.Consent.ConfirmIP,
		},
		CreatedAt:  sub.CreatedAt,
		UpdatedAt:  sub.UpdatedAt,
		Deliveries: []exportDelivery{},
		ExportedAt: now.UTC(),
	}
	if at := sub.Consent.ConfirmedAt; sub.Consent.ConfirmedEarlier() {
		x.Consent.EarlierConfirmedAt = &at
	} else if !at.IsZero() {
		x.Consent.ConfirmedAt = &at
	}
	x.StatusReason = sub.StatusReason
	if at := sub.UnsubscribedAt; !at.IsZero() {
		x.UnsubscribedAt = &at
	}
	if next := sub.NextDigest(); !next.IsZero() {
		x.NextDigest = next.String()
	}
	for _, d := range ds {
		x.Deliveries = append(x.Deliveries, exportDelivery{Date: d.LocalDate.String(),
			State: string(d.State), Attempts: d.Attempts, MessageID: d.MessageID, Reason: d.Reason})
	}
	return x
}
