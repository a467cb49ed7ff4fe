package function

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/ordercenter/ordercenter/shared/push"
	"github.com/ordercenter/ordercenter/shared/ratelimit"
)

// Defaults of Config.
const (
	// DefaultKeyPrefix starts every Redis key of the function.
	DefaultKeyPrefix = "push:"
	// DefaultClaimTTL is how long an instance holds a notification it is
	// sending; well above Timeout, so that a claim outlives its sender.
	DefaultClaimTTL = 30 * time.Second
	// DefaultDoneTTL is how long a notification is remembered as done: as
	// long as the events stream keeps events for replay.
	DefaultDoneTTL = 7 * 24 * time.Hour
	// DefaultBusyRetry is how long an instance that found a notification
	// claimed by another asks to wait.
	DefaultBusyRetry = time.Second
	// DefaultTimeout bounds the handling of one event, below the
	// consumer's ack wait and the platform's function timeout.
	DefaultTimeout = 10 * time.Second
)

// DefaultRateLimit is how many pushes one user (or rider) may get: 10 a
// minute.
var DefaultRateLimit = ratelimit.Limit{Count: 10, Period: time.Minute}

// DefaultMerchantRateLimit is how many pushes one store may get: 600 a
// minute. A store's new paid orders are its business, and a busy kitchen
// takes one every few seconds at lunch; the limit only stops a runaway.
var DefaultMerchantRateLimit = ratelimit.Limit{Count: 600, Period: time.Minute}

// Config tunes a Notifier. Start from DefaultConfig; zero durations and
// an empty prefix take their defaults, but a zero RateLimit means no
// limit, as "0" does in PUSH_RATE_LIMIT.
type Config struct {
	// KeyPrefix starts every Redis key (PUSH_KEY_PREFIX).
	KeyPrefix string
	// RateLimit is the limit per user or rider (PUSH_RATE_LIMIT).
	RateLimit ratelimit.Limit
	// MerchantRateLimit is the limit per store (PUSH_RATE_LIMIT_MERCHANT).
	MerchantRateLimit ratelimit.Limit
	// ClaimTTL, DoneTTL, BusyRetry and Timeout: see their defaults.
	ClaimTTL  time.Duration
	DoneTTL   time.Duration
	BusyRetry time.Duration
	Timeout   time.Duration
}

// DefaultConfig is the configuration with every default.
func DefaultConfig() Config {
	c := Config{RateLimit: DefaultRateLimit, MerchantRateLimit: DefaultMerchantRateLimit}
	c.setDefaults()
	return c
}

func (c *Config) setDefaults() {
	if c.KeyPrefix == "" {
		c.KeyPrefix = DefaultKeyPrefix
	}
	for _, d := range []struct {
		field *time.Duration
		def   time.Duration
	}{{&c.ClaimTTL, DefaultClaimTTL}, {&c.DoneTTL, DefaultDoneTTL},
		{&c.BusyRetry, DefaultBusyRetry}, {&c.Timeout, DefaultTimeout}} {
		if *d.field <= 0 {
			*d.field = d.def
		}
	}
}

// Validate names every problem of a defaulted config.
func (c Config) Validate() error {
	var errs []error
	for _, r := range []ratelimit.Limit{c.RateLimit, c.MerchantRateLimit} {
		if r.Count < 0 || (r.Count > 0 && r.Period <= 0) {
			errs = append(errs, fmt.Errorf("rate limit %d per %s: want a positive count and period", r.Count, r.Period))
		}
	}
	if c.Timeout >= c.ClaimTTL {
		errs = append(errs, fmt.Errorf("timeout %s must be shorter than the claim TTL %s", c.Timeout, c.ClaimTTL))
	}
	if strings.ContainsAny(c.KeyPrefix, " \t\r\n") {
		errs = append(errs, fmt.Errorf("key prefix %q holds white space", c.KeyPrefix))
	}
	return errors.Join(errs...)
}

// LogValue shows the config in logs (it holds no secret).
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("key_prefix", c.KeyPrefix), slog.String("rate_limit", c.RateLimit.String()),
		slog.String("merchant_rate_limit", c.MerchantRateLimit.String()),
		slog.Duration("claim_ttl", c.ClaimTTL), slog.Duration("done_ttl", c.DoneTTL),
		slog.Duration("busy_retry", c.BusyRetry), slog.Duration("timeout", c.Timeout))
}

// limitFor is the rate limit of a kind of recipient.
func (c Config) limitFor(kind string) ratelimit.Limit {
	if kind == push.KindMerchant {
		return c.MerchantRateLimit
	}
	return c.RateLimit
}
