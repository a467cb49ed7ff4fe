package redisclient

import (
	"time"

	"github.com/redis/go-redis/v9"
)

// Defaults of the clients' options (see the package documentation).
const (
	DefaultTimeout     = 200 * time.Millisecond
	DefaultPoolTimeout = 300 * time.Millisecond
	// DefaultPoolSize is the most connections of one server, of each
	// node of a cluster, and of a Sentinel's primary.
	DefaultPoolSize   = 16
	DefaultMaxRetries = 1
	// DefaultMaxRedirects is how often a cluster command is tried again
	// after a redirect or a network failure: one redirect (a slot that
	// moved, as after a failover) and one retry, or two retries.
	DefaultMaxRedirects = 2
)

// Tune sets the serverless deadlines and pool of the package on the
// options of one server, where opts leaves them at their zero value.
func Tune(opts *redis.Options) {
	knobs{&opts.DialTimeout, &opts.ReadTimeout, &opts.WriteTimeout, &opts.PoolTimeout,
		&opts.PoolSize, &opts.MaxRetries, &opts.ContextTimeoutEnabled}.set()
}

// TuneCluster sets them on the options of a cluster: the same deadlines,
// the pool per node, and DefaultMaxRedirects tries in place of the
// nodes' own retries (left at none).
func TuneCluster(opts *redis.ClusterOptions) {
	knobs{&opts.DialTimeout, &opts.ReadTimeout, &opts.WriteTimeout, &opts.PoolTimeout,
		&opts.PoolSize, nil, &opts.ContextTimeoutEnabled}.set()
	if opts.MaxRedirects == 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
}

// TuneFailover sets them on the options of a Sentinel-watched primary,
// as for one server (the Sentinels are asked with the same deadlines).
func TuneFailover(opts *redis.FailoverOptions) {
	knobs{&opts.DialTimeout, &opts.ReadTimeout, &opts.WriteTimeout, &opts.PoolTimeout,
		&opts.PoolSize, &opts.MaxRetries, &opts.ContextTimeoutEnabled}.set()
}

// knobs are the fields of one kind of options that the package tunes;
// a nil one is left alone.
type knobs struct {
	dial, read, write, pool *time.Duration
	size, retries           *int
	contextTimeout          *bool
}

// set gives every knob at its zero value the package's default, and
// makes the client honour its callers' deadlines.
func (k knobs) set() {
	for d, v := range map[*time.Duration]time.Duration{k.dial: DefaultTimeout, k.read: DefaultTimeout,
		k.write: DefaultTimeout, k.pool: DefaultPoolTimeout} {
		if *d == 0 {
			*d = v
		}
	}
	if *k.size == 0 {
		*k.size = DefaultPoolSize
	}
	if k.retries != nil && *k.retries == 0 {
		*k.retries = DefaultMaxRetries
	}
	*k.contextTimeout = true
}
