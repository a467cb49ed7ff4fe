package redistest

import (
	"testing"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// Each runs fn against the real Redis of Client (one server or the
// cluster) and against miniredis (the local runner's in-process Redis),
// each in a subtest of its own, so that scripts are known to work on
// both.
func Each(t *testing.T, fn func(t *testing.T, rdb redis.UniversalClient)) {
	t.Run("redis", func(t *testing.T) { fn(t, Client(t)) })
	t.Run("miniredis", func(t *testing.T) {
		m := miniredis.RunT(t)
		rdb := redis.NewClient(&redis.Options{Addr: m.Addr()})
		t.Cleanup(func() { _ = rdb.Close() })
		fn(t, rdb)
	})
}
