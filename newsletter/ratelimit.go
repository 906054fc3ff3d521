package newsletter

import (
	"time"

	"flashback"
)

// DefaultSignUpRate is the usual limit of sign-ups per client: 5, then one
// every 6 minutes (10 an hour). It complements the per-address limit on
// confirmation mails: that one protects each inbox, this one slows a
// single client trying many addresses.
func DefaultSignUpRate() flashback.Rate {
	return flashback.Rate{Burst: 5, Every: 6 * time.Minute}
}
