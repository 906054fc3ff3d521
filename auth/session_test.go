package auth_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"flashback"
	"flashback/auth"
	"flashback/sqlite"
)

var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func newAuth(t *testing.T, secure bool) (*auth.Auth, *flashback.User) {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "auth.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	users := sqlite.NewUserStore(db)
	h, err := cheap.HashPassword("right password")
	if err != nil {
		t.Fatal(err)
	}
	u := &flashback.User{Email: "ed@example.org", Name: "Ed", Role: flashback.RoleEditor, PasswordHash: h}
	if err := users.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	csrf := &auth.CSRF{Key: []byte("0123456789abcdef0123456789abcdef"), Secure: secure}
	throttle := auth.NewThrottle(sqlite.NewLimitStore(db), []byte("limits secret"))
	return auth.New(users, csrf, throttle, secure), u
}

// login tries to sign in from addr and returns the session cookie, if any.
func login(a *auth.Auth, addr, email, pw string, cookies ...*http.Cookie) (*http.Cookie, error) {
	c, _, err := loginDevice(a, addr, email, pw, cookies...)
	return c, err
}

// loginDevice also returns the device cookie the answer set, if any.
func loginDevice(a *auth.Auth, addr, email, pw string, cookies ...*http.Cookie) (session, device *http.Cookie, err error) {
	rec := httptest.NewRecorder()
	r := httptest.NewRequest("POST", "/admin/login", nil)
	r.RemoteAddr = net.JoinHostPort(addr, "40000")
	for _, c := range cookies {
		r.AddCookie(c)
	}
	_, err = a.Login(r.Context(), rec, r, email, pw)
	for _, c := range rec.Result().Cookies() {
		switch c.Name {
		case auth.SessionCookie:
			session = c
		case auth.DeviceCookie:
			device = c
		}
	}
	return session, device, err
}

func TestLoginAndLogout(t *testing.T) {
	a, u := newAuth(t, true)
	c, err := login(a, "192.0.2.1", " ED@example.org ", "right password")
	if err != nil || c == nil {
		t.Fatalf("login = %v, %v", c, err)
	}
	if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/admin" {
		t.Errorf("cookie = %+v, want HttpOnly, Secure, SameSite=Lax, Path=/admin", c)
	}
	r := httptest.NewRequest("GET", "/admin", nil)
	r.AddCookie(c)
	sess, got, err := a.Current(r)
	if err != nil || got.ID != u.ID {
		t.Fatalf("Current = %v, %v", got, err)
	}
	if sess.TokenHash == c.Value || sess.TokenHash != auth.HashToken(c.Value) {
		t.Error("the store keeps the raw token, or not its hash")
	}
	rec := httptest.NewRecorder()
	if err := a.Logout(rec, r); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Current(r); flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("after logout Current = %v, want not found", err)
	}
	if cs := rec.Result().Cookies(); len(cs) != 1 || cs[0].MaxAge >= 0 {
		t.Errorf("logout cookies = %+v, want the session cookie cleared", cs)
	}
}

func TestLoginFailures(t *testing.T) {
	cases := []struct {
		name, email, pw, code string
	}{
		{"WrongPassword", "ed@example.org", "wrong password", flashback.EUNAUTHORIZED},
		{"UnknownUser", "nobody@example.org", "right password", flashback.EUNAUTHORIZED},
		{"Empty", "", "", flashback.EUNAUTHORIZED},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, _ := newAuth(t, false)
			ck, err := login(a, "192.0.2.1", c.email, c.pw)
			if ck != nil || flashback.ErrorCode(err) != c.code {
				t.Errorf("login = %v, %v; want no cookie and %s", ck, err, c.code)
			}
		})
	}
}

func TestLoginThrottle(t *testing.T) {
	t.Run("PerAccountAndClient", func(t *testing.T) {
		a, _ := newAuth(t, false)
		for range 5 {
			login(a, "192.0.2.1", "ed@example.org", "guess")
		}
		_, err := login(a, "192.0.2.1", "ed@example.org", "right password")
		if flashback.ErrorCode(err) != flashback.ETOOMANY {
			t.Errorf("sixth attempt on the account from one client = %v, want too many", err)
		}
	})
	// Someone guessing at an editor's address from elsewhere cannot lock
	// the editor out.
	t.Run("NoLockoutFromElsewhere", func(t *testing.T) {
		a, _ := newAuth(t, false)
		for i := range 5 {
			login(a, "192.0.2."+string(rune('1'+i)), "ed@example.org", "guess")
		}
		if _, err := login(a, "198.51.100.7", "ed@example.org", "right password"); err != nil {
			t.Errorf("the editor, from their own address, is locked out: %v", err)
		}
	})
	t.Run("PerClient", func(t *testing.T) {
		a, _ := newAuth(t, false)
		for i := range 20 {
			login(a, "192.0.2.9", "user"+string(rune('a'+i))+"@example.org", "guess")
		}
		_, err := login(a, "192.0.2.9", "ed@example.org", "right password")
		if flashback.ErrorCode(err) != flashback.ETOOMANY {
			t.Errorf("21st attempt from one client = %v, want too many", err)
		}
		if _, err := login(a, "192.0.2.10", "ed@example.org", "right password"); err != nil {
			t.Errorf("another client is throttled too: %v", err)
		}
	})
}

func TestDisabledUserCannotLogIn(t *testing.T) {
	a, u := newAuth(t, false)
	u.Disabled = true
	if err := a.Users.UpdateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	if _, err := login(a, "192.0.2.1", "ed@example.org", "right password"); flashback.ErrorCode(err) != flashback.EUNAUTHORIZED {
		t.Errorf("disabled login = %v, want unauthorized", err)
	}
}

func httptestRequest(addr string) *http.Request {
	r := httptest.NewRequest("POST", "/admin/account/password", nil)
	r.RemoteAddr = net.JoinHostPort(addr, "40000")
	return r
}
