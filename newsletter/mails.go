package newsletter

import (
	"fmt"
	"strings"
	"time"

	"flashback"
	"flashback/mail"
	"flashback/site"
)

// confirmView is what the confirmation and notice templates show.
type confirmView struct {
	Hour       string
	Zone       string
	TTL        string
	ConfirmURL string
	ManageURL  string
	SiteURL    string
}

func (s *Service) confirmMail(sub *flashback.Subscriber, token string) (*mail.Message, error) {
	v := confirmView{
		Hour:       fmt.Sprintf("%02d:00", sub.WakeHour),
		Zone:       sub.TimeZone,
		TTL:        humanDuration(s.cfg.ConfirmTTL),
		ConfirmURL: s.URL(site.Confirm(token)),
		SiteURL:    s.URL(site.Home()),
	}
	var h, t strings.Builder
	if err := s.tmpl.confirmHTML.Execute(&h, v); err != nil {
		return nil, fmt.Errorf("render confirmation: %w", err)
	}
	if err := s.tmpl.confirmText.Execute(&t, v); err != nil {
		return nil, fmt.Errorf("render confirmation: %w", err)
	}
	return &mail.Message{
		From:    s.cfg.From,
		To:      sub.Email,
		Subject: "Please confirm your Flashback subscription",
		HTML:    h.String(),
		Text:    t.String(),
		Date:    s.Clock(),
		Headers: map[string]string{"Auto-Submitted": "auto-generated"},
	}, nil
}

func (s *Service) noticeMail(sub *flashback.Subscriber) (*mail.Message, error) {
	v := confirmView{ManageURL: s.ManageURL(sub), SiteURL: s.URL(site.Home())}
	var t strings.Builder
	if err := s.tmpl.noticeText.Execute(&t, v); err != nil {
		return nil, fmt.Errorf("render notice: %w", err)
	}
	return &mail.Message{
		From:    s.cfg.From,
		To:      sub.Email,
		Subject: "You are already subscribed to Flashback",
		Text:    t.String(),
		Date:    s.Clock(),
		Headers: map[string]string{"Auto-Submitted": "auto-generated"},
	}, nil
}

// humanDuration writes whole hours or days: "48 hours", "3 days".
func humanDuration(d time.Duration) string {
	h := int(d.Hours())
	switch {
	case h%24 == 0 && h > 48:
		return fmt.Sprintf("%d days", h/24)
	case h == 1:
		return "1 hour"
	}
	return fmt.Sprintf("%d hours", h)
}
