package guard

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/breaker"
)

// Dependency is one thing a function calls, guarded by a deadline and a
// circuit breaker.
type Dependency struct {
	// Name names the dependency in errors and logs.
	Name string
	// Timeout bounds one call (the caller's earlier deadline wins).
	Timeout time.Duration
	// Breaker cuts the dependency off after repeated failures.
	Breaker *breaker.Breaker
	// Failure decides whether an error counts against the breaker
	// (default: every error). A call whose caller gave up (its context
	// ended) never counts.
	Failure func(error) bool
}

// NewDependency returns a dependency with its own breaker.
func NewDependency(name string, timeout time.Duration, cfg breaker.Config) *Dependency {
	return &Dependency{Name: name, Timeout: timeout, Breaker: breaker.New(name, cfg)}
}

// Do calls fn under the dependency's deadline and breaker. A call the
// breaker refuses returns a *breaker.OpenError without calling fn; fn's
// own error is returned wrapped with the dependency's name.
func Do[T any](ctx context.Context, d *Dependency, fn func(context.Context) (T, error)) (T, error) {
	var zero T
	record, err := d.Breaker.Allow()
	if err != nil {
		return zero, err
	}
	cctx, cancel := ctx, context.CancelFunc(func() {})
	if d.Timeout > 0 {
		cctx, cancel = context.WithTimeout(ctx, d.Timeout)
	}
	v, err := fn(cctx)
	cancel()
	record(breaker.Judge(ctx, err, d.answered))
	if err != nil {
		return zero, fmt.Errorf("%s: %w", d.Name, err)
	}
	return v, nil
}

// answered tells whether err is the dependency's answer rather than its
// failure, as Failure decides.
func (d *Dependency) answered(err error) bool {
	return d.Failure != nil && !d.Failure(err)
}

// minRetryAfter is the least wait RetryAfter tells of an open breaker.
const minRetryAfter = 100 * time.Millisecond

// RetryAfter is how long a caller refused because of err should wait:
// the breaker's remaining wait for a *breaker.OpenError (at least 100 ms),
// else fallback.
func RetryAfter(err error, fallback time.Duration) time.Duration {
	var open *breaker.OpenError
	if errors.As(err, &open) {
		return max(open.RetryIn, minRetryAfter)
	}
	return fallback
}
