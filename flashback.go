// Package flashback holds the domain of the Flashback publication: historical
// dates, events, categories and the interfaces of the stores that keep them.
//
// It imports only the standard library. Technology lives in sub-packages
// (sqlite, corpus, http, …) that implement or use what is declared here, and
// only cmd/flashback wires them together.
package flashback

import "time"

// Clock returns the current instant. Components take a Clock rather than
// calling time.Now so that tests can pin the moment (midnight boundaries,
// leap years, DST changes).
type Clock func() time.Time

// SystemClock is the real clock.
func SystemClock() time.Time { return time.Now() }
