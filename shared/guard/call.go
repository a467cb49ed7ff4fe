package guard

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Dependency is one thing a function calls, guarded by a deadline and a
// circuit breaker.
type Dependency struct {
	// Name names the dependency in errors and logs.
	Name string
	// Timeout bounds one call (the caller's earlier deadline wins).
	Timeout time.Duration
	// Breaker cuts the dependency off after repeated failures.
	Breaker *Breaker
	// Failure decides whether an error counts against the breaker
	// (default: every error except the caller's own cancellation).
	Failure func(error) bool
}

// NewDependency returns a dependency with its own breaker.
func NewDependency(name string, timeout time.Duration, cfg BreakerConfig) *Dependency {
	return &Dependency{Name: name, Timeout: timeout, Breaker: NewBreaker(name, cfg)}
}

// Do calls fn under the dependency's deadline and breaker. A call the
// breaker refuses returns an *OpenError without calling fn; fn's own
// error is returned wrapped with the dependency's name.
func Do[T any](ctx context.Context, d *Dependency, fn func(context.Context) (T, error)) (T, error) {
	var zero T
	if err := d.Breaker.Allow(); err != nil {
		return zero, err
	}
	cctx, cancel := ctx, context.CancelFunc(func() {})
	if d.Timeout > 0 {
		cctx, cancel = context.WithTimeout(ctx, d.Timeout)
	}
	v, err := fn(cctx)
	cancel()
	d.Breaker.Record(err != nil && d.counts(ctx, err))
	if err != nil {
		return zero, fmt.Errorf("%s: %w", d.Name, err)
	}
	return v, nil
}

// counts tells whether err is the dependency's failure rather than the
// caller's giving up.
func (d *Dependency) counts(ctx context.Context, err error) bool {
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return false
	}
	if d.Failure != nil {
		return d.Failure(err)
	}
	return true
}

// RetryAfter is how long a caller refused because of err should wait:
// the breaker's remaining cooldown for an *OpenError, else fallback.
func RetryAfter(err error, fallback time.Duration) time.Duration {
	var open *OpenError
	if errors.As(err, &open) {
		return open.RetryIn
	}
	return fallback
}
