package sandbox

import (
	"strings"
	"time"

	"github.com/ordercenter/ordercenter/shared/sandbox/faults"
	"github.com/ordercenter/ordercenter/shared/sandbox/journal"
	"github.com/ordercenter/ordercenter/shared/sandbox/route"
)

// Defaults of Config.
const (
	// DefaultMaxHang is how long a timeout_next fault holds a push call
	// when the caller does not give up first.
	DefaultMaxHang = faults.DefaultMaxHang
	// DefaultMaxCalls is how many recorded calls are kept.
	DefaultMaxCalls = journal.DefaultMax
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

// setDefaults fills the fields left zero but MaxHang and MaxCalls, which
// the faults and the journal default.
func (c *Config) setDefaults() {
	c.Prefix = strings.TrimSuffix(c.Prefix, "/")
	if c.Now == nil {
		c.Now = time.Now
	}
}

// validate names the problem of a defaulted config.
func (c *Config) validate() error {
	return route.CheckPrefix(c.Prefix)
}
