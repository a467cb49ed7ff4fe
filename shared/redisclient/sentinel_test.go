package redisclient_test

import (
	"context"
	"testing"
	"time"

	"github.com/ordercenter/ordercenter/shared/redisclient"
	"github.com/ordercenter/ordercenter/shared/redistest"
	"github.com/ordercenter/ordercenter/shared/secrets/secretstest"
)

// A Sentinel client authenticates to the Sentinels and to the primary
// with their own passwords, tells a wrong one or an unknown primary at
// start, and writes to the new primary after a failover.
func TestSentinel(t *testing.T) {
	g := redistest.Sentinel(t)
	cfg := redisclient.Config{SentinelAddrs: g.Addrs, SentinelMaster: g.Master}
	files := func(password, sentinelPassword string) string {
		return secretstest.Dir(t, map[string]string{"redis-password": password, "redis-sentinel-password": sentinelPassword})
	}
	c := open(t, cfg, files(g.Password, g.SentinelPassword))
	assertWorks(t, c)
	t.Run("wrong password", func(t *testing.T) {
		assertRefused(t, open(t, cfg, files("wrong", g.SentinelPassword)), "redis-password")
	})
	t.Run("wrong Sentinel password", func(t *testing.T) {
		assertRefused(t, open(t, cfg, files(g.Password, "wrong")), "redis-sentinel-password")
	})
	t.Run("no Sentinel password", func(t *testing.T) {
		assertRefused(t, open(t, cfg, secretstest.Dir(t, map[string]string{"redis-password": g.Password})), "redis-sentinel-password")
	})
	t.Run("unknown primary", func(t *testing.T) {
		other := redisclient.Config{SentinelAddrs: g.Addrs, SentinelMaster: "other"}
		assertRefused(t, open(t, other, files(g.Password, g.SentinelPassword)), "REDIS_SENTINEL_MASTER")
	})
	t.Run("failover", func(t *testing.T) {
		g.WaitFailover(t, g.KillPrimary(t))
		ctx := context.Background()
		var err error
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if err = c.Set(ctx, "oc:after", "1", 0).Err(); err == nil {
				return
			}
		}
		t.Fatalf("no write after the failover: %v", err)
	})
}
