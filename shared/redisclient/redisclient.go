// Package redisclient builds the Redis client every function and the
// runner use (package app calls it): sized and timed for serverless
// functions, and guarded by a circuit breaker, so that a Redis that hangs
// costs a call at most its deadline and, once the breaker opens, almost
// nothing.
//
// The deadlines (Options): a dial, a read and a write each end after
// DefaultTimeout (200 ms), a connection is waited for at most
// DefaultPoolTimeout (300 ms), and a failed command is retried once, so a
// hung Redis costs one command about half a second at the worst and a
// call of place-order (a few commands) under a second, well inside its
// 5 s. After breaker.DefaultFailures failures in a row the breaker opens
// and commands fail at once with an *breaker.OpenError (wrapping
// breaker.ErrOpen) for breaker.DefaultOpenFor, then one trial command is
// let through. Answers Redis gives (redis.Nil, a script error) are not
// failures of Redis.
package redisclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/breaker"
)

// Defaults of the client's options.
const (
	DefaultTimeout     = 200 * time.Millisecond
	DefaultPoolTimeout = 300 * time.Millisecond
	DefaultPoolSize    = 16
	DefaultMaxRetries  = 1
)

// Client is a Redis client with its breaker.
type Client struct {
	*redis.Client
	breaker *breaker.Breaker
}

// New returns the client of the Redis at url (redis:// or rediss://),
// with the package's deadlines and pool, guarded by a breaker named
// "redis". It makes no network call.
func New(url string) (*Client, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, errors.New("not a redis:// or rediss:// URL")
	}
	Tune(opts)
	c := &Client{Client: redis.NewClient(opts), breaker: breaker.New("redis", breaker.Config{})}
	c.AddHook(guard{c.breaker})
	return c, nil
}

// Tune sets the serverless deadlines and pool of the package on opts,
// where opts leaves them at their zero value.
func Tune(opts *redis.Options) {
	set := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	set(&opts.DialTimeout, DefaultTimeout)
	set(&opts.ReadTimeout, DefaultTimeout)
	set(&opts.WriteTimeout, DefaultTimeout)
	set(&opts.PoolTimeout, DefaultPoolTimeout)
	if opts.PoolSize == 0 {
		opts.PoolSize = DefaultPoolSize
	}
	if opts.MaxRetries == 0 {
		opts.MaxRetries = DefaultMaxRetries
	}
	opts.ContextTimeoutEnabled = true
}

// Open reports whether the breaker refuses commands now.
func (c *Client) Open() bool { return c.breaker.Open() }

// guard is the hook that puts every command through the breaker.
type guard struct{ b *breaker.Breaker }

// DialHook implements redis.Hook: dials pass as they are (a failed dial
// fails the command, which the breaker counts).
func (g guard) DialHook(next redis.DialHook) redis.DialHook { return next }

// ProcessHook implements redis.Hook: one command through the breaker.
func (g guard) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		done, err := g.b.Allow()
		if err != nil {
			cmd.SetErr(fmt.Errorf("redis %s: %w", cmd.Name(), err))
			return cmd.Err()
		}
		err = next(ctx, cmd)
		done(outcome(ctx, err))
		return err
	}
}

// ProcessPipelineHook implements redis.Hook: one pipeline (or
// transaction) through the breaker as one call.
func (g guard) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		done, err := g.b.Allow()
		if err != nil {
			for _, cmd := range cmds {
				cmd.SetErr(fmt.Errorf("redis pipeline: %w", err))
			}
			return err
		}
		err = next(ctx, cmds)
		done(outcome(ctx, err))
		return err
	}
}

// outcome is what an error says of Redis: a reply (redis.Nil, an error
// Redis answered) is a success; the caller's own end is no verdict; a
// network failure or timeout is a failure.
func outcome(ctx context.Context, err error) breaker.Outcome {
	var reply redis.Error
	var netErr net.Error
	switch {
	case err == nil, errors.Is(err, redis.Nil):
		return breaker.Success
	case ctx.Err() != nil:
		return breaker.Ignored
	case errors.As(err, &netErr), errors.Is(err, redis.ErrPoolTimeout), errors.Is(err, context.DeadlineExceeded):
		return breaker.Failure
	case errors.As(err, &reply):
		return breaker.Success
	}
	return breaker.Failure
}
