package push

import (
	"time"

	"github.com/ordercenter/ordercenter/shared/breaker"
)

// Defaults of BreakerConfig.
const (
	DefaultBreakerFailures = breaker.DefaultFailures
	DefaultBreakerOpenFor  = 5 * time.Second
)

// BreakerConfig shapes a Client's circuit breaker (see package breaker):
// after Failures transient failures in a row (default 5) it opens and
// refuses calls for OpenFor (default 5 s); then it lets one trial call
// through (half-open) and closes again if that succeeds, or opens again
// if it fails.
type BreakerConfig = breaker.Config
