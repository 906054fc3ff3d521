package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"flashback"
)

// SessionCookie is the name of the admin session cookie. It is sent only
// to /admin paths.
const SessionCookie = "fb_session"

// Auth signs editors in and out and finds who is signed in.
type Auth struct {
	Users flashback.UserStore
	CSRF  *CSRF
	// Secure sets the Secure flag on cookies; true when the site is served
	// over HTTPS.
	Secure bool
	// TTL is how long a session lasts (default 12 hours).
	TTL time.Duration
	Now flashback.Clock
	// Throttle limits failed password checks and how many run at once.
	Throttle *Throttle
	// Params are the cost of new password hashes (DefaultParams).
	Params Params

	evaluated atomic.Int64
}

// New returns an Auth whose throttle keeps its counts in limits.
func New(users flashback.UserStore, csrf *CSRF, throttle *Throttle, secure bool) *Auth {
	return &Auth{
		Users: users, CSRF: csrf, Secure: secure, TTL: 12 * time.Hour, Now: flashback.SystemClock,
		Throttle: throttle, Params: DefaultParams,
	}
}

// Evaluated is how many passwords have been checked against a hash since
// start: what the throttle bounds.
func (a *Auth) Evaluated() int64 { return a.evaluated.Load() }

// errBadLogin is deliberately the same for an unknown user, a wrong
// password and a disabled account, so the form does not reveal accounts.
func errBadLogin() error {
	return flashback.Errorf(flashback.EUNAUTHORIZED, "That e-mail address and password do not match an account.")
}

// dummyHash is checked when the account does not exist, so that the
// answer takes as long as for a real account.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$+RbiWHfLQbpyqXDbA3VTqQ$4oxb3JuOGvZRhhqv3GLFe6JKgl2PG2SH+4G9Z9fa5uk"

// Login checks the credentials and, if they match, starts a session and
// sets its cookie. ETOOMANY when the throttle refuses the attempt (with
// the wait); EUNAUTHORIZED for any mismatch.
func (a *Auth) Login(ctx context.Context, w http.ResponseWriter, r *http.Request, email, password string) (*flashback.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var u *flashback.User
	err := a.guarded(ctx, r, email, func() error {
		var err error
		u, err = a.check(ctx, email, password)
		return err
	})
	if err != nil {
		return nil, err
	}
	a.Throttle.rememberDevice(w, r, email, a.Secure)
	token := randomToken()
	sess := &flashback.Session{TokenHash: HashToken(token), UserID: u.ID, ExpiresAt: a.Now().Add(a.ttl())}
	if err := a.Users.CreateSession(ctx, sess); err != nil {
		return nil, err
	}
	a.setCookie(w, token, sess.ExpiresAt)
	return u, nil
}

// VerifyPassword checks a signed-in user's password again (before they
// change it), under the same throttle as signing in: EUNAUTHORIZED when
// it is wrong.
func (a *Auth) VerifyPassword(ctx context.Context, r *http.Request, u *flashback.User, password string) error {
	account := strings.ToLower(u.Email)
	return a.guarded(ctx, r, account, func() error {
		ok, err := a.compare(u.PasswordHash, password)
		if err != nil {
			return err
		}
		if !ok {
			return flashback.Errorf(flashback.EUNAUTHORIZED, "The current password is not right.")
		}
		return nil
	})
}

// HashPassword hashes a new password, bounded like the checks: hashing
// costs as much memory as checking.
func (a *Auth) HashPassword(ctx context.Context, pw string) (string, error) {
	return a.Throttle.Hash(ctx, a.Params, pw)
}

// guarded reserves the attempt with the throttle, then runs check in a
// check slot; the attempt counts as a failure unless check succeeds.
func (a *Auth) guarded(ctx context.Context, r *http.Request, account string, check func() error) error {
	at, err := a.Throttle.reserve(ctx, ClientKey(r), account, a.Throttle.knownDevice(r, account))
	if err != nil {
		return err
	}
	return at.run(ctx, check)
}

// check returns the enabled user whose password is password.
func (a *Auth) check(ctx context.Context, email, password string) (*flashback.User, error) {
	u, err := a.Users.FindUserByEmail(ctx, email)
	if flashback.ErrorCode(err) == flashback.ENOTFOUND {
		_, _ = a.compare(dummyHash, password)
		return nil, errBadLogin()
	} else if err != nil {
		return nil, err
	}
	ok, err := a.compare(u.PasswordHash, password)
	if err != nil {
		return nil, err
	}
	if !ok || u.Disabled {
		return nil, errBadLogin()
	}
	return u, nil
}

// compare is the one place a password meets a hash, so that Evaluated
// counts every check.
func (a *Auth) compare(hash, password string) (bool, error) {
	a.evaluated.Add(1)
	return CheckPassword(hash, password)
}

func (a *Auth) ttl() time.Duration {
	if a.TTL <= 0 {
		return 12 * time.Hour
	}
	return a.TTL
}

func (a *Auth) setCookie(w http.ResponseWriter, token string, expires time.Time) {
	c := &http.Cookie{
		Name: SessionCookie, Value: token, Path: "/admin", HttpOnly: true,
		Secure: a.Secure, SameSite: http.SameSiteLaxMode,
	}
	if expires.IsZero() {
		c.MaxAge = -1
	} else {
		c.Expires = expires.UTC()
	}
	http.SetCookie(w, c)
}

// Current returns the session and user the request's cookie belongs to,
// or ENOTFOUND when there is none.
func (a *Auth) Current(r *http.Request) (*flashback.Session, *flashback.User, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil, flashback.Errorf(flashback.ENOTFOUND, "Not signed in.")
	}
	return a.Users.FindSession(r.Context(), HashToken(c.Value))
}

// Logout ends the request's session, if any, and clears the cookie.
func (a *Auth) Logout(w http.ResponseWriter, r *http.Request) error {
	a.setCookie(w, "", time.Time{})
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	return a.Users.DeleteSession(r.Context(), HashToken(c.Value))
}

// SessionToken returns the CSRF token for a signed-in session.
func (a *Auth) SessionToken(s *flashback.Session) string {
	return a.CSRF.Token("session:" + s.TokenHash)
}

// CheckSession returns EFORBIDDEN unless the request's form carries the
// CSRF token of session s.
func (a *Auth) CheckSession(r *http.Request, s *flashback.Session) error {
	if !a.CSRF.Valid("session:"+s.TokenHash, r.PostFormValue(CSRFField)) {
		return errExpiredForm()
	}
	return nil
}

// randomToken returns 256 random bits, URL-safe.
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is what the store keeps of a session token: its SHA-256. The
// token has 256 random bits, so no salt or slow hash is needed.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
