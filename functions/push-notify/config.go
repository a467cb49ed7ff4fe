package function

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/ordercenter/ordercenter/shared/platform"
	"github.com/ordercenter/ordercenter/shared/push"
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
var DefaultRateLimit = Rate{Count: 10, Per: time.Minute}

// DefaultMerchantRateLimit is how many pushes one store may get: 600 a
// minute. A store's new paid orders are its business, and a busy kitchen
// takes one every few seconds at lunch; the limit only stops a runaway.
var DefaultMerchantRateLimit = Rate{Count: 600, Per: time.Minute}

// Rate is a limit of Count pushes per recipient in any span of Per. The
// zero Rate is no limit.
type Rate struct {
	Count int
	Per   time.Duration
}

// IsZero reports whether r is no limit.
func (r Rate) IsZero() bool { return r.Count == 0 }

// String spells r as ParseRate reads it.
func (r Rate) String() string {
	if r.IsZero() {
		return "0"
	}
	return strconv.Itoa(r.Count) + "/" + r.Per.String()
}

// ParseRate reads a limit in the contract's form, "<count>/<duration>"
// ("10/1m"), or "0" for no limit.
func ParseRate(s string) (Rate, error) {
	if strings.TrimSpace(s) == "0" {
		return Rate{}, nil
	}
	count, per, ok := strings.Cut(s, "/")
	n, err := strconv.Atoi(strings.TrimSpace(count))
	if !ok || err != nil || n < 0 {
		return Rate{}, fmt.Errorf("rate %q: want <count>/<duration> such as 10/1m, or 0", s)
	}
	d, err := time.ParseDuration(strings.TrimSpace(per))
	if err != nil || d <= 0 {
		return Rate{}, fmt.Errorf("rate %q: the duration must be positive, such as 1m", s)
	}
	if n == 0 {
		return Rate{}, nil
	}
	return Rate{Count: n, Per: d}, nil
}

// Config tunes a Notifier. Start from DefaultConfig; zero durations and
// an empty prefix take their defaults, but a zero RateLimit means no
// limit, as "0" does in PUSH_RATE_LIMIT.
type Config struct {
	// KeyPrefix starts every Redis key (PUSH_KEY_PREFIX).
	KeyPrefix string
	// RateLimit is the limit per user or rider (PUSH_RATE_LIMIT).
	RateLimit Rate
	// MerchantRateLimit is the limit per store (PUSH_RATE_LIMIT_MERCHANT).
	MerchantRateLimit Rate
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
	for _, r := range []Rate{c.RateLimit, c.MerchantRateLimit} {
		if r.Count < 0 || (r.Count > 0 && r.Per <= 0) {
			errs = append(errs, fmt.Errorf("rate limit %d per %s: want a positive count and period", r.Count, r.Per))
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

// ConfigFromEnv reads PUSH_RATE_LIMIT, PUSH_RATE_LIMIT_MERCHANT and
// PUSH_KEY_PREFIX over the defaults.
func ConfigFromEnv(getenv platform.Getenv) (Config, error) {
	c := DefaultConfig()
	if v := getenv("PUSH_KEY_PREFIX"); v != "" {
		c.KeyPrefix = v
	}
	if v := getenv("PUSH_RATE_LIMIT"); v != "" {
		r, err := ParseRate(v)
		if err != nil {
			return c, fmt.Errorf("PUSH_RATE_LIMIT: %w", err)
		}
		c.RateLimit = r
	}
	if v := getenv("PUSH_RATE_LIMIT_MERCHANT"); v != "" {
		r, err := ParseRate(v)
		if err != nil {
			return c, fmt.Errorf("PUSH_RATE_LIMIT_MERCHANT: %w", err)
		}
		c.MerchantRateLimit = r
	}
	return c, c.Validate()
}

// limitFor is the rate limit of a kind of recipient.
func (c Config) limitFor(kind string) Rate {
	if kind == push.KindMerchant {
		return c.MerchantRateLimit
	}
	return c.RateLimit
}
