package admin

import (
	"net/http"
	"strings"

	"flashback"
	"flashback/auth"
)

type userListView struct {
	Users []*flashback.User
	// New is the create form as typed, kept when it fails.
	New struct{ Email, Name, Role string }
}

func (h *Handler) userList(w http.ResponseWriter, r *http.Request, rq *request) {
	v := &userListView{}
	v.New.Role = string(flashback.RoleEditor)
	h.renderUsers(w, r, rq, v, nil)
}

func (h *Handler) renderUsers(w http.ResponseWriter, r *http.Request, rq *request, v *userListView, err error) {
	users, lerr := h.Users.FindUsers(r.Context())
	if lerr != nil {
		h.Errors.Error(w, r, lerr)
		return
	}
	v.Users = users
	if err != nil {
		h.formError(w, r, rq, "admin-users", "Users", "users", v, err)
		return
	}
	h.page(w, r, rq, "admin-users", "Users", "users", v)
}

func (h *Handler) userCreate(w http.ResponseWriter, r *http.Request, rq *request) {
	v := &userListView{}
	v.New.Email, v.New.Name, v.New.Role = r.PostFormValue("email"), r.PostFormValue("name"), r.PostFormValue("role")
	u := &flashback.User{Email: v.New.Email, Name: v.New.Name, Role: flashback.Role(v.New.Role)}
	hash, err := h.hashNew(r, r.PostFormValue("password"))
	if err != nil {
		h.renderUsers(w, r, rq, v, err)
		return
	}
	u.PasswordHash = hash
	if err := h.Users.CreateUser(r.Context(), u); err != nil {
		h.renderUsers(w, r, rq, v, err)
		return
	}
	h.Logger.Info("admin: user created", "by", rq.User.Email, "user", u.Email, "role", u.Role)
	redirect(w, r, "/admin/users", "user")
}

func (h *Handler) hashNew(r *http.Request, pw string) (string, error) {
	if err := auth.CheckPasswordPolicy(pw); err != nil {
		return "", err
	}
	return h.Auth.HashPassword(r.Context(), pw)
}

// userUpdate changes a user's role, disabled flag or password. An admin
// cannot demote or disable themselves, so the desk always keeps an admin.
func (h *Handler) userUpdate(w http.ResponseWriter, r *http.Request, rq *request) {
	id, err := pathID(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	u, err := h.Users.FindUserByID(r.Context(), id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	u.Role = flashback.Role(r.PostFormValue("role"))
	u.Disabled = r.PostFormValue("disabled") == "1"
	if u.ID == rq.User.ID && (u.Role != flashback.RoleAdmin || u.Disabled) {
		h.renderUsers(w, r, rq, &userListView{}, flashback.Errorf(flashback.EINVALID,
			"You cannot remove your own administrator rights or disable yourself."))
		return
	}
	if pw := r.PostFormValue("password"); pw != "" {
		if u.PasswordHash, err = h.hashNew(r, pw); err != nil {
			h.renderUsers(w, r, rq, &userListView{}, err)
			return
		}
	}
	if err := h.Users.UpdateUser(r.Context(), u); err != nil {
		h.renderUsers(w, r, rq, &userListView{}, err)
		return
	}
	h.Logger.Info("admin: user updated", "by", rq.User.Email, "user", u.Email, "role", u.Role, "disabled", u.Disabled)
	redirect(w, r, "/admin/users", "user")
}

// changePassword lets any signed-in user change their own password; it
// ends their other sessions, and this one, so they sign in again.
func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request, rq *request) {
	if err := h.Auth.VerifyPassword(r.Context(), r, rq.User, r.PostFormValue("current")); err != nil {
		if flashback.ErrorCode(err) == flashback.EUNAUTHORIZED {
			// Signed in, so not a 401: the form's field is what is wrong.
			err = flashback.Errorf(flashback.EINVALID, "%s", flashback.ErrorMessage(err))
		}
		h.Errors.Error(w, r, err)
		return
	}
	next := r.PostFormValue("new")
	if strings.TrimSpace(next) == "" || next != r.PostFormValue("confirm") {
		h.Errors.Error(w, r, flashback.Errorf(flashback.EINVALID, "The new password and its confirmation differ."))
		return
	}
	u := *rq.User
	var err error
	if u.PasswordHash, err = h.hashNew(r, next); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if err := h.Users.UpdateUser(r.Context(), &u); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	redirect(w, r, "/admin/login", "")
}
