package flashback

import (
	"strconv"
	"time"
)

// Allow decides whether one more confirmation mail may go to an address
// that was sent sent mails within the window, the last at last (zero for
// none), at now: nil, or ETOOMANY saying how long to wait. Stores count the
// mails and record the new one; the policy is all here. A zero limit
// allows everything.
func (l ConfirmLimit) Allow(sent int, last, now time.Time) error {
	if l.Max <= 0 || l.Window <= 0 {
		return nil
	}
	if sent >= l.Max {
		return Errorf(ETOOMANY, "We have already sent %d e-mails to this address recently. Please look for them (check the spam folder too) or try again tomorrow.", sent)
	}
	if last.IsZero() || l.MinGap <= 0 {
		return nil
	}
	if wait := last.Add(l.MinGap).Sub(now); wait > 0 {
		mins := int(wait.Minutes()) + 1
		unit := " minutes"
		if mins == 1 {
			unit = " minute"
		}
		return Errorf(ETOOMANY, "We sent an e-mail to this address a moment ago. Please check your inbox (and spam folder); you can ask again in %s.", strconv.Itoa(mins)+unit)
	}
	return nil
}
