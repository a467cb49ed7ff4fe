package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ordercenter/ordercenter/shared/redisscript"
)

// spend checks one subject's limit and spends one request of it if it
// allows one. KEYS: the subject's key. ARGV: now, interval, period (µs).
// Returns 0 when spent, else the wait in µs.
var spend = redis.NewScript(`
local now, interval, period = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if tat < now then tat = now end
local nt = tat + interval
local wait = nt - period - now
if wait > 0 then return string.format('%d', wait) end
redis.call('SET', KEYS[1], string.format('%d', nt), 'PX', math.floor((nt - now) / 1000) + 1)
return '0'
`)

// giveBack returns one request spent of a subject's limit. KEYS: the
// subject's key. ARGV: now, interval (µs). It commutes with any spend
// and give-back of other requests.
var giveBack = redis.NewScript(`
local now, interval = tonumber(ARGV[1]), tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '')
if not tat then return 0 end
local nt = tat - interval
if nt <= now then return redis.call('DEL', KEYS[1]) end
redis.call('SET', KEYS[1], string.format('%d', nt), 'PX', math.floor((nt - now) / 1000) + 1)
return 1
`)

// Check is one limit applied to one subject.
type Check struct {
	// Name tells the limits apart in keys ("user", "addr").
	Name string
	// Subject is who is limited (a user id, an address); an empty
	// subject is not limited.
	Subject string
	// Limit is the allowance; a limit that is Off is not checked.
	Limit Limit
}

// Limiter checks limits in Redis. Safe for concurrent use.
type Limiter struct {
	rdb    redisscript.Redis
	prefix string
	now    func() time.Time
}

// New returns a limiter keeping its keys under prefix (for example
// "oc:rl:"; no braces: the keys' hash tags follow it). now is the clock
// (time.Now when nil).
func New(rdb redisscript.Redis, prefix string, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{rdb: rdb, prefix: prefix, now: now}
}

// Allow spends one request of every check, or none (see the package
// documentation): it returns 0 when the request may go ahead, else how
// long until it would.
func (l *Limiter) Allow(ctx context.Context, checks ...Check) (time.Duration, error) {
	now := l.now().UnixMicro()
	var spends []redisscript.Call
	for _, c := range checks {
		if c.Limit.Off() || c.Subject == "" {
			continue
		}
		spends = append(spends, redisscript.Call{Script: spend, Keys: []string{l.key(c)},
			Args: []any{now, c.Limit.interval(), c.Limit.Period.Microseconds()}})
	}
	if len(spends) == 0 {
		return 0, nil
	}
	var wait int64
	var spent []redisscript.Call
	var errs []error
	for i, cmd := range redisscript.Run(ctx, l.rdb, spends...) {
		w, err := cmd.Int64()
		switch {
		case err != nil:
			errs = append(errs, err)
		case w > 0:
			wait = max(wait, w)
		default:
			spent = append(spent, redisscript.Call{Script: giveBack, Keys: spends[i].Keys, Args: spends[i].Args[:2]})
		}
	}
	if (wait > 0 || len(errs) > 0) && len(spent) > 0 {
		// Best effort: a give-back that fails costs its subject one
		// request of its allowance, never more.
		_ = redisscript.Run(ctx, l.rdb, spent...)
	}
	if err := errors.Join(errs...); err != nil {
		return 0, fmt.Errorf("rate limit: %w", err)
	}
	return time.Duration(wait) * time.Microsecond, nil
}

// key is the subject's key: its hash tag is the subject, so limits of
// different subjects spread over the slots of a cluster, and a user's
// limit lives in the slot of the user's other keys ({user:<id>}).
func (l *Limiter) key(c Check) string { return l.prefix + "{" + c.Name + ":" + c.Subject + "}" }
