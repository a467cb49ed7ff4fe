package push

import (
	"sync"
	"time"
)

// Defaults of BreakerConfig.
const (
	DefaultBreakerFailures = 5
	DefaultBreakerOpenFor  = 5 * time.Second
)

// BreakerConfig shapes a Client's circuit breaker: after Failures
// transient failures in a row it opens and refuses calls for OpenFor; then
// it lets one trial call through (half-open) and closes again if that
// succeeds, or opens again if it fails.
type BreakerConfig struct {
	// Failures in a row that open the breaker (default 5).
	Failures int
	// OpenFor is how long it stays open (default 5 s).
	OpenFor time.Duration
}

func (c *BreakerConfig) setDefaults() {
	if c.Failures <= 0 {
		c.Failures = DefaultBreakerFailures
	}
	if c.OpenFor <= 0 {
		c.OpenFor = DefaultBreakerOpenFor
	}
}

// verdict is what one call says of the gateway.
type verdict int

const (
	healthy verdict = iota // it answered
	failed                 // transient failure
	unknown                // the caller gave up: says nothing
)

// breakerState is where a breaker stands.
type breakerState int

const (
	closed breakerState = iota
	open
	halfOpen
)

// breaker is a consecutive-failure circuit breaker, safe for concurrent
// use.
type breaker struct {
	cfg BreakerConfig
	now func() time.Time

	mu        sync.Mutex
	state     breakerState
	failures  int       // in a row, while closed
	openUntil time.Time // while open
	trial     bool      // a half-open trial call is out
}

func newBreaker(cfg BreakerConfig, now func() time.Time) *breaker {
	cfg.setDefaults()
	return &breaker{cfg: cfg, now: now}
}

// allow admits a call and returns how to record its verdict, or refuses
// it with an *openError.
func (b *breaker) allow() (func(verdict), error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == open {
		if wait := b.openUntil.Sub(b.now()); wait > 0 {
			return nil, &openError{remaining: wait}
		}
		b.state = halfOpen
	}
	if b.state == halfOpen {
		if b.trial {
			return nil, &openError{}
		}
		b.trial = true
		return b.recordTrial, nil
	}
	return b.recordClosed, nil
}

// recordClosed counts a call admitted while closed; calls admitted before
// the breaker opened do not move it once it has.
func (b *breaker) recordClosed(v verdict) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state != closed {
		return
	}
	switch v {
	case healthy:
		b.failures = 0
	case failed:
		if b.failures++; b.failures >= b.cfg.Failures {
			b.openNow()
		}
	}
}

// recordTrial settles the half-open state with the trial's verdict.
func (b *breaker) recordTrial(v verdict) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.trial = false
	switch v {
	case healthy:
		b.state, b.failures = closed, 0
	case failed:
		b.openNow()
	}
}

func (b *breaker) openNow() {
	b.state, b.openUntil, b.failures = open, b.now().Add(b.cfg.OpenFor), 0
}
