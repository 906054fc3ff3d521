package newsletter

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"flashback"
	"flashback/mail"
)

// SignUp is a sign-up form as submitted.
type SignUp struct {
	Email      string
	TimeZone   string
	Hour       string // "7", "07" or "07:00"; empty means DefaultWakeHour
	Categories []string
	// Honeypot is a field hidden from people; only programs fill it in.
	Honeypot string
	IP       string // client address, for the rate limit and the consent record
	Source   string // where the form was, e.g. "web form /subscribe"
}

// ParseHour reads a wake-up hour as the forms send it.
func ParseHour(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return flashback.DefaultWakeHour, nil
	}
	h, rest, _ := strings.Cut(s, ":")
	n, err := strconv.Atoi(h)
	if err != nil || (rest != "" && rest != "00") || n < 0 || n > 23 {
		// Not echoed: it could be any text of any length.
		return 0, flashback.Errorf(flashback.EINVALID, "That is not a wake-up hour; choose one from 00:00 to 23:00.")
	}
	return n, nil
}

// Subscribe handles a sign-up. When it returns nil the subscriber row is
// committed and the right mail is on its way; the caller shows the same
// page whatever the address's state was, so that nobody can find out who
// subscribes. Refusals are *flashback.Error with a clear message.
func (s *Service) Subscribe(ctx context.Context, f SignUp) error {
	if strings.TrimSpace(f.Honeypot) != "" {
		return flashback.Errorf(flashback.EINVALID, "A field that people never see was filled in, so we took this for a program. If you are a person, please reload the page and try again.")
	}
	req, err := s.signUpRequest(ctx, f)
	if err != nil {
		return err
	}
	if s.SignUps == nil {
		return errors.New("newsletter: this service has no sign-up limiter, so it takes no sign-ups")
	}
	client := flashback.ClientKey(f.IP)
	if err := s.SignUps.Allow(ctx, client,
		"There have been too many sign-ups from your network in a short time. Please try again in a few minutes."); err != nil {
		return err
	}
	token, hash := newConfirmToken()
	req.ConfirmTokenHash = hash
	res, err := s.Subscribers.Subscribe(ctx, req)
	if flashback.ErrorCode(err) == flashback.ETOOMANY {
		// The address's own limit refused it and nothing was sent: a
		// reader trying again for one address must not use up their
		// network's allowance for others.
		if gerr := s.SignUps.Give(ctx, client); gerr != nil {
			s.Logger.Warn("newsletter: return a sign-up token", "err", gerr)
		}
	}
	if err != nil {
		return err
	}
	var m *mail.Message
	switch res.Action {
	case flashback.SendConfirmation:
		m, err = s.confirmMail(res.Subscriber, token)
	case flashback.SendNotice:
		m, err = s.noticeMail(res.Subscriber)
	default:
		s.Logger.Info("newsletter: sign-up for a suppressed address ignored")
		return nil
	}
	if err != nil {
		return err
	}
	return s.sendNow(ctx, m)
}

func (s *Service) signUpRequest(ctx context.Context, f SignUp) (*flashback.SubscribeRequest, error) {
	email, err := flashback.NormalizeEmail(f.Email)
	if err != nil {
		return nil, err
	}
	hour, err := ParseHour(f.Hour)
	if err != nil {
		return nil, err
	}
	p := flashback.Preferences{TimeZone: strings.TrimSpace(f.TimeZone), WakeHour: hour, Categories: f.Categories}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := s.ValidCategories(ctx, p.Categories); err != nil {
		return nil, err
	}
	source := f.Source
	if source == "" {
		source = "web form"
	}
	return &flashback.SubscribeRequest{
		Email:       email,
		Preferences: p,
		Consent:     flashback.Consent{Source: source, RequestIP: f.IP},
		ConfirmTTL:  s.cfg.ConfirmTTL,
		Limit:       s.cfg.ConfirmLimit,
	}, nil
}

// Confirm completes a double opt-in.
func (s *Service) Confirm(ctx context.Context, token, ip string) (*flashback.Subscriber, error) {
	if token == "" || len(token) > 100 {
		return nil, badLink()
	}
	return s.Subscribers.ConfirmSubscriber(ctx, hashToken(token), ip)
}

// Manage returns the subscriber a manage link belongs to.
func (s *Service) Manage(ctx context.Context, token string) (*flashback.Subscriber, error) {
	return s.subscriberFor(ctx, purposeManage, token)
}

// UpdatePreferences applies the manage page's form.
func (s *Service) UpdatePreferences(ctx context.Context, token string, p flashback.Preferences) (*flashback.Subscriber, error) {
	sub, err := s.Manage(ctx, token)
	if err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := s.ValidCategories(ctx, p.Categories); err != nil {
		return nil, err
	}
	return s.Subscribers.UpdatePreferences(ctx, sub.ID, p)
}

// Delete removes everything about the subscriber except the suppression
// hash of the address.
func (s *Service) Delete(ctx context.Context, token string) error {
	sub, err := s.Manage(ctx, token)
	if err != nil {
		return err
	}
	return s.Subscribers.DeleteSubscriber(ctx, sub.ID)
}

// UnsubscribeManaged ends the subscription from the manage page.
func (s *Service) UnsubscribeManaged(ctx context.Context, token string) error {
	sub, err := s.Manage(ctx, token)
	if err != nil {
		return err
	}
	return s.Subscribers.Unsubscribe(ctx, sub.ID, "manage page")
}

// Unsubscriber returns whom a one-click link would unsubscribe, for the
// confirmation page a GET shows.
func (s *Service) Unsubscriber(ctx context.Context, token string) (*flashback.Subscriber, error) {
	return s.subscriberFor(ctx, purposeUnsubscribe, token)
}

// Unsubscribe ends the subscription of a one-click link; how is recorded
// ("one-click" for RFC 8058 POSTs, "unsubscribe page" for the form).
func (s *Service) Unsubscribe(ctx context.Context, token, how string) (*flashback.Subscriber, error) {
	sub, err := s.Unsubscriber(ctx, token)
	if err != nil {
		return nil, err
	}
	return sub, s.Subscribers.Unsubscribe(ctx, sub.ID, how)
}
