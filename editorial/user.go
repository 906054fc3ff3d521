package editorial

import (
	"context"

	"flashback"
	"flashback/auth"
)

// AddUser creates an editor or administrator with a password, for
// `flashback user add`.
func AddUser(ctx context.Context, users flashback.UserStore, email, name string, role flashback.Role, password string) (*flashback.User, error) {
	if err := auth.CheckPasswordPolicy(password); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	u := &flashback.User{Email: email, Name: name, Role: role, PasswordHash: hash}
	if err := users.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// SetPassword replaces a user's password (ending their sessions), for
// `flashback user passwd`.
func SetPassword(ctx context.Context, users flashback.UserStore, email, password string) error {
	if err := auth.CheckPasswordPolicy(password); err != nil {
		return err
	}
	u, err := users.FindUserByEmail(ctx, email)
	if err != nil {
		return err
	}
	if u.PasswordHash, err = auth.HashPassword(password); err != nil {
		return err
	}
	return users.UpdateUser(ctx, u)
}
