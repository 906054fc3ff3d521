package flashback

import (
	"context"
	"strings"
	"time"
)

// Limits on contact messages, in characters.
const (
	MaxMessageName    = 200
	MaxMessageSubject = 200
	MaxMessageBody    = 10000
)

// Message is what a reader sent through the contact form.
type Message struct {
	ID        int64
	Name      string
	Email     string
	Subject   string
	Body      string
	Handled   bool
	HandledBy int64 // user ID; 0 while unhandled
	CreatedAt time.Time
	HandledAt time.Time // zero while unhandled
}

// Validate cleans the fields and checks them. Name and subject are one
// line each (CleanLine), since they end up in mail headers: the editors'
// notification.
func (m *Message) Validate() error {
	if err := m.clean(); err != nil {
		return err
	}
	switch {
	case m.Name == "":
		return Errorf(EINVALID, "Please give your name.")
	case m.Email == "":
		return Errorf(EINVALID, "Please give an e-mail address so that we can answer.")
	case m.Subject == "":
		return Errorf(EINVALID, "Please give your message a subject.")
	case m.Body == "":
		return Errorf(EINVALID, "Please write a message.")
	}
	if err := maxChars("Your name", m.Name, MaxMessageName); err != nil {
		return err
	}
	if err := maxChars("The subject", m.Subject, MaxMessageSubject); err != nil {
		return err
	}
	if err := maxChars("The message", m.Body, MaxMessageBody); err != nil {
		return err
	}
	return ValidateEmail(m.Email)
}

func (m *Message) clean() error {
	// The address is only trimmed: ValidateEmail refuses what cleaning
	// would change, since a changed address is someone else's.
	m.Email = strings.TrimSpace(m.Email)
	if err := cleanLines(textField{"Your name", &m.Name}, textField{"The subject", &m.Subject}); err != nil {
		return err
	}
	return cleanTexts(textField{"The message", &m.Body})
}

// MessageFilter selects contact messages. Zero fields do not filter.
type MessageFilter struct {
	Handled *bool
	Offset  int
	Limit   int
}

// MessageStore keeps the contact inbox.
type MessageStore interface {
	// CreateMessage validates m, stores it and sets ID and CreatedAt. It
	// returns only once the message is durably committed.
	CreateMessage(ctx context.Context, m *Message) error
	// FindMessageByID returns ENOTFOUND when there is no such message.
	FindMessageByID(ctx context.Context, id int64) (*Message, error)
	// FindMessages returns matching messages, newest first, and the total.
	FindMessages(ctx context.Context, filter MessageFilter) ([]*Message, int, error)
	// MarkMessage sets or clears the handled flag.
	MarkMessage(ctx context.Context, id int64, handled bool, by int64) error
}
