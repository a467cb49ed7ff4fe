package guard

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrOpen: the dependency's circuit breaker is open; the call was not
// made. The error is an *OpenError.
var ErrOpen = errors.New("guard: circuit open")

// OpenError is the refusal of an open breaker.
type OpenError struct {
	// Dependency names the breaker's dependency.
	Dependency string
	// RetryIn is how long until the breaker lets a probe through.
	RetryIn time.Duration
}

// Error describes the refusal.
func (e *OpenError) Error() string {
	return fmt.Sprintf("%s: circuit open, retry in %s", e.Dependency, e.RetryIn.Round(time.Millisecond))
}

// Unwrap makes errors.Is(err, ErrOpen) hold.
func (e *OpenError) Unwrap() error { return ErrOpen }

// Defaults of BreakerConfig.
const (
	DefaultFailureThreshold = 5
	DefaultCooldown         = 2 * time.Second
)

// BreakerConfig tunes a Breaker; the zero value takes the defaults.
type BreakerConfig struct {
	// FailureThreshold is how many failures in a row open the breaker.
	FailureThreshold int
	// Cooldown is how long an open breaker refuses calls before it lets
	// one probe through (half-open).
	Cooldown time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Breaker is a circuit breaker: closed, it lets calls through and counts
// failures in a row; at the threshold it opens and refuses calls for the
// cooldown; then it lets one probe through, whose success closes it and
// whose failure opens it again. It is safe for concurrent use.
type Breaker struct {
	name     string
	cfg      BreakerConfig
	mu       sync.Mutex
	failures int
	openedAt time.Time // zero while closed
	probing  bool
}

// NewBreaker returns a closed breaker for the named dependency.
func NewBreaker(name string, cfg BreakerConfig) *Breaker {
	if cfg.FailureThreshold <= 0 {
		cfg.FailureThreshold = DefaultFailureThreshold
	}
	if cfg.Cooldown <= 0 {
		cfg.Cooldown = DefaultCooldown
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Breaker{name: name, cfg: cfg}
}

// Allow asks to make one call. It returns an *OpenError (wrapping
// ErrOpen) when the call must not be made; otherwise the caller makes it
// and reports its outcome with Record.
func (b *Breaker) Allow() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.openedAt.IsZero() {
		return nil
	}
	wait := b.cfg.Cooldown - b.cfg.Now().Sub(b.openedAt)
	if wait > 0 || b.probing {
		return &OpenError{Dependency: b.name, RetryIn: max(wait, 100*time.Millisecond)}
	}
	b.probing = true
	return nil
}

// Record reports the outcome of a call Allow let through: failed tells
// whether it counts as the dependency's failure.
func (b *Breaker) Record(failed bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !failed {
		b.failures, b.openedAt, b.probing = 0, time.Time{}, false
		return
	}
	b.failures++
	if b.probing || b.failures >= b.cfg.FailureThreshold {
		b.openedAt, b.probing = b.cfg.Now(), false
	}
}

// Open reports whether the breaker refuses calls now.
func (b *Breaker) Open() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return !b.openedAt.IsZero() && (b.probing || b.cfg.Now().Sub(b.openedAt) < b.cfg.Cooldown)
}
