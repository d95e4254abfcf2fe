package data

import (
	"errors"
	"fmt"
	"strings"
)

// Hint is an error a person can act on: what happened (Msg) and what to
// do about it (Try). The command line prints them as two lines,
// "aipm: MSG" and "try: TRY", finding the Hint with errors.As, so that a
// message may itself hold a semicolon.
type Hint struct {
	Msg string
	Try string
}

func (h *Hint) Error() string {
	if h.Try == "" {
		return h.Msg
	}
	return h.Msg + "; " + h.Try
}

// Hintf returns a Hint whose message is formatted; try says what to do.
func Hintf(try, format string, args ...any) error {
	return &Hint{Msg: fmt.Sprintf(format, args...), Try: try}
}

// Hinted is an error type of its own (such as NotFoundError, or one from
// a package that cannot import data) that says what to do about it.
type Hinted interface {
	error
	UserHint() (msg, try string)
}

// TryOf splits err into its message and what to do: the Try of the Hint,
// the Hint of the PathError, or the UserHint of the Hinted error, that err
// wraps. ok is false when err carries none.
func TryOf(err error) (msg, try string, ok bool) {
	var h *Hint
	var pe *PathError
	var hd Hinted
	switch {
	case errors.As(err, &h):
		try = h.Try
	case errors.As(err, &pe):
		try = pe.Hint
	case errors.As(err, &hd):
		_, try = hd.UserHint()
	}
	msg = err.Error()
	if try == "" {
		return msg, "", false
	}
	// Wrapping adds context before the hinted error, so its "; TRY" is
	// found last.
	if i := strings.LastIndex(msg, "; "+try); i >= 0 {
		msg = msg[:i] + msg[i+len("; "+try):]
	}
	return msg, try, true
}
