package auth

import (
	"context"
	"runtime"
	"sync"
	"time"

	"flashback"
)

// Throttle guards every password check. Each check costs argon2id's memory
// (19 MiB) and tens of milliseconds, so it is both what a guesser needs
// and what a flood can exhaust. Two things bound it:
//
//   - Failures are counted before the password is checked: an attempt
//     first takes a token from each of its buckets, all or none, and only
//     a success gives them back. Parallel attempts therefore cannot all
//     pass a "not blocked yet" test before any failure is recorded.
//   - At most MaxChecks checks run at once; an attempt that cannot start
//     within Wait is refused with a Retry-After, its tokens given back.
//
// The buckets, and the trade-off they make: a per-client bucket (the
// address, IPv6 by /64) and a per-(account, client) one slow a guesser at
// one address. Guessing spread over many addresses meets a per-account
// ceiling shared by all clients. A ceiling on the account alone would let
// any stranger lock its editor out by failing on purpose, so a browser
// that has signed in to the account before (it holds a signed device
// cookie) is counted apart, against a bucket of its own for that account
// and device, and the shared ceiling and the address's buckets do not
// apply to it. We chose this over never limiting the account: a stranger
// can then block sign-ins from new browsers for as long as they keep
// failing, but never from the editor's usual ones, and a distributed
// guesser gets a few dozen tries an hour instead of unlimited ones.
type Throttle struct {
	Store  flashback.LimitStore
	Secret []byte // keys the buckets, so that no address or account is stored

	Client  flashback.Rate // failures per client address
	Pair    flashback.Rate // failures per (account, client address)
	Account flashback.Rate // failures per account from unknown browsers
	Device  flashback.Rate // failures per (account, known browser)

	MaxChecks int           // password checks at once
	Wait      time.Duration // how long an attempt waits for a check slot

	once  sync.Once
	slots chan struct{}
}

// NewThrottle returns a Throttle with the default limits: 20 failures per
// address and 5 per account and address, then one a minute; 10 per
// account across unknown browsers, then one a minute; as many checks at
// once as there are CPUs (at least 2), each waiting up to 2 seconds.
func NewThrottle(store flashback.LimitStore, secret []byte) *Throttle {
	return &Throttle{
		Store: store, Secret: secret,
		Client:    flashback.Rate{Burst: 20, Every: time.Minute},
		Pair:      flashback.Rate{Burst: 5, Every: time.Minute},
		Account:   flashback.Rate{Burst: 10, Every: time.Minute},
		Device:    flashback.Rate{Burst: 5, Every: time.Minute},
		MaxChecks: max(2, runtime.NumCPU()),
		Wait:      2 * time.Second,
	}
}

// attempt is one reserved password check.
type attempt struct {
	t    *Throttle
	keys []flashback.LimitKey
}

// reserve takes the attempt's tokens: from its device bucket when the
// browser is known for the account, else from the client's, the pair's
// and the account's.
func (t *Throttle) reserve(ctx context.Context, client, account string, knownDevice string) (*attempt, error) {
	var keys []flashback.LimitKey
	if knownDevice != "" {
		keys = []flashback.LimitKey{t.key("login-device", t.Device, account+"\x00"+knownDevice)}
	} else {
		keys = []flashback.LimitKey{
			t.key("login-client", t.Client, client),
			t.key("login-pair", t.Pair, account+"\x00"+client),
			t.key("login-account", t.Account, account),
		}
	}
	err := flashback.Take(ctx, t.Store, "Too many failed sign-in attempts. Please wait a minute and try again.", keys...)
	if err != nil {
		return nil, err
	}
	return &attempt{t: t, keys: keys}, nil
}

func (t *Throttle) key(name string, r flashback.Rate, k string) flashback.LimitKey {
	l := flashback.Limiter{Secret: t.Secret, Name: name, Rate: r}
	return l.Key(k)
}

// slot waits for a free password check, and returns the function that
// frees it again.
func (t *Throttle) slot(ctx context.Context) (func(), error) {
	t.once.Do(func() { t.slots = make(chan struct{}, max(1, t.MaxChecks)) })
	ctx, cancel := context.WithTimeout(ctx, t.Wait)
	defer cancel()
	select {
	case t.slots <- struct{}{}:
		return func() { <-t.slots }, nil
	case <-ctx.Done():
		return nil, &flashback.Error{Code: flashback.ETOOMANY, RetryAfter: 5 * time.Second,
			Message: "The server is busy checking other sign-ins. Please try again in a few seconds."}
	}
}

// run runs check in a free slot. Only a wrong password (check returns
// EUNAUTHORIZED) keeps the attempt's tokens: a success, a check that never
// ran and a failure of our own give them back.
func (a *attempt) run(ctx context.Context, check func() error) error {
	release, err := a.t.slot(ctx)
	if err == nil {
		err = check()
		release()
	}
	if flashback.ErrorCode(err) == flashback.EUNAUTHORIZED {
		return err
	}
	if gerr := a.t.Store.GiveTokens(context.WithoutCancel(ctx), a.keys...); gerr != nil && err == nil {
		return gerr
	}
	return err
}

// Hash hashes a new password in a check slot, so that setting passwords
// is bounded like checking them.
func (t *Throttle) Hash(ctx context.Context, p Params, pw string) (string, error) {
	release, err := t.slot(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return p.HashPassword(pw)
}
