// Package errs holds the error kinds apkscan's libraries return and its
// command line maps to exit codes (one place: cmd/apkscan/internal/cli
// exitCode), always with errors.Is / errors.As, never by message text.
//
//   - ErrUsage: the caller asked for something invalid (flags, arguments,
//     a malformed option file). Exit 2, and only this is exit 2.
//   - ErrInput: an input cannot be scanned at all (not an APK, unreadable,
//     not a regular file). Exit 3.
//   - ErrPartial: a report was produced but misses part of the input
//     (problems with severity error, a budget hit). Exit 3.
//   - *Internal: a bug (a recovered panic). Exit 4, with "please report".
//   - ErrFindings: findings at or above the --fail-on threshold. Exit 1.
package errs

import (
	"errors"
	"fmt"
)

// The error kinds.
var (
	ErrUsage    = errors.New("usage error")
	ErrInput    = errors.New("input cannot be scanned")
	ErrPartial  = errors.New("partial result")
	ErrFindings = errors.New("findings at or above the threshold")
)

// kindError attaches a kind to an error without changing its text.
type kindError struct {
	kind error
	err  error
}

func (e *kindError) Error() string              { return e.err.Error() }
func (e *kindError) Unwrap() []error            { return []error{e.err, e.kind} }
func wrap(kind, err error) error                { return &kindError{kind: kind, err: err} }
func newf(kind error, f string, a ...any) error { return wrap(kind, fmt.Errorf(f, a...)) }

// Usage marks err as a usage error (nil stays nil).
func Usage(err error) error {
	if err == nil || errors.Is(err, ErrUsage) {
		return err
	}
	return wrap(ErrUsage, err)
}

// Usagef is Usage(fmt.Errorf(…)).
func Usagef(format string, a ...any) error { return newf(ErrUsage, format, a...) }

// Input marks err as an input error (nil stays nil).
func Input(err error) error {
	if err == nil || errors.Is(err, ErrInput) {
		return err
	}
	return wrap(ErrInput, err)
}

// Partial marks err as a partial result (nil stays nil).
func Partial(err error) error {
	if err == nil || errors.Is(err, ErrPartial) {
		return err
	}
	return wrap(ErrPartial, err)
}

// Internal is a bug caught at run time: a recovered panic.
type Internal struct {
	Where string // what was running: "analyzer taint", an input path
	Value any    // the panic value
	Stack []byte // debug.Stack() at the recovery
}

func (e *Internal) Error() string {
	if e.Where == "" {
		return fmt.Sprintf("internal error (please report): %v", e.Value)
	}
	return fmt.Sprintf("%s: internal error (please report): %v", e.Where, e.Value)
}

// AsInternal returns the *Internal in err's chain, if any.
func AsInternal(err error) (*Internal, bool) {
	var ie *Internal
	ok := errors.As(err, &ie)
	return ie, ok
}

// Findings marks err as findings at or above a threshold (nil stays nil).
func Findings(err error) error {
	if err == nil || errors.Is(err, ErrFindings) {
		return err
	}
	return wrap(ErrFindings, err)
}
