package httpcall

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// The sentinels every *Error wraps (one of them, or context.Canceled);
// test for them with errors.Is.
var (
	// ErrTransient: the dependency did not answer, or answered 5xx or
	// 429; the same call may succeed later.
	ErrTransient = errors.New("unavailable")
	// ErrPermanent: the dependency refused the call (a 4xx other than
	// 429); retrying cannot help.
	ErrPermanent = errors.New("refused")
	// ErrNotFound: the dependency does not know what was asked for (404).
	// It wraps ErrPermanent.
	ErrNotFound = fmt.Errorf("%w: not found", ErrPermanent)
	// ErrCircuitOpen: the breaker refused the call without making it. It
	// wraps ErrTransient.
	ErrCircuitOpen = fmt.Errorf("%w: circuit open", ErrTransient)
	// ErrBadAnswer: the dependency answered outside its contract (a
	// redirect, an oversized or unreadable body). It wraps ErrTransient.
	ErrBadAnswer = fmt.Errorf("%w: bad answer", ErrTransient)
)

// Error is a call that did not succeed.
type Error struct {
	// Dependency names the dependency, for example "catalog".
	Dependency string
	// Kind is one of the package's sentinels, or context.Canceled.
	Kind error
	// StatusCode is the HTTP status answered; 0 when there was no answer.
	StatusCode int
	// Code is the error code of a JSON error answer ({"error": {"code"}}),
	// at most 64 bytes, when it had one.
	Code string
	// RetryAfter is how long the dependency (its Retry-After) or the open
	// breaker asked to wait; 0 when nothing was asked.
	RetryAfter time.Duration
	// Detail says what happened in words fit for operators and clients,
	// for example "no answer"; "" for a plain status.
	Detail string
	// Cause is what went wrong underneath (the transport's error, a
	// *breaker.OpenError); nil when nothing did. Its text may name
	// addresses: it is for logs.
	Cause error
}

// Error is Summary followed by the cause, for logs.
func (e *Error) Error() string {
	if e.Cause == nil {
		return e.Summary()
	}
	return e.Summary() + ": " + e.Cause.Error()
}

// Summary names the dependency, the kind, the status, the error code and
// the detail: never an answer's free text nor the cause's (an address, a
// URL), so that it may be kept on a record a client reads.
func (e *Error) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %v", e.Dependency, e.Kind)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	if e.Detail != "" {
		fmt.Fprintf(&b, ": %s", e.Detail)
	}
	return b.String()
}

// Unwrap returns Kind and Cause.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Cause}
}

// RetryAfterOf returns the wait an *Error in err's chain asked for, or 0.
func RetryAfterOf(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}
