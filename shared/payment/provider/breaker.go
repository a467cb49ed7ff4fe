package provider

import (
	"sync"
	"time"
)

// Defaults of BreakerConfig.
const (
	DefaultBreakerFailures = 5
	DefaultBreakerOpenFor  = 10 * time.Second
)

// BreakerConfig shapes the circuit breaker: after Failures transient
// failures in a row it opens and refuses calls for OpenFor; then it lets
// one trial call through and closes again if that gets an answer, or
// opens again if it fails.
type BreakerConfig struct {
	Failures int
	OpenFor  time.Duration
}

func (c *BreakerConfig) setDefaults() {
	if c.Failures <= 0 {
		c.Failures = DefaultBreakerFailures
	}
	if c.OpenFor <= 0 {
		c.OpenFor = DefaultBreakerOpenFor
	}
}

// breaker is a consecutive-failure circuit breaker, safe for concurrent
// use.
type breaker struct {
	cfg BreakerConfig
	now func() time.Time

	mu        sync.Mutex
	failures  int       // in a row
	openUntil time.Time // zero while closed
	trial     bool      // a half-open trial call is out
}

func newBreaker(cfg BreakerConfig, now func() time.Time) *breaker {
	cfg.setDefaults()
	return &breaker{cfg: cfg, now: now}
}

// allow admits a call, or returns how long the breaker stays open. An
// admitted call must be followed by record.
func (b *breaker) allow() (bool, time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.openUntil.IsZero() {
		return true, 0
	}
	if wait := b.openUntil.Sub(b.now()); wait > 0 {
		return false, wait
	}
	if b.trial {
		return false, b.cfg.OpenFor
	}
	b.trial = true
	return true, 0
}

// record notes whether an admitted call failed transiently.
func (b *breaker) record(failed bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	halfOpen := !b.openUntil.IsZero()
	b.trial = false
	switch {
	case !failed:
		b.failures, b.openUntil = 0, time.Time{}
	case halfOpen:
		b.openUntil = b.now().Add(b.cfg.OpenFor)
	default:
		if b.failures++; b.failures >= b.cfg.Failures {
			b.failures, b.openUntil = 0, b.now().Add(b.cfg.OpenFor)
		}
	}
}
