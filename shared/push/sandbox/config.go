package sandbox

import (
	"fmt"
	"strings"
	"time"
)

// Defaults of Config.
const (
	// DefaultMaxHang is how long a timeout_next fault holds a call when
	// the caller does not give up first.
	DefaultMaxHang = 30 * time.Second
	// DefaultMaxCalls is how many recorded calls are kept.
	DefaultMaxCalls = 1000
)

// Config is what a Gateway needs; every field has a default.
type Config struct {
	// Prefix is the path the gateway is mounted at, such as
	// "/sandbox/push" (no trailing slash). Empty: routes at the root.
	Prefix string
	// Now is the clock of records; default time.Now.
	Now func() time.Time
	// MaxHang bounds a timeout_next fault; default DefaultMaxHang.
	MaxHang time.Duration
	// MaxCalls is how many recorded calls are kept, the oldest dropped
	// first; default DefaultMaxCalls.
	MaxCalls int
}

// setDefaults fills the fields left zero.
func (c *Config) setDefaults() {
	c.Prefix = strings.TrimSuffix(c.Prefix, "/")
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.MaxHang <= 0 {
		c.MaxHang = DefaultMaxHang
	}
	if c.MaxCalls <= 0 {
		c.MaxCalls = DefaultMaxCalls
	}
}

// validate names the problem of a defaulted config.
func (c *Config) validate() error {
	if c.Prefix != "" && !strings.HasPrefix(c.Prefix, "/") {
		return fmt.Errorf("prefix %q does not start with /", c.Prefix)
	}
	return nil
}
