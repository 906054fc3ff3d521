package mail

import (
	"errors"
	"fmt"
	"net/textproto"
)

// SendError is a failed delivery attempt.
//
// Temporary is true for 4xx replies, timeouts and connection errors, and
// also for 5xx replies that are about us rather than the recipient (to the
// greeting, EHLO, STARTTLS, AUTH or MAIL FROM): a wrong password must lead
// to retries while an operator fixes it, never to every subscriber being
// suppressed. Only a 5xx to RCPT TO or to the message data is permanent.
type SendError struct {
	Code      int    // SMTP reply code, 0 when the server gave none
	Enhanced  string // RFC 3463 status such as "5.1.1", "" when absent
	Temporary bool
	Err       error
}

func (e *SendError) Error() string {
	kind := "permanent"
	if e.Temporary {
		kind = "temporary"
	}
	return fmt.Sprintf("mail: send failed (%s): %v", kind, e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// IsPermanent reports a hard bounce: the recipient's server refused the
// recipient or the message with a 5xx reply. Suppress the address.
func IsPermanent(err error) bool {
	var se *SendError
	return errors.As(err, &se) && !se.Temporary
}

// IsTemporary reports a failure worth retrying with backoff.
func IsTemporary(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Temporary
}

// stage names the step of a delivery that failed.
type stage string

const (
	stageDial stage = "connect"
	stageMail stage = "MAIL FROM"
	stageRcpt stage = "RCPT TO"
	stageData stage = "DATA"
)

// recipientStage reports whether a 5xx at stage s is the recipient's.
func (s stage) recipientStage() bool { return s == stageRcpt || s == stageData }

// classify wraps err from stage s into a *SendError.
func classify(s stage, err error) *SendError {
	se := &SendError{Temporary: true, Err: fmt.Errorf("%s: %w", s, err)}
	var te *textproto.Error
	if !errors.As(err, &te) {
		return se // timeouts, resets, refused connections, cancellations
	}
	se.Code = te.Code
	se.Enhanced = enhancedCode(te.Msg)
	if te.Code >= 500 && te.Code < 600 && s.recipientStage() {
		se.Temporary = false
	}
	return se
}

// enhancedCode returns the leading "c.s.d" status of a reply text, if any.
func enhancedCode(msg string) string {
	end := 0
	for end < len(msg) && msg[end] != ' ' {
		end++
	}
	code := msg[:end]
	dots := 0
	for i, c := range code {
		switch {
		case c == '.':
			dots++
			if i == 0 || code[i-1] == '.' {
				return ""
			}
		case c < '0' || c > '9':
			return ""
		}
	}
	if dots != 2 || code[len(code)-1] == '.' || (code[0] != '2' && code[0] != '4' && code[0] != '5') {
		return ""
	}
	return code
}
