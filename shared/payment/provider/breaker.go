package provider

import (
	"time"

	"github.com/ordercenter/ordercenter/shared/breaker"
)

// Defaults of BreakerConfig.
const (
	DefaultBreakerFailures = breaker.DefaultFailures
	DefaultBreakerOpenFor  = 10 * time.Second
)

// BreakerConfig shapes the client's circuit breaker (see package
// breaker): after Failures transient failures in a row (default
// DefaultBreakerFailures) it opens and refuses calls for OpenFor (default
// DefaultBreakerOpenFor); then it lets one trial call through and closes
// again if that gets an answer, or opens again if it fails.
type BreakerConfig = breaker.Config
