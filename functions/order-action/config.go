package function

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// DefaultTimeout bounds one call when the configuration names no other.
const DefaultTimeout = 10 * time.Second

// Config is what the order-action function reads from its environment.
type Config struct {
	// Timeout bounds one call, below the platform's function timeout
	// (ACTION_TIMEOUT, default DefaultTimeout).
	Timeout time.Duration
}

// LogValue prints the configuration (it holds no secrets).
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.Duration("timeout", c.Timeout))
}

func (c *Config) setDefaults() {
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
}

// Validate reports every problem of the configuration at once.
func (c Config) Validate() error {
	var errs []error
	if c.Timeout <= 0 {
		errs = append(errs, fmt.Errorf("timeout %s: must be positive", c.Timeout))
	}
	return errors.Join(errs...)
}
