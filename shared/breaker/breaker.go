package breaker

import (
	"errors"
	"fmt"
	"sync"
	"time"
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

// Defaults of Config.
const (
	DefaultFailures = 5
	DefaultOpenFor  = 2 * time.Second
)

// Config shapes a Breaker; zero fields take the defaults.
type Config struct {
	// Failures is how many failures in a row open the breaker (default
	// DefaultFailures).
	Failures int
	// OpenFor is how long an open breaker refuses calls before it lets a
	// trial call through (default DefaultOpenFor).
	OpenFor time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// WithDefaults returns c with the fields it leaves unset (zero, or a
// negative number) taken from d: how a client gives its breaker defaults
// of its own.
func (c Config) WithDefaults(d Config) Config {
	if c.Failures <= 0 {
		c.Failures = d.Failures
	}
	if c.OpenFor <= 0 {
		c.OpenFor = d.OpenFor
	}
	if c.Now == nil {
		c.Now = d.Now
	}
	return c
}

func (c *Config) setDefaults() {
	if c.Failures <= 0 {
		c.Failures = DefaultFailures
	}
	if c.OpenFor <= 0 {
		c.OpenFor = DefaultOpenFor
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// state is where a breaker stands.
type state int

const (
	closed state = iota
	open
	halfOpen
)

// Breaker is a consecutive-failure circuit breaker (see the package
// documentation). It is safe for concurrent use.
type Breaker struct {
	name string
	cfg  Config

	mu        sync.Mutex
	state     state
	failures  int       // in a row, while closed
	openUntil time.Time // while open
	trial     bool      // a half-open trial call is out
}

// New returns a closed breaker of the named dependency.
func New(name string, cfg Config) *Breaker {
	cfg.setDefaults()
	return &Breaker{name: name, cfg: cfg}
}

// Allow asks to make one call. When the breaker refuses it, it returns an
// *OpenError (wrapping ErrOpen); otherwise the caller makes the call and
// reports its outcome, once, with the function returned.
func (b *Breaker) Allow() (func(Outcome), error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == open {
		if wait := b.openUntil.Sub(b.cfg.Now()); wait > 0 {
			return nil, &OpenError{Dependency: b.name, RetryIn: wait}
		}
		b.state = halfOpen
	}
	if b.state == halfOpen {
		if b.trial {
			return nil, &OpenError{Dependency: b.name}
		}
		b.trial = true
		return b.recordTrial, nil
	}
	return b.recordClosed, nil
}

// Open reports whether the breaker refuses calls now.
func (b *Breaker) Open() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case open:
		return b.cfg.Now().Before(b.openUntil)
	case halfOpen:
		return b.trial
	}
	return false
}

// recordClosed counts a call admitted while closed; calls admitted before
// the breaker opened do not move it once it has.
func (b *Breaker) recordClosed(o Outcome) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state != closed {
		return
	}
	switch o {
	case Success:
		b.failures = 0
	case Failure:
		if b.failures++; b.failures >= b.cfg.Failures {
			b.openNow()
		}
	}
}

// recordTrial settles the half-open state with the trial's outcome; an
// ignored trial leaves it half-open for the next call to try.
func (b *Breaker) recordTrial(o Outcome) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.trial = false
	switch o {
	case Success:
		b.state, b.failures = closed, 0
	case Failure:
		b.openNow()
	}
}

func (b *Breaker) openNow() {
	b.state, b.openUntil, b.failures = open, b.cfg.Now().Add(b.cfg.OpenFor), 0
}
