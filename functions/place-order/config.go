package function

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ordercenter/ordercenter/shared/ratelimit"
	"github.com/ordercenter/ordercenter/shared/reserve"
)

// Config is place-order's configuration: the contract's variables
// (section 2) and the project's own tuning, each with a default.
type Config struct {
	// PayTimeout is how long the user has to pay (PAY_TIMEOUT, 15m).
	PayTimeout time.Duration
	// PerUser and PerAddress are the abuse limits (RATE_LIMIT_PER_USER
	// 30/1m, RATE_LIMIT_PER_ADDRESS 600/1m; 0 turns one off).
	PerUser, PerAddress ratelimit.Limit
	// TrustedHops is how many proxies append to X-Forwarded-For after
	// the gateway (PLACE_ORDER_TRUSTED_HOPS, 0: the right-most entry is
	// the client's as the gateway saw it).
	TrustedHops int
	// MaxUnpaid caps a user's unpaid orders (MAX_UNPAID_ORDERS, 5; 0
	// is no cap).
	MaxUnpaid int
	// Timeout bounds one call, below the platform's (5s).
	Timeout time.Duration
	// CatalogTimeout bounds each catalog call (300ms); StandingTimeout
	// the first-order standing (300ms, counting it from the store when
	// Redis has lost it included).
	CatalogTimeout, StandingTimeout time.Duration
	// CacheTTL and LocalCacheTTL are how long catalog answers are kept
	// in Redis (5s) and in the process (1s; negative: not at all).
	CacheTTL, LocalCacheTTL time.Duration
	// RedisPrefix starts every Redis key (REDIS_KEY_PREFIX).
	RedisPrefix string
}

// Defaults of Config.
const (
	DefaultPayTimeout      = 15 * time.Minute
	DefaultMaxUnpaid       = 5
	DefaultTimeout         = 5 * time.Second
	DefaultCatalogTimeout  = 300 * time.Millisecond
	DefaultStandingTimeout = 300 * time.Millisecond
	DefaultCacheTTL        = 5 * time.Second
	DefaultLocalCacheTTL   = time.Second
)

// DefaultConfig is the configuration with every default.
func DefaultConfig() Config {
	return Config{
		PayTimeout: DefaultPayTimeout, MaxUnpaid: DefaultMaxUnpaid,
		PerUser:    ratelimit.Limit{Count: 30, Period: time.Minute},
		PerAddress: ratelimit.Limit{Count: 600, Period: time.Minute},
		Timeout:    DefaultTimeout, CatalogTimeout: DefaultCatalogTimeout,
		StandingTimeout: DefaultStandingTimeout, CacheTTL: DefaultCacheTTL,
		LocalCacheTTL: DefaultLocalCacheTTL, RedisPrefix: reserve.DefaultPrefix,
	}
}

// Validate reports every value out of range at once.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	check(c.PayTimeout > 0, "PAY_TIMEOUT %s: must be positive", c.PayTimeout)
	check(c.MaxUnpaid >= 0, "MAX_UNPAID_ORDERS %d: must not be negative", c.MaxUnpaid)
	check(c.TrustedHops >= 0, "trusted hops %d: must not be negative", c.TrustedHops)
	check(c.Timeout > 0, "timeout %s: must be positive", c.Timeout)
	check(c.CatalogTimeout > 0 && c.CatalogTimeout < c.Timeout, "catalog timeout %s: must be positive and below the timeout", c.CatalogTimeout)
	check(c.StandingTimeout > 0 && c.StandingTimeout < c.Timeout, "standing timeout %s: must be positive and below the timeout", c.StandingTimeout)
	check(c.CacheTTL > 0, "cache ttl %s: must be positive", c.CacheTTL)
	check(c.RedisPrefix != "" && !strings.ContainsAny(c.RedisPrefix, "{}"),
		"redis prefix %q: must be set, without braces (the keys' hash tags follow it)", c.RedisPrefix)
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("place-order config: %w", err)
	}
	return nil
}
