package breaker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sony/gobreaker/v2"
)

// ErrOpen: the breaker is open; the call was not made. The error is an
// *OpenError.
var ErrOpen = errors.New("circuit open")

// OpenError is the refusal of an open breaker.
type OpenError struct {
	// Dependency names the breaker's dependency.
	Dependency string
	// RetryIn is how long until the breaker lets a trial call through; 0
	// while a trial call is out (it may end at any moment).
	RetryIn time.Duration
}

// Error describes the refusal.
func (e *OpenError) Error() string {
	return fmt.Sprintf("%s: circuit open, retry in %s", e.Dependency, e.RetryIn.Round(time.Millisecond))
}

// Unwrap makes errors.Is(err, ErrOpen) hold.
func (e *OpenError) Unwrap() error { return ErrOpen }

// Breaker is a consecutive-failure circuit breaker (see the package
// documentation). It is safe for concurrent use.
type Breaker struct {
	name string
	cfg  Config
	cb   *gobreaker.TwoStepCircuitBreaker[struct{}]

	mu       sync.Mutex
	openedAt time.Time // when it last opened
}

// New returns a closed breaker of the named dependency. Its state
// changes are logged through slog.Default (Warn when it opens, Info
// otherwise) with the dependency's name, and States reports it while it
// lives.
func New(name string, cfg Config) *Breaker {
	cfg.setDefaults()
	b := &Breaker{name: name, cfg: cfg}
	b.cb = gobreaker.NewTwoStepCircuitBreaker[struct{}](gobreaker.Settings{
		Name:        name,
		MaxRequests: 1,
		Timeout:     cfg.OpenFor,
		ReadyToTrip: func(c gobreaker.Counts) bool {
			return c.ConsecutiveFailures >= uint32(cfg.Failures)
		},
		IsExcluded:    func(err error) bool { return errors.Is(err, errIgnored) },
		OnStateChange: b.changed,
	})
	track(b)
	return b
}

// Outcomes as the library hears them.
var (
	errFailure = errors.New("failure")
	errIgnored = errors.New("ignored")
)

// Allow asks to make one call. When the breaker refuses it, it returns an
// *OpenError (wrapping ErrOpen); otherwise the caller makes the call and
// reports its outcome, once, with the function returned.
func (b *Breaker) Allow() (func(Outcome), error) {
	done, err := b.cb.Allow()
	switch {
	case errors.Is(err, gobreaker.ErrTooManyRequests): // a trial call is out
		return nil, &OpenError{Dependency: b.name}
	case err != nil:
		return nil, &OpenError{Dependency: b.name, RetryIn: b.retryIn()}
	}
	return func(o Outcome) {
		switch o {
		case Success:
			done(nil)
		case Failure:
			done(errFailure)
		default:
			done(errIgnored)
		}
	}, nil
}

// Open reports whether the breaker refuses calls now: it is open, or
// half-open with its trial call out.
func (b *Breaker) Open() bool {
	switch b.cb.State() {
	case gobreaker.StateOpen:
		return true
	case gobreaker.StateHalfOpen:
		c := b.cb.Counts()
		return c.Requests > c.TotalExclusions
	}
	return false
}

// retryIn is how long the open breaker still refuses calls.
func (b *Breaker) retryIn() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	return max(0, time.Until(b.openedAt.Add(b.cfg.OpenFor)))
}

// changed notes and logs a change of state.
func (b *Breaker) changed(name string, from, to gobreaker.State) {
	level := slog.LevelInfo
	if to == gobreaker.StateOpen {
		level = slog.LevelWarn
		b.mu.Lock()
		b.openedAt = time.Now()
		b.mu.Unlock()
	}
	slog.Default().Log(context.Background(), level, "circuit breaker "+to.String(),
		"dependency", name, "from", from.String(), "to", to.String())
}
