package newsletter

import (
	"context"
	"fmt"
	"html"

	"flashback"
	"flashback/mail"
)

// listHeaders are the fields every digest carries, whoever it goes to.
func (s *Service) listHeaders() map[string]string {
	return map[string]string{
		"List-Id":               "Flashback daily digest <digest." + s.host + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Precedence":            "bulk",
	}
}

// listUnsubscribe is the subscriber's List-Unsubscribe field (RFC 2369,
// RFC 8058): the one-click HTTPS link first.
func (s *Service) listUnsubscribe(unsub string) string {
	v := "<" + unsub + ">"
	if s.cfg.UnsubscribeMailto != "" {
		v += ", <mailto:" + s.cfg.UnsubscribeMailto + "?subject=unsubscribe>"
	}
	return v
}

// newTemplate prepares the digest's message once for all its readers; each
// copy fills in the links where the markers are.
func (s *Service) newTemplate(d *Digest) (*mail.Template, error) {
	t, err := mail.NewTemplate(&mail.Message{
		From:    s.cfg.From,
		Subject: d.Subject,
		Text:    d.text.fill([2]string{manageMarker, unsubMarker}),
		HTML:    d.html.fill([2]string{manageMarker, unsubMarker}),
		Headers: s.listHeaders(),
	}, manageMarker, unsubMarker)
	if err != nil {
		return nil, fmt.Errorf("digest template: %w", err)
	}
	return t, nil
}

// personalCopy is what Personalize is for the template path: the
// subscriber's address, identity and links.
func (s *Service) personalCopy(d *Digest, sub *flashback.Subscriber) *mail.Copy {
	manage, unsub := s.ManageURL(sub), s.UnsubscribeURL(sub)
	return &mail.Copy{
		To:        sub.Email,
		MessageID: s.MessageID(sub.ID, d.Date),
		Date:      s.Clock(),
		Headers:   []mail.Field{{Name: "List-Unsubscribe", Value: s.listUnsubscribe(unsub)}},
		Text:      []string{manage, unsub},
		HTML:      []string{html.EscapeString(manage), html.EscapeString(unsub)},
	}
}

// sendDigest sends d to sub, as a copy of its template when the Sender
// can, and returns the Message-ID it went out with. r is settled by the
// caller once the outcome is recorded; see mail.Receipt.
func (s *Service) sendDigest(ctx context.Context, d *Digest, sub *flashback.Subscriber, r *mail.Receipt) (string, error) {
	if ts, ok := s.Mail.(mail.TemplateSender); ok && d.tmpl != nil {
		c := s.personalCopy(d, sub)
		c.Receipt = r
		return c.MessageID, ts.SendCopy(ctx, d.tmpl, c)
	}
	m := s.Personalize(d, sub)
	m.Receipt = r
	return m.MessageID, s.Mail.Send(ctx, m)
}
