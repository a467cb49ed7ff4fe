package provider

import (
	"errors"
	"fmt"
	"time"
)

// Sentinels every failed call wraps, through a *Failure.
var (
	// ErrTransient: the provider did not answer, or answered 5xx or 429,
	// or the breaker is open; the same call may succeed later.
	ErrTransient = errors.New("payment provider unavailable")
	// ErrPermanent: the provider refused the refund (4xx other than 429)
	// or reported it failed; retrying cannot help.
	ErrPermanent = errors.New("payment provider refused the refund")
	// ErrCircuitOpen: the breaker refused the call without making it. It
	// wraps ErrTransient.
	ErrCircuitOpen = fmt.Errorf("%w: circuit open", ErrTransient)
)

// Failure is a refund call that did not succeed.
type Failure struct {
	// Kind is ErrTransient, ErrPermanent or ErrCircuitOpen.
	Kind error
	// Status is the provider's HTTP status; 0 when it gave none.
	Status int
	// RetryAfter is how long the provider (or the breaker) asked to wait.
	RetryAfter time.Duration
	// Detail says what happened, without secrets, fit for operators.
	Detail string
}

// Error describes the failure.
func (f *Failure) Error() string {
	if f.Status != 0 {
		return fmt.Sprintf("%v: HTTP %d: %s", f.Kind, f.Status, f.Detail)
	}
	return fmt.Sprintf("%v: %s", f.Kind, f.Detail)
}

// Unwrap returns Kind.
func (f *Failure) Unwrap() error { return f.Kind }

// RetryAfterOf returns the wait a failure asked for, or 0.
func RetryAfterOf(err error) time.Duration {
	var f *Failure
	if errors.As(err, &f) {
		return f.RetryAfter
	}
	return 0
}
