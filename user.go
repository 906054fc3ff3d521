package flashback

import (
	"context"
	"strings"
	"time"
)

// Role is what a user of the admin may do.
type Role string

const (
	// RoleEditor edits content, triages reports and reads the inbox.
	RoleEditor Role = "editor"
	// RoleAdmin may also manage users and settings.
	RoleAdmin Role = "admin"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleEditor || r == RoleAdmin }

// User is an editor or administrator. PasswordHash is an encoded hash (the
// auth package makes and checks it); the store never sees a password.
type User struct {
	ID           int64
	Email        string // login name, kept lower-case
	Name         string
	Role         Role
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// IsAdmin reports whether u may manage users.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleAdmin && !u.Disabled }

// Validate normalises the e-mail and checks the fields.
func (u *User) Validate() error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email)) // not cleaned: see Message.clean
	if err := cleanLines(textField{"The name", &u.Name}); err != nil {
		return err
	}
	if err := ValidateEmail(u.Email); err != nil {
		return err
	}
	if u.Name == "" {
		return Errorf(EINVALID, "A user needs a name.")
	}
	if err := maxChars("The name", u.Name, MaxMessageName); err != nil {
		return err
	}
	if !u.Role.Valid() {
		return Errorf(EINVALID, "Unknown role %q: use editor or admin.", u.Role)
	}
	if u.PasswordHash == "" {
		return Errorf(EINVALID, "A user needs a password.")
	}
	return nil
}

// Session is a signed-in browser. Only a hash of its token is stored, so a
// copy of the database does not let anyone sign in.
type Session struct {
	TokenHash string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// UserStore keeps admin users and their sessions.
type UserStore interface {
	// CreateUser validates u and stores it. ECONFLICT when the e-mail is
	// taken.
	CreateUser(ctx context.Context, u *User) error
	// UpdateUser replaces name, role, password hash and disabled flag.
	// Disabling a user or changing their password ends their sessions.
	UpdateUser(ctx context.Context, u *User) error
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUserByEmail matches case-insensitively; ENOTFOUND when unknown.
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// FindUsers lists all users by e-mail.
	FindUsers(ctx context.Context) ([]*User, error)

	// CreateSession stores s (CreatedAt is set by the store).
	CreateSession(ctx context.Context, s *Session) error
	// FindSession returns the unexpired session with that token hash and
	// its user; ENOTFOUND when there is none or the user is disabled.
	FindSession(ctx context.Context, tokenHash string) (*Session, *User, error)
	// DeleteSession ends one session; ending an unknown one is no error.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteExpiredSessions removes sessions past their expiry.
	DeleteExpiredSessions(ctx context.Context) (int, error)
}
