package flashback

import (
	"errors"
	"fmt"
	"time"
)

// Application error codes. Transport layers map them to their own status
// codes; anything without a code is internal and is never shown to users.
const (
	ECONFLICT       = "conflict"
	EINTERNAL       = "internal"
	EINVALID        = "invalid"
	ENOTFOUND       = "not_found"
	ENOTIMPLEMENTED = "not_implemented"
	EUNAUTHORIZED   = "unauthorized"
	EFORBIDDEN      = "forbidden"
	ETOOMANY        = "too_many_requests"
	// EMETHOD: the address exists, but not for this kind of request.
	EMETHOD = "method_not_allowed"
)

// Error is an application error whose Message is safe to show to the user.
type Error struct {
	Code    string
	Message string
	// RetryAfter, for ETOOMANY, is how long until the request may succeed;
	// zero when unknown.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	return fmt.Sprintf("flashback error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted, user-safe message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for nil
// and EINTERNAL for any other error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err. Internal errors get a
// generic apology so that no detail of them leaks to users.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// RetryAfter returns how long the caller should wait before trying again,
// for an ETOOMANY error that knows it; zero otherwise.
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}
