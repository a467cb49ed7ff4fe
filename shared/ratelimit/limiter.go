package ratelimit

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// gcra checks every key's limit and spends one request of each only if
// all allow it. KEYS: one per limit. ARGV: now (µs), then per key its
// interval and period (µs). Returns 0 when allowed, else the wait in µs.
var gcra = redis.NewScript(`
local now = tonumber(ARGV[1])
local news, wait = {}, 0
for i = 1, #KEYS do
  local interval, period = tonumber(ARGV[2*i]), tonumber(ARGV[2*i+1])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0') or 0
  if tat < now then tat = now end
  local nt = tat + interval
  local w = nt - period - now
  if w > wait then wait = w end
  news[i] = nt
end
if wait > 0 then return string.format('%d', wait) end
for i = 1, #KEYS do
  local ttl = math.floor((news[i] - now) / 1000) + 1
  redis.call('SET', KEYS[i], string.format('%d', news[i]), 'PX', ttl)
end
return '0'
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
	rdb    redis.Scripter
	prefix string
	now    func() time.Time
}

// New returns a limiter keeping its keys under prefix (for example
// "oc:rl:"). now is the clock (time.Now when nil).
func New(rdb redis.Scripter, prefix string, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{rdb: rdb, prefix: prefix, now: now}
}

// Allow spends one request of every check, or none. It returns 0 when
// the request may go ahead, else how long until it would.
func (l *Limiter) Allow(ctx context.Context, checks ...Check) (time.Duration, error) {
	keys := make([]string, 0, len(checks))
	args := []any{l.now().UnixMicro()}
	for _, c := range checks {
		if c.Limit.Off() || c.Subject == "" {
			continue
		}
		keys = append(keys, l.prefix+c.Name+":"+c.Subject)
		args = append(args, c.Limit.interval(), c.Limit.Period.Microseconds())
	}
	if len(keys) == 0 {
		return 0, nil
	}
	wait, err := gcra.Run(ctx, l.rdb, keys, args...).Int64()
	if err != nil {
		return 0, fmt.Errorf("rate limit: %w", err)
	}
	return time.Duration(wait) * time.Microsecond, nil
}
