package function

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
	_ "time/tzdata" // the store timezone must load in a bare container too
)

// Defaults of Config.
const (
	DefaultTimeout       = 5 * time.Second
	DefaultStoreTimezone = "Asia/Shanghai"
)

// Config is what the order-query function reads from its environment.
type Config struct {
	// Timeout bounds one call, below the platform's function timeout
	// (default DefaultTimeout).
	Timeout time.Duration
	// StoreTimezone (STORE_TIMEZONE, default Asia/Shanghai) is the
	// timezone whose today a store's list shows when the request names no
	// date. The order keeps the store's own local day (store_day, from the
	// catalog's timezone at creation); a store in another timezone near
	// midnight should name the date.
	StoreTimezone string
}

// LogValue prints the configuration (it holds no secrets).
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.Duration("timeout", c.Timeout), slog.String("store_timezone", c.StoreTimezone))
}

func (c *Config) setDefaults() {
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.StoreTimezone == "" {
		c.StoreTimezone = DefaultStoreTimezone
	}
}

// Validate reports every problem of the configuration at once.
func (c Config) Validate() error {
	var errs []error
	if c.Timeout <= 0 {
		errs = append(errs, fmt.Errorf("timeout %s: must be positive", c.Timeout))
	}
	if _, err := time.LoadLocation(c.StoreTimezone); err != nil {
		errs = append(errs, fmt.Errorf("STORE_TIMEZONE %q: %w", c.StoreTimezone, err))
	}
	return errors.Join(errs...)
}
