package guard

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// CacheConfig tunes a Cache.
type CacheConfig struct {
	// Prefix starts every Redis key of the cache, for example
	// "oc:cache:".
	Prefix string
	// TTL is how long an entry lives in Redis (default 5 s).
	TTL time.Duration
	// LocalTTL is how long an entry lives in the process (default 1 s;
	// negative turns the in-process layer off).
	LocalTTL time.Duration
	// LocalMax bounds the in-process entries (default 10,000); when full
	// the layer starts afresh.
	LocalMax int
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

func (c *CacheConfig) setDefaults() {
	if c.TTL <= 0 {
		c.TTL = 5 * time.Second
	}
	if c.LocalTTL == 0 {
		c.LocalTTL = time.Second
	}
	if c.LocalMax <= 0 {
		c.LocalMax = 10_000
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Cache keeps byte values briefly: in the process, then in Redis. It is
// a cache, never a source of truth: every miss and every Redis failure
// falls through to the caller's loader. Safe for concurrent use.
type Cache struct {
	rdb   redis.Cmdable
	cfg   CacheConfig
	local *localCache
}

// NewCache returns a cache over rdb.
func NewCache(rdb redis.Cmdable, cfg CacheConfig) *Cache {
	cfg.setDefaults()
	c := &Cache{rdb: rdb, cfg: cfg}
	if cfg.LocalTTL > 0 {
		c.local = newLocalCache(cfg.LocalMax)
	}
	return c
}

// GetMany returns the values found for keys (missing keys are absent
// from the map). A Redis failure is returned with what the in-process
// layer had; callers treat it as a miss.
func (c *Cache) GetMany(ctx context.Context, keys []string) (map[string][]byte, error) {
	found := make(map[string][]byte, len(keys))
	var remote []string
	now := c.cfg.Now()
	for _, k := range keys {
		if v, ok := c.local.get(k, now); ok {
			found[k] = v
		} else {
			remote = append(remote, k)
		}
	}
	if len(remote) == 0 {
		return found, nil
	}
	// One GET per key in one pipeline, not an MGET: on a cluster the
	// keys are in slots of their own, and the pipeline asks every node
	// at once.
	cmds := make([]*redis.StringCmd, len(remote))
	_, _ = c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, k := range remote {
			cmds[i] = p.Get(ctx, c.cfg.Prefix+k)
		}
		return nil
	})
	var failed error
	for i, cmd := range cmds {
		v, err := cmd.Bytes()
		switch {
		case err == nil:
			found[remote[i]] = v
			c.local.put(remote[i], v, now.Add(c.cfg.LocalTTL))
		case !errors.Is(err, redis.Nil) && failed == nil:
			failed = fmt.Errorf("cache get: %w", err)
		}
	}
	return found, failed
}

// SetMany stores the values in both layers, in one pipeline (one round
// trip; on a cluster, every node at once).
func (c *Cache) SetMany(ctx context.Context, values map[string][]byte) error {
	if len(values) == 0 {
		return nil
	}
	now := c.cfg.Now()
	_, err := c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for k, v := range values {
			p.Set(ctx, c.cfg.Prefix+k, v, c.cfg.TTL)
			c.local.put(k, v, now.Add(c.cfg.LocalTTL))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("cache set: %w", err)
	}
	return nil
}
