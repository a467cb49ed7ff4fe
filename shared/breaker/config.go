package breaker

import "time"

// Defaults of Config.
const (
	DefaultFailures = 5
	DefaultOpenFor  = 2 * time.Second
)

// Config shapes a Breaker; zero fields take the defaults. It is the one
// place a breaker is configured: the clients of package httpcall (the
// catalog, the payment provider, the push gateway) and the dependencies of
// package guard all build theirs from one.
type Config struct {
	// Failures is how many failures in a row open the breaker (default
	// DefaultFailures).
	Failures int
	// OpenFor is how long an open breaker refuses calls before it lets a
	// trial call through (default DefaultOpenFor).
	OpenFor time.Duration
}

// WithDefaults returns c with the fields it leaves unset (zero, or a
// negative number) taken from d: how a client gives its breaker defaults
// of its own.
func (c Config) WithDefaults(d Config) Config {
	if c.Failures <= 0 {
		c.Failures = d.Failures
	}
	if c.OpenFor <= 0 {
		c.OpenFor = d.OpenFor
	}
	return c
}

func (c *Config) setDefaults() {
	*c = c.WithDefaults(Config{Failures: DefaultFailures, OpenFor: DefaultOpenFor})
}
